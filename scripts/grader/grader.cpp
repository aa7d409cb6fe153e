#include "grader.hpp"

#include <sched.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <racelab/report.hpp>

#include "excerpt.hpp"
#include "exercise_rules.hpp"
#include "grade.hpp"
#include "judging.hpp"
#include "plan.hpp"
#include "reports.hpp"
#include "rubric.hpp"
#include "sandbox.hpp"
#include "staging.hpp"

namespace racelab::grade {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class Grader {
 public:
  Grader(Options options, Rubric rubric)
      : options_(std::move(options)), rubric_(std::move(rubric)) {}

  int run();

 private:
  void select_parts();
  void verify_manifest(Sandbox& sandbox);
  void check_exercise_rules();
  bool prepare_tree(Sandbox& sandbox, bool staged);
  bool build_labs(Sandbox& sandbox, const std::string& preset,
                  const std::vector<std::string>& labs);
  void assign_commands();
  void run_parts(Sandbox& sandbox);
  void judge(Part& part, const Outcome& outcome);
  void note_not_gradable();
  void save() { write_reports(grade_, options_.report); }
  int finish();

  std::vector<Part*> parts_of(const std::string& lab, const std::string& technique = "") {
    std::vector<Part*> found;
    for (auto& part : grade_.parts) {
      if (part.lab == lab && (technique.empty() || part.technique == technique)) {
        found.push_back(&part);
      }
    }
    return found;
  }
  // Whether `relative` (to labs/) names an exercise file: LAB/TECHNIQUE.hpp of a declared lab.
  bool is_exercise(const fs::path& relative) const {
    const std::vector<fs::path> names(relative.begin(), relative.end());
    if (names.size() != 2 || relative.extension() != ".hpp") return false;
    const LabDeclaration* lab = find_lab(rubric_.labs, names[0].string());
    return lab != nullptr && lab->has_technique(relative.stem().string());
  }
  fs::path drafts_dir() const {
    const fs::path carried = options_.root / ".racelab" / "drafts";
    return fs::is_directory(carried) ? carried : options_.root / "labs";
  }

