// gtest_output.hpp — GoogleTest's own wording of a failed expectation, which scripts/lab check
// (main.cpp) and the grader's excerpts (scripts/grader/excerpt.cpp) leave out where the check's
// own message says what failed, in the lab's words and with its figures.
//
//   /work/racelab/tests/lost_update/functional_test.cpp:27: Failure    the site
//   Expected equality of these values:                                  the wording
//     result.actual
//       Which is: 14357049
//     result.expected
//       Which is: 20687872
//   6330823 deposits were lost                                          the check's message
//
// A check that gives no message has only the wording to say what failed, and keeps it.
#pragma once

#include <regex>
#include <string>

namespace racelab::reader {

// Where an expectation in a check's own files (tests/) failed.
inline bool is_failure_site(const std::string& line) {
  static const std::regex failed_at(R"(^\S*tests/\S+\.[ch]pp:[0-9]+: Failure$)");
  return std::regex_match(line, failed_at);
}

// GoogleTest's wording, between the site and the check's message: "Expected equality of these
// values:" with each operand and its "Which is:" value (indented), "Value of: x" / "  Actual:
// false" / "Expected: true", "Expected: (a) <= (b), actual: 1 vs 2", a string's "With diff:".
inline bool is_expectation_wording(const std::string& line) {
  return line.starts_with("Expected equality of these values:") || line.starts_with("  ") ||
         line.starts_with("Value of: ") || line.starts_with("Expected: ") ||
         line.starts_with("Actual: ") || line.starts_with("With diff:");
}

// Whether LINE, the first after GoogleTest's wording, is the check's own message: not blank, not
// GoogleTest's next line ("[  FAILED  ] ...", another site, FAIL()'s "Failed"), not ctest's line
// for the next test (a check that crashed right after its failure), not a sanitizer's report.
inline bool is_checks_message(const std::string& line) {
  static const std::regex ctest_result(R"(^ *[0-9]+/[0-9]+ Test +#[0-9]+: )");
  return !line.empty() && !line.starts_with("[") && line != "Failed" && !is_failure_site(line) &&
         !line.starts_with("WARNING: ThreadSanitizer") && !line.starts_with("==") &&
         !std::regex_search(line, ctest_result);
}

}  // namespace racelab::reader
