#include "judging.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <vector>

#include <racelab/cli.hpp>

#include "excerpt.hpp"

namespace racelab::grade {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

void add_reason(std::vector<std::string>& reasons, std::string reason) {
  reason = printable(trimmed(reason));
  if (reason.empty()) reason = "the check gave no reason";
  if (std::ranges::find(reasons, reason) == reasons.end()) reasons.push_back(std::move(reason));
}

// What GoogleTest's output says of the checks that skipped.
struct Skips {
  unsigned plain = 0;                // skips that prove nothing: failures
  unsigned unmeasurable = 0;         // skips by RACELAB_SKIP_UNMEASURABLE() in the checks
  std::vector<std::string> reasons;  // of the unmeasurable ones, each once
};

// One check's output, from "[ RUN      ] NAME" to "[  SKIPPED ] NAME (N ms)":
//   /src/tests/parallelism/functional_test.cpp:88: Skipped
//   not measurable on this machine: one core
// It is unmeasurable when every skip in it was made in the checks (not in an exercise file) with
// the prefix: lines that a student's code printed can add a skip but never take the real one away.
bool unmeasurable_skip(const std::vector<std::string>& check, std::vector<std::string>& reasons) {
  static const std::regex skip_site(R"(^(.*):[0-9]+: Skipped$)");
  static const std::regex exercise_file(R"((^|/)labs/[a-z_]+/[a-z_]+\.hpp$)");
  std::vector<std::string> found;
  bool any = false;
  for (std::size_t i = 0; i < check.size(); ++i) {
    std::smatch match;
    if (!std::regex_match(check[i], match, skip_site)) continue;
    any = true;
    const std::string file = match[1];
    const bool with_prefix = i + 1 < check.size() && check[i + 1].starts_with(kUnmeasurablePrefix);
    if (std::regex_search(file, exercise_file) || !with_prefix) return false;
    found.push_back(check[i + 1].substr(kUnmeasurablePrefix.size()));
  }
  for (auto& reason : found) add_reason(reasons, std::move(reason));
  return any;
}

Skips skips_in(std::string_view output) {
  constexpr std::string_view kRun = "[ RUN      ] ";
  constexpr std::string_view kSkipped = "[  SKIPPED ] ";
  Skips skips;
  std::string name;  // the check under way, if any
  std::vector<std::string> check;
  for (const std::string& line : lines_of(output)) {
    if (line.starts_with(kRun)) {
      name = line.substr(kRun.size());
      check.clear();
      continue;
    }
    if (name.empty()) continue;
    if (line.starts_with(std::string(kSkipped) + name + " (")) {
      std::vector<std::string> reasons;
      if (unmeasurable_skip(check, reasons)) {
        ++skips.unmeasurable;
        for (auto& reason : reasons) add_reason(skips.reasons, std::move(reason));
      } else {
        ++skips.plain;
      }
      name.clear();
    } else if (line.starts_with("[       OK ] " + name) ||
               line.starts_with("[  FAILED  ] " + name)) {
      name.clear();
    } else {
      check.push_back(line);
    }
  }
  // A skip that no check's block accounts for (the summary lists every skipped check) is plain.
  if (skips.plain + skips.unmeasurable == 0 && output.find(kSkipped) != std::string_view::npos) {
    skips.plain = 1;
  }
  return skips;
}

// The line in which a lab program says why it could not measure, or its last line.
std::string program_reason(std::string_view output) {
  const auto lines = lines_of(output);
  for (const auto& line : lines) {
    if (const auto at = line.find(kUnmeasurablePrefix); at != std::string::npos) {
      return printable(trimmed(line.substr(at + kUnmeasurablePrefix.size())));
    }
  }
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (!trimmed(*line).empty()) return printable(trimmed(*line));
  }
  return fmt::format("the program exited with status {} (it cannot measure here) without a reason",
                     static_cast<int>(cli::kUnmeasurable));
}

}  // namespace

RunJudgement judge_run(const Outcome& outcome, bool gtest) {
  if (!gtest) {
    if (outcome.ending == Ending::exited && outcome.status == cli::kUnmeasurable) {
      return {RunVerdict::unmeasurable, program_reason(outcome.output)};
    }
    return {outcome.passed() ? RunVerdict::passed : RunVerdict::failed, {}};
  }
  // A failing check fails the run, whatever else skipped.
  if (!outcome.passed()) return {RunVerdict::failed, {}};
  const Skips skips = skips_in(outcome.output);
  if (skips.plain > 0) {
    return {RunVerdict::failed, "a check was skipped, which proves nothing (its reason is below)"};
  }
  if (skips.unmeasurable > 0) {
    return {RunVerdict::unmeasurable, fmt::format("{}", fmt::join(skips.reasons, "; "))};
  }
  // GoogleTest's own count of the checks that passed ("[  PASSED  ] 3 tests."): a part whose
  // filter selects nothing has proved nothing.
  constexpr std::string_view kPassed = "[  PASSED  ] ";
  const auto at = outcome.output.rfind(kPassed);  // its summary comes last
  const std::size_t count = at == std::string::npos ? at : at + kPassed.size();
  const bool any_ran = count < outcome.output.size() &&
                       std::isdigit(static_cast<unsigned char>(outcome.output[count])) != 0 &&
                       outcome.output[count] != '0';
  if (!any_ran) {
    return {RunVerdict::failed,
            "no check ran: a bug in the grader, unless the exercise file stopped the checks", true};
  }
  return {RunVerdict::passed, {}};
}

void count_run(Part& part, const RunJudgement& run) {
  if (run.verdict == RunVerdict::unmeasurable) {
    part.this_run_unmeasured = true;
    if (part.unmeasured_why.empty()) part.unmeasured_why = run.why;
  }
  if (++part.next_command < part.commands.size()) return;
  part.next_command = 0;
  if (!part.this_run_unmeasured) ++part.runs_judged;
  part.this_run_unmeasured = false;
  if (++part.runs_done < part.runs) return;
  if (part.runs_judged == 0) {
    mark_not_gradable(part, part.runs > 1
                                ? fmt::format("{} (in all {} runs)", part.unmeasured_why, part.runs)
                                : part.unmeasured_why);
    return;
  }
  part.status = Status::passed;
  part.points = part.max_points;
  part.reason = part.runs > 1 ? fmt::format("passed all {} runs", part.runs) : "passed";
  if (part.runs_judged < part.runs) {
    part.reason += fmt::format("; {} of them could not measure every claim here ({})",
                               part.runs - part.runs_judged, part.unmeasured_why);
  }
  part.output.clear();
}

void mark_not_gradable(Part& part, const std::string& why) {
  part.status = Status::not_gradable;
  part.points = part.when_unmeasurable == WhenUnmeasurable::full ? part.max_points : 0;
  part.reason = fmt::format("not gradable on this machine: {} (rubric: when-unmeasurable {})", why,
                            name_of(part.when_unmeasurable));
  part.output.clear();
}

}  // namespace racelab::grade
