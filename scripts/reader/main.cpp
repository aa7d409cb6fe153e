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
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "explain.hpp"
#include "relacy_timeline.hpp"

namespace {

using racelab::reader::Context;
using racelab::reader::Explained;

constexpr std::string_view kHelp =
    R"(racelab-reader — ThreadSanitizer's and Relacy's reports in the lab's own words

usage: racelab-reader [OPTIONS] [FILE]
  FILE             ThreadSanitizer's output (default: standard input)
  --stream         copy every line that is not part of a report through as it comes (a running
                   program's standard error), and print the reports' short form at the end
  --raw PATH       keep the whole input in PATH, and name it on the last line
  --relacy         the input is model checks' output: each Relacy report as a timeline of the
                   failing execution (with --stream: in its place, the rest copied through)
  --raw-dir DIR    with --relacy: keep each Relacy report in DIR/LAB.SUITE.TEST.relacy.txt,
                   named on its timeline's last line
  --names PATH     the lock names the sync layer recorded (the program ran with RACELAB_NAMES=PATH)
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
  if (options.relacy && (options.json || options.raw || options.names)) {
    usage_error("--relacy takes --stream, --raw-dir and --sources, not --json, --raw or --names");
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

// Model checks' output (model_check.hpp) with each Relacy report in the lab's words: the report
// goes to a file, its timeline in its place; in stream mode the other lines are copied through,
// but for a verdict line repeated by the check's failure message.
int read_relacy(const Options& options) {
  std::ifstream file;
  std::istream* in = &open_input(options, file);
  const bool colour = std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  std::string test_name, raw_name, last_verdict, block;
  bool inside = false;
  std::size_t reports = 0;
  const auto finish_block = [&] {
    inside = false;
    const auto report = racelab::reader::relacy::parse(block);
    if (!report) return;
    ++reports;
    std::cout << racelab::verdict::render(
        racelab::reader::relacy::timeline(*report, options.context, test_name), colour);
    if (options.raw_dir) {
      const std::string name = raw_name.empty() ? "relacy-" + std::to_string(reports) : raw_name;
      const std::string path = *options.raw_dir + "/" + name + ".relacy.txt";
      std::ofstream raw(path);
      raw << last_verdict << '\n' << block;
      if (raw) std::cout << "raw report (Relacy's): " << path << '\n';
    }
    std::cout << std::flush;
  };
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
    if (line.starts_with("Relacy's report")) {
      inside = true;
      block.clear();
      continue;
    }
    if (line.starts_with("[ RUN      ] ")) {
      test_name = line.substr(13);
      last_verdict.clear();
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
    }
    if (options.stream) std::cout << line << '\n' << std::flush;
  }
  if (inside) finish_block();
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
    if (!options.stream) std::cout << "no ThreadSanitizer report\n";
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