  Options options_;
  Rubric rubric_;
  Grade grade_;
  Clock::time_point started_ = Clock::now();
  fs::path source_;   // the tree that is built: the grader's root, or the staged copy
  std::string tree_;  // "exercise" or "solution": which of its targets are graded
  std::map<std::string, std::vector<PlanRow>> plans_;     // by preset
  std::set<std::pair<std::string, std::string>> broken_;  // lab, technique: did not compile
  bool grader_defect_ = false;
};

void Grader::select_parts() {
  for (const auto& [lab, technique] : options_.only) {
    const LabDeclaration* declared = find_lab(rubric_.labs, lab);
    if (declared == nullptr) {
      std::vector<std::string> names;
      for (const auto& known : rubric_.labs) names.push_back(known.name);
      throw UsageError(
          fmt::format("--only {}: unknown lab (labs: {})", lab, fmt::join(names, ", ")));
    }
    if (!technique.empty() && !declared->has_technique(technique)) {
      throw UsageError(fmt::format("--only {}/{}: unknown technique (techniques: {})", lab,
                                   technique, fmt::join(declared->techniques, ", ")));
    }
  }
  auto selected = [&](const std::string& lab, const std::string& technique) {
    if (options_.only.empty()) return true;
    return std::any_of(options_.only.begin(), options_.only.end(), [&](const auto& only) {
      return only.first == lab && (only.second.empty() || only.second == technique);
    });
  };
  for (const LabDeclaration& declared : rubric_.labs) {
    const std::string& lab = declared.name;
    for (const auto& technique : declared.techniques) {
      if (!selected(lab, technique)) continue;
      for (const PartKind kind : kPartKinds) {
        const double points = rubric_.points_for(lab, technique, kind);
        if (points <= 0) continue;
        Part part;
        part.lab = lab;
        part.technique = technique;
        part.kind = kind;
        part.max_points = points;
        part.visibility = rubric_.rule(kind).visibility;
        part.when_unmeasurable = rubric_.when_unmeasurable;
        part.limits = rubric_.rule(kind).limits;
        part.runs = rubric_.runs_of(kind);
        part.reason = "not graded yet";
        grade_.parts.push_back(std::move(part));
      }
    }
  }
}

void Grader::verify_manifest(Sandbox& sandbox) {
  const fs::path submission_root = options_.labs.parent_path();
  const fs::path manifest = submission_root / ".racelab" / "manifest.sha256";
  if (!fs::exists(manifest)) {
    grade_.notes.push_back(fmt::format("No handout manifest in {}: no protected file to verify.",
                                       submission_root.string()));
    return;
  }
  std::map<std::string, std::string> expected;  // path -> sum
  std::ifstream in(manifest);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 66 && line[64] == ' ') expected[line.substr(66)] = line.substr(0, 64);
  }
  // The SHA-256 of each of `paths` (relative to `dir`) that is a file there.
  auto sums_in = [&](const fs::path& dir, const std::vector<std::string>& paths) {
    std::map<std::string, std::string> sums;
    Command command{{"sha256sum", "--"}, dir};
    for (const auto& path : paths) {
      if (fs::is_regular_file(dir / path)) command.argv.push_back(path);
    }
    Limits limits;
    limits.timeout = std::chrono::seconds(120);
    limits.output_bytes = 16U << 20;
    const Outcome outcome = sandbox.run(command, limits, true);
    std::istringstream lines(outcome.output);
    for (std::string line; std::getline(lines, line);) {
      if (line.size() > 66) sums[line.substr(66)] = line.substr(0, 64);
    }
    return sums;
  };
  std::vector<std::string> protected_paths;
  for (const auto& [path, sum] : expected) protected_paths.push_back(path);
  const auto submitted = sums_in(submission_root, protected_paths);
  for (const auto& [path, sum] : expected) {
    const auto it = submitted.find(path);
    if (it == submitted.end()) {
      grade_.modified_files.push_back(path + " (deleted)");
    } else if (it->second != sum) {
      grade_.modified_files.push_back(path);
    }
  }
  // A file added under labs/ is on the include path of every check, so it counts as a change to
  // a protected file; only the exercise files and the READMEs are the student's.
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(submission_root / "labs", error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_directory(error) && !it->is_symlink(error)) continue;  // a real one: descend
    const fs::path relative = it->path().lexically_relative(submission_root);
    if (!is_exercise(relative.lexically_relative("labs")) && relative.filename() != "README.md" &&
        !expected.count(relative.string())) {
      grade_.modified_files.push_back(relative.string() + " (added)");
    }
  }
  const bool own_tree = fs::equivalent(submission_root, options_.root);
  if (grade_.modified_files.empty()) {
    grade_.notes.push_back(
        fmt::format("Handout manifest: all {} protected files are unmodified.", expected.size()));
  } else if (own_tree) {
    grade_.notes.push_back(fmt::format(
        "PROTECTED FILES MODIFIED ({}): {}. This grade used them, since it ran in the submission "
        "itself; the instructor's grader uses its own copies.",
        grade_.modified_files.size(), fmt::join(grade_.modified_files, ", ")));
  } else {
    grade_.notes.push_back(fmt::format(
        "PROTECTED FILES MODIFIED ({}): {}. They were not used: every check, build file and the "
        "rubric came from the grader.",
        grade_.modified_files.size(), fmt::join(grade_.modified_files, ", ")));
  }
  if (!own_tree) {
    // The grader's own copy of each protected file; when it is racelab's repository rather than a
    // handout, its drafts are its labs/, and the files that scripts/handout installs from
    // scripts/handout-files/ (the grading workflow) are there.
    const std::string drafts_prefix = ".racelab/drafts/";
    const bool own_drafts = fs::is_directory(options_.root / drafts_prefix);
    const fs::path handout_files = "scripts/handout-files";
    auto own_path = [&](const std::string& path) -> std::string {
      if (!own_drafts && path.starts_with(drafts_prefix)) {
        return "labs/" + path.substr(drafts_prefix.size());
      }
      if (!fs::exists(options_.root / path) && fs::exists(options_.root / handout_files / path)) {
        return (handout_files / path).string();
      }
      return path;
    };
    std::vector<std::string> own_paths;
    for (const auto& path : protected_paths) own_paths.push_back(own_path(path));
    const auto own = sums_in(options_.root, own_paths);
    const auto differs = std::count_if(expected.begin(), expected.end(), [&](const auto& entry) {
      const auto it = own.find(own_path(entry.first));
      return it == own.end() || it->second != entry.second;
    });
    if (differs > 0) {
      grade_.notes.push_back(fmt::format(
          "Note: {} protected file{} of this grader differ{} from the handout's manifest: the "
          "handout was made from another version of racelab.",
          differs, differs == 1 ? "" : "s", differs == 1 ? "s" : ""));
    }
  }
}

