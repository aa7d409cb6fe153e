// judging.hpp — what one run of a graded command proves, and what a part's runs add up to.
//
// Three verdicts, not two: a run passes, fails, or finds that this machine cannot measure the
// claim (one core has no speedup to show; cores too busy to give two threads more than one). The
// checks say so themselves, by conventions the grader shares with them:
//   - a lab program exits with racelab::cli::kUnmeasurable (4) and prints a line saying why;
//   - a GoogleTest check skips with a message that begins with kUnmeasurablePrefix
//     (RACELAB_SKIP_UNMEASURABLE() in tests/support/unmeasurable.hpp).
// Any other skip is a failure: a skipped check proves nothing. So is a skip whose GTEST_SKIP is
// in an exercise file: only the checks may declare the machine unable to judge them.
#pragma once

#include <string>
#include <string_view>

#include "grade.hpp"
#include "sandbox.hpp"

namespace racelab::grade {

// The same text as RACELAB_UNMEASURABLE_PREFIX (tests/grading/judging_test.cpp checks it): the
// grader does not include a header that includes GoogleTest.
inline constexpr std::string_view kUnmeasurablePrefix = "not measurable on this machine: ";

enum class RunVerdict { passed, failed, unmeasurable };

struct RunJudgement {
  RunVerdict verdict = RunVerdict::failed;
  // failed: why, when the output alone says (empty: the caller words it from the outcome);
  // unmeasurable: the check's own reason, without the prefix.
  std::string why;
  bool grader_defect = false;  // no check ran at all: the plan's filter selects nothing
};

// `gtest`: the command is a GoogleTest binary (its output has GoogleTest's summary).
RunJudgement judge_run(const Outcome& outcome, bool gtest);

// Counts a run of the part's current command that did not fail; once the part's every run is
// done, decides it: passed when at least one run judged every claim (each of its commands passed
// without an unmeasurable skip), not gradable here when none could. A run that fails is for the
// caller (Part::fail), and fails the part whatever the other runs found.
void count_run(Part& part, const RunJudgement& run);

// Marks the part as not gradable on this machine, with its points by the rubric's policy.
void mark_not_gradable(Part& part, const std::string& why);

}  // namespace racelab::grade
