#include "plan.hpp"

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

std::string_view preset_of(PartKind kind) { return kind == PartKind::criteria ? "dev" : "tsan"; }

}  // namespace racelab::grade