// Why `submitted` may not be compiled at all, if it may not: a link or a file with other names
// would let the compiler read whatever it stands for into the report; the rest is the rules for
// exercise files (exercise_rules.hpp). Fills `excerpt` with every breach, for the report.
std::string why_not_compiled(const fs::path& submitted, const std::string& shown,
                             std::string& excerpt) {
  constexpr std::uintmax_t kMaxBytes = 1U << 20;
  std::error_code error;
  const fs::file_status status = fs::symlink_status(submitted, error);
  if (!fs::exists(status)) return {};  // missing: the staged build says so
  if (!fs::is_regular_file(status)) {
    return fmt::format("{} is not a plain file (a link or a directory)", shown);
  }
  if (fs::hard_link_count(submitted, error) > 1) {
    return fmt::format("{} is a hard link: a file with other names too", shown);
  }
  if (fs::file_size(submitted, error) > kMaxBytes) {
    return fmt::format("{} is larger than {} KiB", shown, kMaxBytes >> 10);
  }
  const auto breaches = exercise_rule_breaches(file_content(submitted));
  if (breaches.empty()) return {};
  std::string last_why;
  for (const auto& breach : breaches) {
    excerpt += fmt::format("{}:{}: {}\n", shown, breach.line, printable(breach.what));
    if (breach.why != last_why) excerpt += "    " + breach.why + "\n";
    last_why = breach.why;
  }
  return fmt::format("{} breaks the rules for exercise files: line {}: {}", shown,
                     breaches.front().line, printable(breaches.front().what));
}

// A file that may not be compiled never is: the draft stands in for it, as for a file that does
// not compile, and its parts score 0. Every exercise file of a lab being graded is checked, those
// of techniques left out by --only too, since all of them go into each of the lab's binaries.
void Grader::check_exercise_rules() {
  for (const LabDeclaration& declared : rubric_.labs) {
    const std::string& lab = declared.name;
    if (parts_of(lab).empty()) continue;
    for (const auto& technique : declared.techniques) {
      const fs::path name = fs::path(lab) / (technique + ".hpp");
      const fs::path submitted = options_.labs / name;
      std::string excerpt;
      const std::string reason = why_not_compiled(submitted, "labs/" + name.string(), excerpt);
      if (reason.empty()) continue;
      broken_.insert({lab, technique});
      const auto parts = parts_of(lab, technique);
      const fs::path draft = drafts_dir() / name;
      std::error_code error;
      if (fs::equivalent(draft, submitted, error)) {
        // Grading the tree that holds the drafts (racelab's own labs/, not a handout): nothing
        // can stand in for the file, and the lab's every binary would compile it.
        fmt::print("    {}; no draft can stand in for it: {} is not graded\n", reason, lab);
        for (Part* part : parts_of(lab)) {
          if (part->status != Status::pending) continue;
          part->fail(part->technique == technique
                         ? reason
                         : fmt::format("not graded: {} (no draft can stand in for it, and every "
                                       "check of {} compiles it)",
                                       reason, lab),
                     excerpt);
        }
        continue;
      }
      fmt::print("    {}; the draft stands in for it{}\n", reason,
                 parts.empty() ? " (it is not graded in this run)" : "");
      for (Part* part : parts) {
        if (part->status == Status::pending) part->fail(reason, excerpt);
      }
    }
  }
}

