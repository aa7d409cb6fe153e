// How the grader judges a run and a part (scripts/grader/judging.hpp): a check that says this
// machine cannot measure its claim (a lab program's exit status 4, a GoogleTest skip with the
// unmeasurable prefix) makes its part not gradable here, with the check's reason, and the rubric's
// when-unmeasurable decides its points; any other skip, a skip made in an exercise file, and any
// failure beside an unmeasurable check still fail. Every report says so.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <racelab/cli.hpp>

#include "judging.hpp"
#include "reports.hpp"
#include "rubric.hpp"
#include "unmeasurable.hpp"

namespace racelab::grade {
namespace {

namespace fs = std::filesystem;

static_assert(kUnmeasurablePrefix == RACELAB_UNMEASURABLE_PREFIX,
              "the grader must look for the prefix the checks skip with");

Outcome exited(int status, std::string output) {
  Outcome outcome;
  outcome.ending = Ending::exited;
  outcome.status = status;
  outcome.output = std::move(output);
  return outcome;
}

// GoogleTest's output for a binary whose checks are given as (name, body, ending) triples.
std::string gtest_output(std::initializer_list<std::array<std::string, 3>> checks) {
  std::string out = "[==========] Running some tests.\n";
  int passed = 0;
  for (const auto& [name, body, ending] : checks) {
    out += "[ RUN      ] " + name + "\n" + body;
    if (ending == "OK") {
      out += "[       OK ] " + name + " (3 ms)\n";
      ++passed;
    } else {
      out += "[  SKIPPED ] " + name + " (0 ms)\n";
    }
  }
  out += "[==========] done.\n[  PASSED  ] " + std::to_string(passed) + " tests.\n";
  for (const auto& [name, body, ending] : checks) {
    if (ending != "OK") out += "[  SKIPPED ] " + name + "\n";
  }
  return out;
}

const std::string kUnmeasurableSkip =
    "/src/tests/parallelism/functional_test.cpp:88: Skipped\n"
    "not measurable on this machine: one core, so no speedup to show\n";

TEST(Judging, ALabProgramThatCannotMeasureIsNotAFailure) {
  const auto run = judge_run(
      exited(cli::kUnmeasurable, "pool: 1.0x\nnot measurable on this machine: 1 core\n"), false);
  EXPECT_EQ(run.verdict, RunVerdict::unmeasurable);
  EXPECT_EQ(run.why, "1 core");
  // Without the prefix, its last line is the reason.
  EXPECT_EQ(judge_run(exited(4, "speedup 1.0x\ncores too busy\n\n"), false).why, "cores too busy");
  EXPECT_EQ(judge_run(exited(0, ""), false).verdict, RunVerdict::passed);
  EXPECT_EQ(judge_run(exited(1, "not measurable on this machine: x\n"), false).verdict,
            RunVerdict::failed);
  Outcome killed = exited(4, "");
  killed.ending = Ending::signalled;  // signal 4 (SIGILL) is no verdict of the program's
  EXPECT_EQ(judge_run(killed, false).verdict, RunVerdict::failed);
}

TEST(Judging, AnUnmeasurableSkipBesidePassingChecksLeavesTheRunUnjudged) {
  const std::string output =
      gtest_output({{"mutex.Sums", "", "OK"}, {"mutex.Speedup", kUnmeasurableSkip, "SKIP"}});
  const auto run = judge_run(exited(0, output), true);
  EXPECT_EQ(run.verdict, RunVerdict::unmeasurable);
  EXPECT_EQ(run.why, "one core, so no speedup to show");
  // Every check skipped that way: nothing ran, and that is still the machine, not the grader.
  const auto alone =
      judge_run(exited(0, gtest_output({{"mutex.Speedup", kUnmeasurableSkip, "SKIP"}})), true);
  EXPECT_EQ(alone.verdict, RunVerdict::unmeasurable);
  EXPECT_FALSE(alone.grader_defect);
}

TEST(Judging, AnyOtherSkipStillFails) {
  const auto plain = judge_run(
      exited(0, gtest_output(
                    {{"mutex.Sums", "", "OK"},
                     {"mutex.Speedup", "/src/tests/x_test.cpp:9: Skipped\nlater\n", "SKIP"}})),
      true);
  EXPECT_EQ(plain.verdict, RunVerdict::failed);
  EXPECT_EQ(plain.why, "a check was skipped, which proves nothing (its reason is below)");
  // One plain skip among unmeasurable ones fails the run.
  EXPECT_EQ(judge_run(exited(0, gtest_output({{"mutex.A", kUnmeasurableSkip, "SKIP"},
                                              {"mutex.B", "/t.cpp:1: Skipped\n\n", "SKIP"}})),
                      true)
                .verdict,
            RunVerdict::failed);
}

TEST(Judging, OnlyTheChecksMayDeclareTheMachineUnableToJudgeThem) {
  // GTEST_SKIP in an exercise file, with the prefix: a forgery, so a plain skip.
  EXPECT_EQ(judge_run(exited(0, gtest_output({{"mutex.Speedup",
                                               "/src/labs/parallelism/mutex.hpp:12: Skipped\n"
                                               "not measurable on this machine: trust me\n",
                                               "SKIP"}})),
                      true)
                .verdict,
            RunVerdict::failed);
  // A real plain skip that the student's code dressed up with a printed unmeasurable one.
  EXPECT_EQ(
      judge_run(
          exited(0, gtest_output({{"mutex.Speedup",
                                   kUnmeasurableSkip + "/src/tests/x_test.cpp:9: Skipped\nlater\n",
                                   "SKIP"}})),
          true)
          .verdict,
      RunVerdict::failed);
}

TEST(Judging, AFailureBesideAnUnmeasurableCheckFails) {
  EXPECT_EQ(judge_run(exited(1, gtest_output({{"mutex.Speedup", kUnmeasurableSkip, "SKIP"}}) +
                                    "[  FAILED  ] mutex.Sums\n"),
                      true)
                .verdict,
            RunVerdict::failed);
}

TEST(Judging, AFilterThatSelectsNothingIsTheGradersDefect) {
  const auto run = judge_run(exited(0, gtest_output({})), true);
  EXPECT_EQ(run.verdict, RunVerdict::failed);
  EXPECT_TRUE(run.grader_defect);
  EXPECT_EQ(judge_run(exited(0, gtest_output({{"mutex.Sums", "", "OK"}})), true).verdict,
            RunVerdict::passed);
}

Part part_of(unsigned runs, std::size_t commands, WhenUnmeasurable policy) {
  Part part;
  part.lab = "parallelism";
  part.technique = "mutex";
  part.kind = PartKind::criteria;
  part.max_points = 3;
  part.runs = runs;
  part.commands.resize(commands);
  part.when_unmeasurable = policy;
  return part;
}

const RunJudgement kPassed{RunVerdict::passed, {}};
const RunJudgement kOneCore{RunVerdict::unmeasurable, "1 core"};

TEST(Judging, APartIsGradedWhenOneRunJudgedEveryClaim) {
  Part part = part_of(3, 2, WhenUnmeasurable::ungraded);
  for (const auto& run : {kOneCore, kPassed, kPassed, kPassed, kPassed, kOneCore}) {
    count_run(part, run);
  }
  EXPECT_EQ(part.status, Status::passed);  // run 2 judged both commands
  EXPECT_EQ(part.points, 3);
  EXPECT_EQ(part.reason,
            "passed all 3 runs; 2 of them could not measure every claim here (1 core)");
}

TEST(Judging, APartNoRunCouldJudgeIsNotGradableHere) {
  Part part = part_of(2, 2, WhenUnmeasurable::ungraded);
  for (const auto& run : {kPassed, kOneCore, kOneCore, kPassed}) count_run(part, run);
  EXPECT_EQ(part.status, Status::not_gradable);
  EXPECT_EQ(part.reason,
            "not gradable on this machine: 1 core (in all 2 runs) (rubric: when-unmeasurable "
            "ungraded)");
  EXPECT_FALSE(part.counted());
  EXPECT_EQ(part.points, 0);
}

TEST(Judging, TheRubricDecidesWhatANotGradablePartIsWorth) {
  Grade grade;
  grade.parts.push_back(part_of(1, 1, WhenUnmeasurable::ungraded));
  grade.parts.push_back(part_of(1, 1, WhenUnmeasurable::full));
  grade.parts.push_back(part_of(1, 1, WhenUnmeasurable::zero));
  for (Part& part : grade.parts) {
    part.technique = std::string(name_of(part.when_unmeasurable));
    count_run(part, kOneCore);
    EXPECT_EQ(part.status, Status::not_gradable);
  }
  EXPECT_EQ(grade.score(), 3);      // full's
  EXPECT_EQ(grade.max_score(), 6);  // full's and zero's: ungraded's left both
  const auto autolab = nlohmann::json::parse(autolab_line(grade));
  EXPECT_EQ(autolab["scores"].size(), 2U) << autolab;  // not ungraded's
  EXPECT_EQ(autolab["scores"]["parallelism/full/criteria"], 3) << autolab;
  EXPECT_EQ(autolab["scores"]["parallelism/zero/criteria"], 0) << autolab;
  EXPECT_EQ(autolab["scoreboard"], nlohmann::json::array({3})) << autolab;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Judging, EveryReportSaysThePartWasNotGradableHere) {
  Grade grade;
  grade.parts.push_back(part_of(1, 1, WhenUnmeasurable::ungraded));
  count_run(grade.parts.back(), kOneCore);
  grade.parts.push_back(part_of(1, 1, WhenUnmeasurable::ungraded));
  grade.parts.back().kind = PartKind::model;
  count_run(grade.parts.back(), kPassed);
  const fs::path directory =
      fs::temp_directory_path() / ("racelab-judging-" + std::to_string(::getpid()));
  write_reports(grade, directory);
  const auto json = nlohmann::json::parse(file_text(directory / "results.json"));
  const std::string junit = file_text(directory / "junit.xml");
  const std::string summary = file_text(directory / "summary.md");
  fs::remove_all(directory);

  EXPECT_EQ(json["score"], 3) << json;
  const auto& unmeasured = json["tests"][0];
  EXPECT_EQ(unmeasured["score"], 0) << json;
  EXPECT_EQ(unmeasured["max_score"], 0) << "a test out of the score: 0 / 0\n" << json;
  EXPECT_FALSE(unmeasured.contains("status")) << "neither passed nor failed\n" << json;
  EXPECT_EQ(unmeasured["output"],
            "not gradable on this machine: 1 core (rubric: when-unmeasurable ungraded)")
      << json;
  EXPECT_EQ(unmeasured["tags"].back(), "not-gradable-here") << json;
  EXPECT_NE(junit.find("failures=\"0\" skipped=\"1\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<skipped message=\"not gradable on this machine: 1 core"),
            std::string::npos)
      << junit;
  EXPECT_NE(summary.find("## racelab grade: 3 / 3"), std::string::npos) << summary;
  EXPECT_NE(summary.find("➖ n/a"), std::string::npos) << summary;
  EXPECT_NE(summary.find("### Not gradable on this machine"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("### What failed"), std::string::npos) << summary;
}

TEST(Judging, TheRubricSaysWhatUnmeasurablePartsAreWorth) {
  const fs::path file =
      fs::temp_directory_path() / ("racelab-rubric-" + std::to_string(::getpid()) + ".txt");
  const auto read = [&](const std::string& setting) {
    std::ofstream(file) << "points lab * 1 1 1 1\n" << setting << "\n";
    return read_rubric(file, {LabDeclaration{"lab", 1, {"mutex"}, true}}).when_unmeasurable;
  };
  EXPECT_EQ(read(""), WhenUnmeasurable::ungraded);
  EXPECT_EQ(read("when-unmeasurable full"), WhenUnmeasurable::full);
  EXPECT_EQ(read("when-unmeasurable zero  # a comment"), WhenUnmeasurable::zero);
  EXPECT_THROW(read("when-unmeasurable pass"), std::runtime_error);
  EXPECT_THROW(read("when-unmeasurable"), std::runtime_error);
  fs::remove(file);
}

}  // namespace
}  // namespace racelab::grade
