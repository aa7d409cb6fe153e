#include "lab_declarations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace racelab::grade {

bool LabDeclaration::has_technique(std::string_view technique) const {
  return std::ranges::find(techniques, technique) != techniques.end();
}

LabDeclaration parse_lab_declaration(std::string name, std::string_view json,
                                     const std::string& origin) {
  const auto fail = [&](const std::string& what) -> LabDeclaration {
    throw std::runtime_error(fmt::format("{}: {}", origin, what));
  };
  const auto document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) return fail("not a JSON object");
  if (document.value("schema", 0) != 1) return fail("expected \"schema\": 1");
  LabDeclaration lab;
  lab.name = std::move(name);
  const auto order = document.find("order");
  if (order == document.end() || !order->is_number_integer()) {
    return fail("\"order\" must be a whole number (the lab's place in the teaching order)");
  }
  lab.order = order->get<int>();
  const auto techniques = document.find("techniques");
  if (techniques == document.end() || !techniques->is_array() || techniques->empty()) {
    return fail("\"techniques\" must list at least one technique");
  }
  for (const auto& technique : *techniques) {
    if (!technique.is_string()) return fail("\"techniques\" must be strings");
    lab.techniques.push_back(technique.get<std::string>());
  }
  const auto criteria = document.find("criteria");
  lab.has_criteria = criteria != document.end() && criteria->is_object();
  return lab;
}

std::vector<LabDeclaration> read_lab_declarations(const std::filesystem::path& labs_dir) {
  std::vector<LabDeclaration> labs;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(labs_dir, error)) {
    const auto file = entry.path() / "lab.json";
    if (!entry.is_directory() || !std::filesystem::is_regular_file(file)) continue;
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
    labs.push_back(
        parse_lab_declaration(entry.path().filename().string(), text.str(), file.string()));
  }
  if (error) {
    throw std::runtime_error(fmt::format("cannot list {}: {}", labs_dir.string(), error.message()));
  }
  if (labs.empty()) {
    throw std::runtime_error(fmt::format("no lab declared in {}/*/lab.json", labs_dir.string()));
  }
  std::ranges::sort(labs, [](const LabDeclaration& a, const LabDeclaration& b) {
    return std::tie(a.order, a.name) < std::tie(b.order, b.name);
  });
  return labs;
}

const LabDeclaration* find_lab(const std::vector<LabDeclaration>& labs, std::string_view name) {
  const auto found = std::ranges::find(labs, name, &LabDeclaration::name);
  return found == labs.end() ? nullptr : &*found;
}

}  // namespace racelab::grade