// Builds the labs' graded targets; returns false when a build must be retried on a staged copy.
bool Grader::prepare_tree(Sandbox& sandbox, bool staged) {
  plans_.clear();
  if (!staged) {
    source_ = options_.root;
    tree_ = fs::equivalent(options_.labs, options_.root / "solutions") ? "solution" : "exercise";
  } else {
    source_ = options_.work / "src";
    tree_ = "exercise";
    for (const char* file : {"CMakeLists.txt", "CMakePresets.json"}) {
      sync_file(options_.root / file, source_ / file);
    }
    // The exercise files are left to the loop below: copying the shipped draft over the staged
    // one and then the submission's back would touch it, and rebuild its lab, on every grade.
    for (const char* dir : {"cmake", "tests", "scripts/lib", "scripts/reader"}) {
      sync_tree(options_.root / dir, source_ / dir, [](const fs::path&) { return false; });
    }
    sync_tree(options_.root / "labs", source_ / "labs",
              [&](const fs::path& relative) { return is_exercise(relative); });

    // The exercise files: the submission's, or the draft for one that is missing, broke the rules
    // or did not build; the draft for every one this grade leaves out, which the build still
    // compiles (all four of a lab go into each of its binaries), so that no file of an earlier
    // grade's submission is left in the staged tree to act in this one.
    for (const LabDeclaration& declared : rubric_.labs) {
      const std::string& lab = declared.name;
      for (const auto& technique : declared.techniques) {
        const fs::path name = fs::path(lab) / (technique + ".hpp");
        const fs::path submitted = options_.labs / name;
        const auto parts = parts_of(lab, technique);
        const bool usable =
            !parts.empty() && fs::is_regular_file(submitted) && !broken_.count({lab, technique});
        sync_file(usable ? submitted : drafts_dir() / name, source_ / "labs" / name);
        if (parts.empty() || fs::is_regular_file(submitted)) continue;
        for (Part* part : parts) {
          if (part->status == Status::pending) {
            part->fail(fmt::format("labs/{} is missing from the submission", name.string()));
          }
        }
      }
    }
  }
  for (const std::string preset : {"tsan", "dev"}) {
    const fs::path build_dir = source_ / "build" / preset;
    // Configured again when the presets changed since: their cache variables choose what is built.
    const bool configured = fs::exists(build_dir / "build.ninja") &&
                            fs::exists(build_dir / "grading-plan.tsv") &&
                            fs::last_write_time(build_dir / "CMakeCache.txt") >=
                                fs::last_write_time(source_ / "CMakePresets.json");
    if (!configured) {
      fmt::print("==> configuring the {} build in {}\n", preset, build_dir.string());
      Command configure{{"cmake", "--preset", preset}, source_};
      if (staged) configure.argv.push_back("-DRACELAB_BUILD_GRADER=OFF");
      Limits limits;
      limits.timeout = rubric_.build_timeout;
      limits.output_bytes = 4U << 20;
      const Outcome outcome = sandbox.run(configure, limits, true);
      if (!outcome.passed()) {
        throw std::runtime_error(fmt::format("cmake --preset {} failed ({}):\n{}", preset,
                                             outcome.describe(limits), outcome.output));
      }
    }
    plans_[preset] = read_plan(build_dir);
  }
  std::vector<std::string> labs;  // in the rubric's order
  for (const LabDeclaration& declared : rubric_.labs) {
    const std::string& lab = declared.name;
    const auto graded = [&](const Part& part) {
      return part.lab == lab && part.status == Status::pending;
    };
    if (std::ranges::any_of(grade_.parts, graded)) labs.push_back(lab);
  }
  for (const std::string preset : {"tsan", "dev"}) {
    if (!build_labs(sandbox, preset, labs)) return false;
  }
  return true;
}

