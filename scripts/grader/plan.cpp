#include "plan.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace racelab::grade {

std::vector<PlanRow> parse_plan(std::istream& in) {
  std::vector<PlanRow> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    if (fields.size() < 7) continue;
    const auto kind = part_kind_named(fields[3]);
    if (!kind) continue;
    PlanRow row{fields[0], fields[1], fields[2], *kind, fields[4] == "1", fields[5], {}};
    row.command.assign(fields.begin() + 6, fields.end());
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<PlanRow> read_plan(const std::filesystem::path& build_dir) {
  std::ifstream in(build_dir / "grading-plan.tsv");
  if (!in) throw std::runtime_error("no grading plan in " + build_dir.string());
  return parse_plan(in);
}

std::vector<std::string_view> presets_of(PartKind kind) {
  switch (kind) {
    case PartKind::criteria: return {"dev"};
    case PartKind::functional: return {"tsan", "dev"};
    case PartKind::tsan:
    case PartKind::model: return {"tsan"};
  }
  return {};
}

bool runs_in(PartKind kind, std::string_view preset) {
  const auto presets = presets_of(kind);
  return std::find(presets.begin(), presets.end(), preset) != presets.end();
}

}  // namespace racelab::grade
