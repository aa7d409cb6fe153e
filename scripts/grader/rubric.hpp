// rubric.hpp — rubric.txt, the instructor's side of grading: points per lab × technique × part,
// how often each part runs, its limits and who sees it. The file's own comments document it.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab_declarations.hpp"
#include "sandbox.hpp"

namespace racelab::grade {

enum class PartKind { functional, tsan, model, criteria };
inline constexpr std::array kPartKinds{PartKind::functional, PartKind::tsan, PartKind::model,
                                       PartKind::criteria};
std::string_view name_of(PartKind kind);
std::optional<PartKind> part_kind_named(std::string_view name);

// What a part is worth when this machine cannot measure its claim (one core: no speedup to see;
// cores too busy): ungraded leaves its points out of both the score and the maximum; full and
// zero award them or not. Never a silent 0: every report says the part was not gradable here.
enum class WhenUnmeasurable { ungraded, full, zero };
std::string_view name_of(WhenUnmeasurable policy);

struct PartRule {
  double points = 0;
  std::optional<unsigned> runs;  // empty: the repeat count
  Limits limits;
  std::string visibility = "visible";
};

struct Rubric {
  // Every declared lab: in the order of their first `points` line (a '*' line names them in
  // teaching order), which is the order their parts start and are reported in.
  std::vector<LabDeclaration> labs;
  unsigned repeat = 5;
  std::chrono::seconds build_timeout{900};
  WhenUnmeasurable when_unmeasurable = WhenUnmeasurable::ungraded;
  // points[lab][technique][part]; a '*' row is expanded when it is read.
  std::map<std::string, std::map<std::string, std::array<double, kPartKinds.size()>>> points;
  std::array<PartRule, kPartKinds.size()> parts;

  const PartRule& rule(PartKind kind) const { return parts[static_cast<std::size_t>(kind)]; }
  // 0 for a part the lab does not have (no criteria declared) and for a lab or technique no
  // `points` line names.
  double points_for(const std::string& lab, const std::string& technique, PartKind kind) const;
  unsigned runs_of(PartKind kind) const { return rule(kind).runs.value_or(repeat); }
};

// Reads a rubric for the declared `labs` (its `points` lines name them and their techniques, or
// '*' for all); a mistake throws std::runtime_error with "FILE:LINE: what is wrong".
Rubric read_rubric(const std::filesystem::path& file, std::vector<LabDeclaration> labs);

}  // namespace racelab::grade