// Builds `labs` in one call, so that ninja keeps both cores busy across labs; -k 0 lets every
// broken exercise file show its error in the same pass.
bool Grader::build_labs(Sandbox& sandbox, const std::string& preset,
                        const std::vector<std::string>& labs) {
  static const std::regex error_in_exercise(
      R"(labs/([a-z_]+)/([a-z_]+)\.hpp:[0-9]+(:[0-9]+)?: (fatal )?error)");
  for (;;) {
    std::set<std::string> targets;
    for (const auto& row : plans_[preset]) {
      if (std::ranges::find(labs, row.lab) != labs.end() && row.tree == tree_ &&
          runs_in(row.kind, preset)) {
        targets.insert(row.target);
      }
    }
    if (targets.empty()) return true;
    if (stop_requested()) return true;
    fmt::print("==> building {} ({})", fmt::join(labs, ", "), preset);
    std::fflush(stdout);
    Command build{{"cmake", "--build", (source_ / "build" / preset).string(), "--target"}, source_};
    build.argv.insert(build.argv.end(), targets.begin(), targets.end());
    build.argv.insert(build.argv.end(), {"--", "-k", "0"});
    Limits limits;
    limits.timeout = rubric_.build_timeout;
    limits.output_bytes = 4U << 20;
    const Outcome outcome = sandbox.run(build, limits, true);
    fmt::print("  {:.0f} s\n", outcome.seconds);
    if (outcome.passed()) return true;
    if (outcome.ending == Ending::interrupted) return true;
    if (source_ == options_.root && tree_ == "exercise") return false;  // retry, staged

    // Which exercise files does the compiler blame? Those are set aside; the rest is rebuilt.
    std::map<std::pair<std::string, std::string>, std::string> blamed;  // -> the compiler's words
    std::istringstream lines(printable(outcome.output));
    for (std::string line; std::getline(lines, line);) {
      std::smatch match;
      if (std::regex_search(line, match, error_in_exercise) &&
          std::ranges::find(labs, match[1].str()) != labs.end() &&
          find_lab(rubric_.labs, match[1].str())->has_technique(match[2].str())) {
        std::string& words = blamed[{match[1], match[2]}];
        if (std::count(words.begin(), words.end(), '\n') < 12) words += line + "\n";
      }
    }
    std::erase_if(blamed, [&](const auto& entry) { return broken_.count(entry.first) > 0; });
    if (blamed.empty() || outcome.ending != Ending::exited) {
      if (labs.size() > 1) {  // find the lab that fails, and grade the others
        for (const auto& lab : labs) {
          if (!build_labs(sandbox, preset, {lab})) return false;
        }
        return true;
      }
      // Nothing left to blame on one file (or the build itself was stopped): this lab's parts
      // from this build fail, the other labs are still graded.
      const std::string& lab = labs.front();
      const std::string why =
          outcome.ending == Ending::exited
              ? fmt::format("the {} build of {} failed", preset, lab)
              : fmt::format("the {} build of {} {}", preset, lab, outcome.describe(limits));
      for (Part* part : parts_of(lab)) {
        if (runs_in(part->kind, preset) && part->status == Status::pending) {
          part->fail(why, excerpt_for_student(part->kind, outcome.output, source_.string()));
        }
      }
      return true;
    }
    for (const auto& [unit, words] : blamed) {
      const auto& [lab, technique] = unit;
      broken_.insert(unit);
      const fs::path name = fs::path(lab) / (technique + ".hpp");
      fmt::print("    labs/{} does not compile; the draft stands in for it\n", name.string());
      sync_file(drafts_dir() / name, source_ / "labs" / name);
      std::string excerpt = words;
      const std::string prefix = source_.string() + "/";
      for (auto at = excerpt.find(prefix); at != std::string::npos; at = excerpt.find(prefix, at)) {
        excerpt.erase(at, prefix.size());
      }
      for (Part* part : parts_of(lab, technique)) {
        if (part->status == Status::pending) {
          part->fail(fmt::format("labs/{} does not compile", name.string()), excerpt);
        }
      }
    }
  }
}

