#include "options.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace racelab::grade {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUsageText =
    "usage: scripts/grade [--labs DIR] [--only LAB[/TECHNIQUE]]... [--report DIR] [--repeat N]\n"
    "                     [--autolab] [--jobs N] [--rubric FILE]\n";

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) throw UsageError(fmt::format("{} needs a value", argv[i]));
    return argv[++i];
  };
  auto count = [](std::string_view flag, const std::string& text, unsigned max) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 6 || std::stoul(text) < 1 || std::stoul(text) > max) {
      throw UsageError(
          fmt::format("{} wants a whole number from 1 to {}, not '{}'", flag, max, text));
    }
    return static_cast<unsigned>(std::stoul(text));
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--root") {
      options.root = value(i);
    } else if (flag == "--labs") {
      options.labs = value(i);
    } else if (flag == "--report") {
      options.report = value(i);
    } else if (flag == "--rubric") {
      options.rubric = value(i);
    } else if (flag == "--work") {
      options.work = value(i);
    } else if (flag == "--only") {
      const std::string what = value(i);
      const auto slash = what.find('/');
      options.only.emplace_back(what.substr(0, slash),
                                slash == std::string::npos ? "" : what.substr(slash + 1));
    } else if (flag == "--repeat") {
      options.repeat = count(flag, value(i), 1000);
    } else if (flag == "--jobs") {
      options.jobs = count(flag, value(i), 64);
    } else if (flag == "--autolab") {
      options.autolab = true;
    } else if (flag == "-h" || flag == "--help") {
      fmt::print("{}", kUsageText);
      std::exit(0);
    } else {
      throw UsageError(fmt::format("unknown argument '{}' (try --help)", flag));
    }
  }
  if (options.root.empty()) throw UsageError("--root is required (scripts/grade passes it)");
  options.root = fs::canonical(options.root);
  if (options.labs.empty()) options.labs = options.root / "labs";
  if (!fs::is_directory(options.labs)) {
    throw UsageError(fmt::format("--labs {}: no such directory", options.labs.string()));
  }
  // A submission's root (with labs/ in it) is accepted as well as its labs/ directory.
  if (fs::is_directory(options.labs / "labs") && !fs::exists(options.labs / "common")) {
    options.labs /= "labs";
  }
  options.labs = fs::canonical(options.labs);
  if (options.rubric.empty()) options.rubric = options.root / "rubric.txt";
  if (options.work.empty()) options.work = options.root / "build" / "grade";
  if (options.report.empty()) options.report = options.work / "report";
  return options;
}

}  // namespace racelab::grade
