// The parallelism program's verdict (labs/parallelism/experiment.hpp), rule by rule: what its exit
// status and the grader's criteria part stand on. Built against solutions/ only and ungraded: it
// checks the program, not a student's merge.
#include <gtest/gtest.h>

#include <chrono>

#include <parallelism/experiment.hpp>

namespace racelab::parallelism {
namespace {

using std::chrono::milliseconds;

CpuRow cpu_row(std::string_view key, Total total, milliseconds wall) {
  CpuRow row{key, {}};
  row.run.total = total;
  row.run.measurement.mode = key;
  row.run.measurement.wall = wall;
  return row;
}

// Two cores, every mode exact: the verdict is left to the rounds' judgment.
Results two_cores_exact() {
  Results results;
  results.cores = 2;
  results.expected_total = 42;
  results.cpu = {cpu_row("serial", 42, milliseconds(100)), cpu_row("pool", 42, milliseconds(50))};
  return results;
}

TEST(Experiment, AWrongTotalIsWrongWhateverTheTimes) {
  Results results = two_cores_exact();
  results.cpu.push_back(cpu_row("global_lock", 41, milliseconds(100)));
  EXPECT_EQ(results.verdict(), Verdict::wrong);
  results.cores = 1;  // not even one core excuses it
  EXPECT_EQ(results.verdict(), Verdict::wrong);
}

TEST(Experiment, AnIoTaskLeftUndoneIsWrong) {
  Results results;
  IoRow row{"pool", {}, 10};
  row.run.completed = 9;
  results.io.push_back(row);
  EXPECT_EQ(results.verdict(), Verdict::wrong);
  results.io.back().run.completed = 10;
  EXPECT_EQ(results.verdict(), Verdict::measured)
      << "the I/O workload alone has no speedup to judge";
}

TEST(Experiment, OneCoreIsTheLessonWhenAskedForAndUnmeasurableOtherwise) {
  Results results = two_cores_exact();
  results.cores = 1;
  EXPECT_EQ(results.verdict(), Verdict::unmeasurable);
  results.cores_asked = true;
  EXPECT_EQ(results.verdict(), Verdict::one_core);
}

TEST(Experiment, TheVerdictsHaveTheNamesThePlainOutputAndTheJsonUse) {
  EXPECT_EQ(name_of(Verdict::parallel), "parallel");
  EXPECT_EQ(name_of(Verdict::serialized), "serialized");
  EXPECT_EQ(name_of(Verdict::one_core), "one_core");
  EXPECT_EQ(name_of(Verdict::unmeasurable), "unmeasurable");
}

TEST(Experiment, SpeedupsAreOverTheSerialRun) {
  const Results results = two_cores_exact();
  EXPECT_DOUBLE_EQ(results.speedup(results.cpu[1]), 2.0);
  EXPECT_EQ(results.pool(), &results.cpu[1]);
}

}  // namespace
}  // namespace racelab::parallelism
