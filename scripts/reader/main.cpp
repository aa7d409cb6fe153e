// racelab-reader — ThreadSanitizer's output, read in the lab's own words (explain.hpp); with
// --relacy, a failing model check's Relacy report as a timeline (relacy_timeline.hpp).
//
//   racelab-reader [OPTIONS] [FILE]      the reports in FILE (default: standard input)
//
// scripts/lab run puts a lab program's standard error through it with --stream, scripts/lab check
// and replay a model check's output with --relacy; the grader calls the same code as a library
// (scripts/grader/excerpt.cpp). Exit status: 0, or 2 for bad usage or an input it cannot read.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "explain.hpp"
#include "gtest_output.hpp"
#include "relacy_timeline.hpp"

namespace {

using racelab::reader::Context;
using racelab::reader::Explained;
using racelab::reader::is_checks_message;
using racelab::reader::is_expectation_wording;
using racelab::reader::is_failure_site;

constexpr std::string_view kHelp =
    R"(racelab-reader — ThreadSanitizer's and Relacy's reports in the lab's own words

usage: racelab-reader [OPTIONS] [FILE]
  FILE             ThreadSanitizer's output (default: standard input)
  --stream         copy every line that is not part of a report through as it comes (a running
                   program's standard error), and print the reports' short form at the end
  --raw PATH       keep the whole input in PATH, and name it on the last line
  --relacy         the input is model checks' output: each Relacy report as a timeline of the
                   failing execution; with --stream, checks' output as ctest prints it (scripts/lab
                   check): each timeline in its report's place, each test's ThreadSanitizer
                   reports in their short form, GoogleTest's framing folded
  --raw-dir DIR    with --relacy: keep each report in DIR (LAB.SUITE.TEST.relacy.txt, a ctest
                   test's TEST.tsan.txt), named on its short form's last line
  --names PATH     the lock names the sync layer recorded (the program ran with RACELAB_NAMES=PATH;
                   with --relacy --stream, the checks did)
  --sources DIR    where the lab's files are (labs/, solutions/, tests/); default: the paths the
                   report names
  --max N          at most N verdicts (default 3)
  --json           one JSON object instead of text
  --help           this text
)";

struct Options {
  std::optional<std::string> input;
  std::optional<std::string> raw;
  std::optional<std::string> names;  // read at the end: the program writes it as it runs
  std::optional<std::string> raw_dir;
  bool stream = false;
  bool json = false;
  bool relacy = false;
  std::size_t max = 3;
  Context context;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "racelab-reader: %s (try --help)\n", message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) usage_error(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kHelp.data(), stdout);
      std::exit(0);
    } else if (arg == "--stream") {
      options.stream = true;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--relacy") {
      options.relacy = true;
    } else if (arg == "--raw-dir") {
      options.raw_dir = value();
    } else if (arg == "--raw") {
      options.raw = value();
    } else if (arg == "--names") {
      options.names = value();
    } else if (arg == "--sources") {
      options.context.sources = value();
    } else if (arg == "--max") {
      const std::string& text = value();
      char* end = nullptr;
      const unsigned long max = std::strtoul(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || max == 0 || max > 100) {
        usage_error("--max wants a whole number from 1 to 100, not '" + text + "'");
      }
      options.max = max;
    } else if (arg.starts_with("-") && arg != "-") {
      usage_error("unknown option '" + arg + "'");
    } else if (options.input) {
      usage_error("one input at most, not '" + arg + "' too");
    } else {
      options.input = arg;
    }
  }
  if (options.stream && options.input && *options.input != "-") {
    usage_error("--stream reads standard input, not a file");
  }
  if (options.relacy && (options.json || options.raw)) {
    usage_error("--relacy takes --stream, --raw-dir, --names and --sources, not --json or --raw");
  }
  if (options.raw_dir && !options.relacy) usage_error("--raw-dir goes with --relacy");
  return options;
}

// The input: the file named, else standard input (`file` keeps the file open).
std::istream& open_input(const Options& options, std::ifstream& file) {
  if (!options.input || *options.input == "-") return std::cin;
  file.open(*options.input);
  if (!file) usage_error("cannot read '" + *options.input + "'");
  return file;
}

