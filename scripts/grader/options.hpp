// options.hpp — racelab-grade's command line (scripts/grade passes --root; a user may pass the
// rest), and its exit statuses.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace racelab::grade {

inline constexpr int kUsage = 2;  // bad usage, or the grader's own defect
inline constexpr int kInterrupted = 130;

// A mistake on the command line: one line, exit status kUsage.
class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::filesystem::path root;    // racelab's own tree: checks, build, rubric, declarations
  std::filesystem::path labs;    // the submission's labs/ (default: root/labs)
  std::filesystem::path report;  // where the reports go (default: work/report)
  std::filesystem::path rubric;  // default: root/rubric.txt
  std::filesystem::path work;    // default: root/build/grade
  std::vector<std::pair<std::string, std::string>> only;  // lab, technique ("" = all)
  std::optional<unsigned> repeat;
  unsigned jobs = 2;
  bool autolab = false;
};

// Parses argv; throws UsageError. --help prints the usage and exits 0.
Options parse_options(int argc, char** argv);

}  // namespace racelab::grade
