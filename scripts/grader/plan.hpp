// plan.hpp — the grading plan, build/PRESET/grading-plan.tsv, which cmake/RacelabGrading.cmake
// writes: one row per graded command, so that every command the grader runs is the one the test
// suite defines (the same binary, filter and arguments), never a copy kept here.
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "rubric.hpp"

namespace racelab::grade {

// lab  tree  technique  part  serial  target  command...   (tab-separated)
struct PlanRow {
  std::string lab, tree, technique;
  PartKind kind = PartKind::functional;
  bool serial = false;
  std::string target;
  std::vector<std::string> command;
};

// The rows of a plan; a line that is not a row (too few fields, an unknown part) is skipped.
std::vector<PlanRow> parse_plan(std::istream& in);

// build_dir/grading-plan.tsv; throws std::runtime_error when there is none.
std::vector<PlanRow> read_plan(const std::filesystem::path& build_dir);

// Which build each part's checks come from: the lab's own timing criteria from the plain one,
// everything else from the tsan preset, which has the real-thread checks under ThreadSanitizer
// and the model checks (uninstrumented in any build, so built in that preset only).
std::string_view preset_of(PartKind kind);

}  // namespace racelab::grade
