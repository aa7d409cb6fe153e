// lab_declarations.hpp — the labs the grader knows: labs/LAB/lab.json in racelab's own tree,
// never in a submission (HACKING.md documents the file). The grader reads what grading needs of
// it: which techniques (exercise files) a lab has, whether it has a criteria part, and its place
// in the teaching order (a rubric's '*' names the labs in that order).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace racelab::grade {

struct LabDeclaration {
  std::string name;
  int order = 0;
  std::vector<std::string> techniques;
  bool has_criteria = false;

  bool has_technique(std::string_view technique) const;
};

// One declaration from its JSON text; a mistake throws std::runtime_error naming `origin`.
LabDeclaration parse_lab_declaration(std::string name, std::string_view json,
                                     const std::string& origin);

// Every labs_dir/LAB/lab.json, in teaching order (then by name). Throws std::runtime_error on a
// file it cannot read or parse, and when there is none.
std::vector<LabDeclaration> read_lab_declarations(const std::filesystem::path& labs_dir);

// The lab named `name`, or nullptr.
const LabDeclaration* find_lab(const std::vector<LabDeclaration>& labs, std::string_view name);

}  // namespace racelab::grade
