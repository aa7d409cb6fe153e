// The rubric and the labs' declarations, read as the grader reads them: which parts each lab and
// technique is worth, from rubric.txt's lines and each labs/LAB/lab.json.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab_declarations.hpp"
#include "rubric.hpp"

namespace racelab::grade {
namespace {

namespace fs = std::filesystem;

const std::string kWithCriteria =
    R"({"schema": 1, "order": 2, "techniques": ["mutex", "atomic"], "criteria": {"args": []}})";
const std::string kWithoutCriteria =
    R"({"schema": 1, "order": 1, "techniques": ["mutex"], "criteria": null})";

std::vector<LabDeclaration> two_labs() {
  return {parse_lab_declaration("first", kWithoutCriteria, "first/lab.json"),
          parse_lab_declaration("second", kWithCriteria, "second/lab.json")};
}

class RubricFile : public ::testing::Test {
 protected:
  Rubric read(const std::string& text) {
    std::ofstream(file_) << text;
    return read_rubric(file_, two_labs());
  }
  void TearDown() override { fs::remove(file_); }

 private:
  fs::path file_ =
      fs::temp_directory_path() / ("racelab-rubric-test-" + std::to_string(::getpid()) + ".txt");
};

TEST(LabDeclaration, ReadsTechniquesCriteriaAndOrder) {
  const LabDeclaration lab = parse_lab_declaration("second", kWithCriteria, "second/lab.json");
  EXPECT_EQ(lab.name, "second");
  EXPECT_EQ(lab.order, 2);
  EXPECT_EQ(lab.techniques, (std::vector<std::string>{"mutex", "atomic"}));
  EXPECT_TRUE(lab.has_criteria);
  EXPECT_TRUE(lab.has_technique("atomic"));
  EXPECT_FALSE(lab.has_technique("rwlock"));
  EXPECT_FALSE(parse_lab_declaration("first", kWithoutCriteria, "first/lab.json").has_criteria);
}

TEST(LabDeclaration, AMistakeNamesTheFile) {
  const auto message_of = [](const std::string& json) {
    try {
      parse_lab_declaration("broken", json, "labs/broken/lab.json");
    } catch (const std::runtime_error& error) {
      return std::string(error.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(message_of("{"), "labs/broken/lab.json: not a JSON object");
  EXPECT_EQ(message_of(R"({"schema": 2})"), "labs/broken/lab.json: expected \"schema\": 1");
  EXPECT_NE(message_of(R"({"schema": 1, "order": 1, "techniques": []})").find("techniques"),
            std::string::npos);
  EXPECT_NE(message_of(R"({"schema": 1, "techniques": ["mutex"]})").find("order"),
            std::string::npos);
}

// The shipped declarations themselves: four labs in teaching order, criteria where they have one.
TEST(LabDeclaration, TheShippedLabsReadInTeachingOrder) {
  const auto labs = read_lab_declarations(fs::path(RACELAB_SOURCE_DIR) / "labs");
  // Every lab of labs/ but common, by its `order`, whatever labs are added later; the first two
  // are the ones the README starts with, and lost_update alone has no criteria part.
  std::size_t folders = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(RACELAB_SOURCE_DIR) / "labs")) {
    if (fs::exists(entry.path() / "lab.json")) ++folders;
  }
  ASSERT_EQ(labs.size(), folders);
  ASSERT_GE(labs.size(), 2U);
  for (std::size_t i = 1; i < labs.size(); ++i) {
    EXPECT_LT(labs[i - 1].order, labs[i].order) << labs[i - 1].name << " before " << labs[i].name;
  }
  EXPECT_EQ(labs[0].name, "lost_update");
  EXPECT_EQ(labs[1].name, "deadlock");
  EXPECT_FALSE(labs[0].has_criteria);
  EXPECT_TRUE(labs[1].has_criteria);
}

TEST_F(RubricFile, AStarGivesEveryLabAndTechniqueItsPointsButNoPartItLacks) {
  const Rubric rubric = read("points * * 3 2 1 1\n");
  EXPECT_EQ(rubric.points_for("first", "mutex", PartKind::functional), 3);
  EXPECT_EQ(rubric.points_for("first", "mutex", PartKind::tsan), 2);
  EXPECT_EQ(rubric.points_for("first", "mutex", PartKind::criteria), 0);  // none declared
  EXPECT_EQ(rubric.points_for("second", "atomic", PartKind::criteria), 1);
  EXPECT_EQ(rubric.points_for("second", "rwlock", PartKind::model), 0);  // not its technique
}

TEST_F(RubricFile, LaterLinesWinAndLabsKeepTheOrderTheyAreFirstNamedIn) {
  const Rubric rubric = read("points second * 1 1 1 1\npoints * * 3 3 3 3\n"
                             "points second atomic 0 0 5 0\n");
  ASSERT_EQ(rubric.labs.size(), 2U);
  EXPECT_EQ(rubric.labs[0].name, "second");
  EXPECT_EQ(rubric.labs[1].name, "first");
  EXPECT_EQ(rubric.points_for("second", "mutex", PartKind::model), 3);
  EXPECT_EQ(rubric.points_for("second", "atomic", PartKind::model), 5);
  EXPECT_EQ(rubric.points_for("second", "atomic", PartKind::functional), 0);
}

TEST_F(RubricFile, UnknownLabsTechniquesAndTheOldTechniquesLineAreMistakes) {
  EXPECT_THROW(read("points third * 1 1 1 1\n"), std::runtime_error);
  EXPECT_THROW(read("points first atomic 1 1 1 1\n"), std::runtime_error);
  EXPECT_THROW(read("techniques mutex\npoints * * 1 1 1 1\n"), std::runtime_error);
  EXPECT_THROW(read("repeat 3\n"), std::runtime_error);  // no points line
  try {
    read("\npoints third * 1 1 1 1\n");
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(":2: unknown lab 'third' (labs: first, second)"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace racelab::grade