void Grader::assign_commands() {
  for (auto& part : grade_.parts) {
    part.commands.clear();
    part.serial = false;
    for (const std::string_view preset : presets_of(part.kind)) {
      for (const auto& row : plans_[std::string(preset)]) {
        if (row.lab == part.lab && row.tree == tree_ && row.technique == part.technique &&
            row.kind == part.kind) {
          part.commands.push_back({row.command, {}});
          part.serial = part.serial || row.serial;
        }
      }
    }
    if (part.commands.empty() && part.status == Status::pending) {
      part.fail("the grading plan has no check for this part (a bug in the grader, not yours)");
      grader_defect_ = true;
    }
  }
}

void Grader::judge(Part& part, const Outcome& outcome) {
  part.seconds += outcome.seconds;
  const Command& command = part.commands[part.next_command];
  const bool gtest =
      std::any_of(command.argv.begin(), command.argv.end(),
                  [](const std::string& arg) { return arg.starts_with("--gtest_filter="); });
  const RunJudgement run = judge_run(outcome, gtest);
  if (run.grader_defect) grader_defect_ = true;
  if (run.verdict != RunVerdict::failed) {
    count_run(part, run);
    return;
  }
  std::string why = run.why;
  if (why.empty()) {
    if (outcome.ending == Ending::exited && outcome.status <= 128) {
      why = headline(part.kind, outcome.output);
      if (why.empty()) why = outcome.describe(part.limits);
    } else {
      why = outcome.describe(part.limits);
    }
  }
  if (part.runs > 1) why = fmt::format("run {} of {}: {}", part.runs_done + 1, part.runs, why);
  part.fail(printable(why),
            excerpt_for_student(part.kind, outcome.output, source_.string(), part.raw_file()));
  part.raw = printable(outcome.output);
}

void Grader::run_parts(Sandbox& sandbox) {
  // Timing-sensitive parts first, each alone on the machine; then the rest, `jobs` at a time.
  std::vector<Part*> serial, shared;
  for (auto& part : grade_.parts) {
    if (part.status != Status::pending) continue;
    (part.serial ? serial : shared).push_back(&part);
  }
  std::map<int, Part*> active;
  auto start = [&](Part* part) {
    const int id = sandbox.start(part->commands[part->next_command], part->limits);
    active[id] = part;
  };
  std::size_t next_serial = 0, next_shared = 0;
  while (!stop_requested()) {
    const bool serial_phase =
        next_serial < serial.size() || (!active.empty() && active.begin()->second->serial);
    if (serial_phase) {
      if (active.empty() && next_serial < serial.size()) start(serial[next_serial++]);
    } else {
      while (active.size() < options_.jobs && next_shared < shared.size()) {
        start(shared[next_shared++]);
      }
    }
    if (active.empty()) break;
    for (auto& [id, outcome] : sandbox.poll(std::chrono::milliseconds(100))) {
      Part* part = active[id];
      active.erase(id);
      if (outcome.ending == Ending::interrupted) break;
      judge(*part, outcome);
      if (part->status == Status::pending) {
        start(part);
        continue;
      }
      const bool passed = part->status == Status::passed;
      const bool not_gradable = part->status == Status::not_gradable;
      fmt::print("    {} {:<36} {}\n",
                 report::paint(passed         ? "pass"
                               : not_gradable ? "n/a "
                                              : "FAIL",
                               passed         ? report::kGood
                               : not_gradable ? report::kDim
                                              : report::kBad),
                 part->key(), passed ? "" : part->reason);
      save();
    }
  }
  if (stop_requested()) sandbox.stop_all();
}