// Reads the input; in stream mode, passes through what is not a report as it comes.
std::string read_input(const Options& options, std::ostream* raw) {
  std::ifstream file;
  std::istream* in = &open_input(options, file);
  std::string text;
  bool inside = false;     // within a report, from its WARNING line to its SUMMARY line
  bool after_end = false;  // just after a SUMMARY: its closing rule follows
  std::string rule;        // a "=====" line held back (or ""): a report may follow it
  for (std::string line; std::getline(*in, line);) {
    text += line + "\n";
    if (raw != nullptr) *raw << line << '\n' << std::flush;
    if (!options.stream) continue;
    const bool is_rule = line.find_first_not_of('=') == std::string::npos && line.size() >= 10;
    if (line.starts_with("WARNING: ThreadSanitizer: ")) {
      inside = true;
      rule.clear();
      continue;
    }
    if (inside) {
      if (line.starts_with("SUMMARY: ThreadSanitizer: ")) {
        inside = false;
        after_end = true;
      }
      continue;
    }
    if (is_rule && after_end) {
      after_end = false;
      continue;
    }
    after_end = false;
    if (line.starts_with("ThreadSanitizer: reported ")) continue;  // the count: in the raw file
    if (!rule.empty()) std::cout << rule << '\n';
    rule.clear();
    if (is_rule) {
      rule = line;
      continue;
    }
    std::cout << line << '\n' << std::flush;
  }
  if (!rule.empty()) std::cout << rule << '\n';
  return text;
}

// A GoogleTest line ("[ RUN      ] ...", "[  FAILED  ] ...", "[----------] ..."), not one of
// Relacy's history ("[12] 0: ..."): a report cut short ends at the next one.
bool is_gtest_line(const std::string& line) {
  return line.size() > 1 && line[0] == '[' && (line[1] == ' ' || line[1] == '-' || line[1] == '=');
}

// ctest's, GoogleTest's and ThreadSanitizer's framing around what a check says: blank lines,
// banners, progress, tallies and lists of the failures (ctest's line for each test already says
// that it failed), TSan's rules and count. Folded in a stream of checks' output, where each test
// repeats a dozen.
bool is_framing(const std::string& line) {
  static const std::regex tally(R"(^ ?[0-9]+ FAILED TESTS?$)");
  static const std::regex listed(R"(^\t *[0-9]+ - [^ ]+ \(.*\)$)");  // ctest's list of failures
  // Where in a check's own files an expectation failed, and FAIL()'s "Failed": the test's name,
  // above, says which check, and the message or timeline below says what.
  const bool rule = line.size() >= 10 && line.find_first_not_of('=') == std::string::npos;
  return line.empty() || line.starts_with("    Start ") || line.starts_with("Test project ") ||
         line.starts_with("Total Test time") || line == "Errors while running CTest" ||
         line == "The following tests FAILED:" || std::regex_match(line, listed) ||
         line.starts_with("Running main() from ") || line.starts_with("Note: Google Test filter") ||
         line.starts_with("[==========]") || line.starts_with("[----------]") ||
         line.starts_with("[ RUN      ]") || line.starts_with("[       OK ]") ||
         line.starts_with("[  PASSED  ]") || line.starts_with("[  FAILED  ]") ||
         line.starts_with("[  SKIPPED ]") || line.starts_with("ThreadSanitizer: reported ") ||
         line == "Failed" || rule || std::regex_match(line, tally) || is_failure_site(line);
}

