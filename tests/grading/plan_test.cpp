// The grading plan as the grader reads it: the rows cmake/RacelabGrading.cmake writes.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "plan.hpp"

namespace racelab::grade {
namespace {

TEST(Plan, EachRowIsALabATreeATechniqueAPartAndACommand) {
  std::istringstream in(
      "lost_update\texercise\tmutex\tfunctional\t0\tlost_update_functional_exercise\t"
      "/r/scripts/lib/tsan-run\t/b/lost_update_functional_exercise\t--gtest_filter=mutex.*\n"
      "parallelism\tsolution\tatomic\tcriteria\t1\tparallelism-solutions\t/b/parallelism-solutions"
      "\t--variant\tatomic\t--workload\tcpu\n");
  const std::vector<PlanRow> rows = parse_plan(in);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].lab, "lost_update");
  EXPECT_EQ(rows[0].tree, "exercise");
  EXPECT_EQ(rows[0].technique, "mutex");
  EXPECT_EQ(rows[0].kind, PartKind::functional);
  EXPECT_FALSE(rows[0].serial);
  EXPECT_EQ(rows[0].target, "lost_update_functional_exercise");
  EXPECT_EQ(rows[0].command, (std::vector<std::string>{"/r/scripts/lib/tsan-run",
                                                       "/b/lost_update_functional_exercise",
                                                       "--gtest_filter=mutex.*"}));
  EXPECT_EQ(rows[1].kind, PartKind::criteria);
  EXPECT_TRUE(rows[1].serial);
  EXPECT_EQ(rows[1].command.size(), 5U);
}

TEST(Plan, LinesThatAreNoRowAreSkipped) {
  std::istringstream in("\n"
                        "too\tfew\tfields\n"
                        "lab\texercise\tmutex\tno_such_part\t0\ttarget\tcommand\n"
                        "lab\texercise\tmutex\tmodel\t0\ttarget\tcommand\n");
  const std::vector<PlanRow> rows = parse_plan(in);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].kind, PartKind::model);
}

TEST(Plan, FunctionalChecksRunUnderBothSanitizersCriteriaOnThePlainBuild) {
  using Presets = std::vector<std::string_view>;
  EXPECT_EQ(presets_of(PartKind::criteria), Presets{"dev"});
  EXPECT_EQ(presets_of(PartKind::functional), (Presets{"tsan", "dev"}));
  EXPECT_EQ(presets_of(PartKind::tsan), Presets{"tsan"});
  EXPECT_EQ(presets_of(PartKind::model), Presets{"tsan"});
  EXPECT_TRUE(runs_in(PartKind::functional, "dev"));
  EXPECT_FALSE(runs_in(PartKind::model, "dev"));
}

}  // namespace
}  // namespace racelab::grade