// One note for every report: how many parts this machine could not grade, what the rubric made of
// them, and how many cores the grader had (the usual reason).
void Grader::note_not_gradable() {
  const auto count = std::ranges::count(grade_.parts, Status::not_gradable, &Part::status);
  if (count == 0) return;
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  const int cores = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 0;
  std::string_view effect;
  switch (rubric_.when_unmeasurable) {
    case WhenUnmeasurable::ungraded:
      effect = "their points are left out of both the score and the maximum";
      break;
    case WhenUnmeasurable::full: effect = "they score their full points"; break;
    case WhenUnmeasurable::zero: effect = "they score 0"; break;
  }
  grade_.notes.push_back(fmt::format(
      "NOT GRADABLE ON THIS MACHINE: {} part{} (this machine could not measure {} claim{}; the "
      "grader had {} core{}). The rubric says when-unmeasurable {}: {}.",
      count, count == 1 ? "" : "s", count == 1 ? "its" : "their", count == 1 ? "" : "s", cores,
      cores == 1 ? "" : "s", name_of(rubric_.when_unmeasurable), effect));
}

int Grader::finish() {
  grade_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  grade_.interrupted = stop_requested();
  for (auto& part : grade_.parts) {
    if (part.status == Status::pending) {
      part.fail(grade_.interrupted ? "not graded: the grader was interrupted"
                                   : "not graded: the grader stopped before this part");
    }
  }
  if (grade_.interrupted) {
    grade_.notes.push_back("The grader was interrupted: parts not graded score 0.");
  }
  note_not_gradable();
  save();
  print_table(grade_);
  fmt::print("\n  reports: {}/{{results.json,junit.xml,summary.md}}  ({:.0f} s)\n",
             options_.report.string(), grade_.seconds);
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary != nullptr && *summary) {
    std::ofstream(summary, std::ios::app) << markdown_summary(grade_);
  }
  if (options_.autolab) fmt::print("{}\n", autolab_line(grade_));
  std::fflush(stdout);
  if (grade_.interrupted) return kInterrupted;
  if (grader_defect_) return kUsage;
  return grade_.score() == grade_.max_score() ? 0 : 1;
}

int Grader::run() {
  select_parts();
  grade_.submission = options_.labs.string();
  install_stop_handlers();
  const std::string watch_priority = prioritize_watch();
  save();  // a results.json exists from the start, whatever happens next

  const fs::path runs_dir = options_.work / "runs";
  fs::create_directories(runs_dir);
  Sandbox sandbox({}, runs_dir);  // the grader's own runs: sha256sum, cmake
  verify_manifest(sandbox);
  save();

  check_exercise_rules();
  save();
  try {
    // A tree is built where it stands only when it is the grader's own and every file in it may
    // be compiled; otherwise in a staged copy, where drafts stand in for the files set aside.
    bool staged = !broken_.empty() || !(fs::equivalent(options_.labs, options_.root / "labs") ||
                                        fs::equivalent(options_.labs, options_.root / "solutions"));
    if (!prepare_tree(sandbox, staged)) {
      fmt::print(
          "==> the exercise files do not all compile: grading a staged copy, file by file\n");
      if (!prepare_tree(sandbox, true)) throw std::runtime_error("the staged build failed");
    }
  } catch (const std::exception& error) {
    for (auto& part : grade_.parts) {
      if (part.status == Status::pending) {
        part.fail("the grader could not build the checks", error.what());
      }
    }
    grader_defect_ = true;
    return finish();
  }
  assign_commands();

  std::string who_ran;
  Sandbox student_sandbox(
      choose_identities({source_ / "build" / "tsan", source_ / "build" / "dev", runs_dir},
                        options_.jobs, who_ran),
      runs_dir);
  if (!who_ran.empty()) grade_.notes.push_back(who_ran);
  grade_.notes.push_back(watch_priority);
  fmt::print("==> grading {} parts ({} runs of each real-thread part)\n", grade_.parts.size(),
             rubric_.repeat);
  run_parts(student_sandbox);
  for (const auto& user : student_sandbox.retired_slots()) {
    grade_.notes.push_back(fmt::format(
        "Some processes of {} outlived every attempt to end them; no later run used that user.",
        user));
  }
  return finish();
}

}  // namespace

int grade(Options options, Rubric rubric) {
  Grader grader(std::move(options), std::move(rubric));
  return grader.run();
}

}  // namespace racelab::grade