// Model checks' output (model_check.hpp) with each Relacy report in the lab's words: the report
// goes to a file, its timeline in its place. In stream mode (ctest's output, scripts/lab check)
// the other lines are copied through, each test's ThreadSanitizer reports as their short form
// at the end of its output (a race shown already, in one line), the framing folded away, and
// GoogleTest's wording of a failed expectation left out where the check's own message follows; a
// verdict line is shown once, or not at all when a timeline says it, and after the first
// timeline a failure shows its first line (its replay command, above it, shows the rest): a
// student fixes one at a time.
int read_relacy(const Options& options) {
  std::ifstream file;
  std::istream* in = &open_input(options, file);
  const bool colour = std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  std::string test_name, raw_name, ctest_name, last_verdict, pending_verdict, block, tsan;
  std::string wording;  // GoogleTest's, of the failed expectation whose site was the last line
  bool inside = false, inside_tsan = false, after_failure_site = false;
  std::size_t reports = 0, tsan_reports = 0;
  const auto raw_path = [&](const std::string& name, const char* kind) {
    return *options.raw_dir + "/" + name + "." + kind + ".txt";
  };
  const auto finish_block = [&] {
    inside = false;
    const auto report = racelab::reader::relacy::parse(block);
    if (!report) return;
    ++reports;
    const std::string text = racelab::verdict::render(
        racelab::reader::relacy::timeline(*report, options.context, test_name), colour);
    std::cout << (options.stream && reports > 1 ? text.substr(0, text.find('\n') + 1) : text);
    if (options.raw_dir) {
      const std::string path =
          raw_path(raw_name.empty() ? "relacy-" + std::to_string(reports) : raw_name, "relacy");
      std::ofstream raw(path);
      raw << last_verdict << '\n' << block;
      if (raw) std::cout << "raw report (Relacy's): " << path << '\n';
    }
    std::cout << std::flush;
  };
  // The verdicts already shown, by what they say of the lab's lines: another test's report of
  // the same race is one line. The key is the verdict's word, its variable (the summary up to
  // where the memory was: a heap block in one test, a stack in another) and the lines, not the
  // roles: worker 1 against worker 2 and worker 2 against worker 1 are one race.
  std::set<std::string> tsan_shown;
  const auto finish_tsan = [&] {
    if (tsan.empty()) return;
    // The names file grows as the checks run: read again for each test's reports.
    Context context = options.context;
    if (options.names) context.names.load(*options.names);
    Explained explained = racelab::reader::explain(tsan, context, options.max);
    std::vector<std::string> repeated;
    std::erase_if(explained.verdicts, [&](const racelab::verdict::Verdict& verdict) {
      const std::string what = verdict.summary.substr(0, verdict.summary.find("), "));
      std::set<std::string> lines;
      for (const auto& row : verdict.rows) lines.insert(row.where);
      std::string key = verdict.word + " " + what;
      for (const auto& line : lines) key += " " + line;
      if (tsan_shown.insert(key).second) return false;
      repeated.push_back(verdict.word + " " + what +
                         (what.size() < verdict.summary.size() ? ")" : "") +
                         ": the same lines as above");
      return true;
    });
    std::cout << racelab::reader::render(explained, colour);
    for (const std::string& line : repeated) std::cout << line << '\n';
    ++tsan_reports;
    if (options.raw_dir) {
      const std::string name = !ctest_name.empty()  ? ctest_name
                               : !test_name.empty() ? test_name
                                                    : "tsan-" + std::to_string(tsan_reports);
      const std::string path = raw_path(name, "tsan");
      std::ofstream raw(path);
      raw << tsan;
      if (raw) {
        std::cout << fmt::format("raw report ({} from ThreadSanitizer): {}\n", explained.reports,
                                 path);
      }
    }
    tsan.clear();
  };
  static const std::regex ctest_result(R"(^ *[0-9]+/[0-9]+ Test +#[0-9]+: ([^ ]+) )");
  for (std::string line; std::getline(*in, line);) {
    if (inside && line == "end of Relacy's report") {
      finish_block();
      continue;
    }
    if (inside && !is_gtest_line(line)) {
      block += line + "\n";
      continue;
    }
    if (inside) finish_block();
    if (options.stream && after_failure_site) {
      if (is_expectation_wording(line)) {
        wording += line + "\n";
        continue;
      }
      after_failure_site = false;
      // Without a message of the check's own, GoogleTest's wording is all there is to say what
      // failed. A model check's verdict line is its message, and the timeline under it says more.
      if (!is_checks_message(line)) std::cout << wording << std::flush;
      wording.clear();
    }
    if (options.stream && is_failure_site(line)) {
      after_failure_site = true;
      continue;
    }
    if (options.stream) {
      if (line.starts_with("WARNING: ThreadSanitizer: ")) inside_tsan = true;
      if (inside_tsan) {
        tsan += line + "\n";
        if (line.starts_with("SUMMARY: ThreadSanitizer: ")) inside_tsan = false;
        continue;
      }
      std::smatch match;
      const bool next_test = std::regex_search(line, match, ctest_result) ||
                             line.starts_with("    Start ") || line.starts_with("[  FAILED  ]") ||
                             line.starts_with("[       OK ]") ||
                             line.find("% tests passed") != std::string::npos;
      if (next_test) {
        if (!pending_verdict.empty()) std::cout << pending_verdict << '\n';
        pending_verdict.clear();
        finish_tsan();
      }
      if (!match.empty()) ctest_name = match[1];
    }
    if (line.starts_with("Relacy's report")) {
      inside = true;
      block.clear();
      pending_verdict.clear();  // the timeline's first line says it
      continue;
    }
    if (line.starts_with("[ RUN      ] ")) {
      test_name = line.substr(13);
      last_verdict.clear();
      raw_name.clear();
    }
    // "replay: scripts/lab replay LAB SUITE TEST STATE": the raw report's file is named after it.
    if (line.starts_with("replay: scripts/lab replay ")) {
      std::istringstream words(line.substr(27));
      std::string lab, suite, test;
      words >> lab >> suite >> test;
      raw_name = lab + "." + suite + "." + test;
    }
    if (line.starts_with("Relacy verdict: ")) {
      if (line == last_verdict) continue;
      last_verdict = line;
      // Held back in a stream: a failure's report follows, and its timeline says it.
      if (options.stream && !line.starts_with("Relacy verdict: SHARED STATE")) {
        pending_verdict = line;
        continue;
      }
    }
    if (!options.stream || is_framing(line)) continue;
    std::cout << line << '\n' << std::flush;
  }
  if (inside) finish_block();
  if (after_failure_site) std::cout << wording;
  if (!pending_verdict.empty()) std::cout << pending_verdict << '\n';
  if (options.stream) finish_tsan();
  if (reports == 0 && !options.stream) std::cout << "no Relacy report\n";
  return 0;
}

