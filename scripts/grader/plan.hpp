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

// The builds a part's checks come from, in the order they run: the lab's own timing criteria from
// the plain one (dev); the functional checks under ThreadSanitizer (tsan), then under
// AddressSanitizer (dev's checks), which sees the uses after free and the leaks TSan does not;
// the lab programs under TSan and the model checks (uninstrumented in any build, so built in one
// preset only) from tsan.
std::vector<std::string_view> presets_of(PartKind kind);
bool runs_in(PartKind kind, std::string_view preset);

}  // namespace racelab::grade