nlohmann::ordered_json as_json(const Explained& explained, const Options& options) {
  nlohmann::ordered_json out;
  out["schema"] = 1;
  out["reports"] = explained.reports;
  out["not_shown"] = explained.not_shown;
  out["verdicts"] = nlohmann::ordered_json::array();
  for (const auto& v : explained.verdicts) {
    nlohmann::ordered_json item;
    item["word"] = v.word;
    item["summary"] = v.summary;
    item["rows"] = nlohmann::ordered_json::array();
    for (const auto& row : v.rows) {
      item["rows"].push_back({{"who", row.who},
                              {"what", row.what},
                              {"where", row.where},
                              {"source", row.source},
                              {"detail", row.detail}});
    }
    item["conclusions"] = v.conclusions;
    out["verdicts"].push_back(std::move(item));
  }
  out["raw"] = options.raw ? nlohmann::ordered_json(*options.raw) : nlohmann::ordered_json();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  if (options.relacy) return read_relacy(options);
  std::ofstream raw;
  if (options.raw) {
    raw.open(*options.raw);
    if (!raw) usage_error("cannot write '" + *options.raw + "'");
  }
  const std::string text = read_input(options, options.raw ? &raw : nullptr);
  Context context = options.context;
  if (options.names) context.names.load(*options.names);
  const Explained explained = racelab::reader::explain(text, context, options.max);
  if (options.json) {
    std::cout << as_json(explained, options).dump() << '\n';
    return 0;
  }
  if (explained.reports == 0) {
    // Streamed (scripts/lab run), the silence is said out loud: a run that went wrong with no
    // report is a lesson (an overdraft, lost_update's split_atomic), not a reader that missed one.
    if (options.stream) {
      std::cout << "\nThreadSanitizer: no report, no data race seen in this run\n";
    } else {
      std::cout << "no ThreadSanitizer report\n";
    }
    return 0;
  }
  const bool colour = std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  if (options.stream) std::cout << '\n';  // apart from the program's own last lines
  std::cout << racelab::reader::render(explained, colour);
  if (options.raw) {
    std::cout << fmt::format("raw report ({} from ThreadSanitizer): {}\n", explained.reports,
                             *options.raw);
  }
  return 0;
}
