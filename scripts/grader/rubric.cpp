#include "rubric.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace racelab::grade {
namespace {

std::size_t index_of(PartKind kind) { return static_cast<std::size_t>(kind); }

constexpr std::array kPolicies{WhenUnmeasurable::ungraded, WhenUnmeasurable::full,
                               WhenUnmeasurable::zero};

class RubricReader {
 public:
  RubricReader(std::filesystem::path file, std::vector<LabDeclaration> labs)
      : file_(std::move(file)), labs_(std::move(labs)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(fmt::format("{}:{}: {}", file_.string(), line_number_, what));
  }

  double number(const std::string& word, double max) const {
    double value = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (error != std::errc{} || end != word.data() + word.size() || value < 0 || value > max) {
      fail(fmt::format("'{}' is not a number from 0 to {}", word, max));
    }
    return value;
  }

  unsigned whole(const std::string& word, unsigned min, unsigned max) const {
    const double value = number(word, max);
    if (value < min || value != static_cast<unsigned>(value)) {
      fail(fmt::format("'{}' is not a whole number from {} to {}", word, min, max));
    }
    return static_cast<unsigned>(value);
  }

  PartKind part(const std::string& word) const {
    if (const auto kind = part_kind_named(word)) return *kind;
    fail(fmt::format("unknown part '{}' (parts: functional, tsan, model, criteria)", word));
  }

  void expect_words(const std::vector<std::string>& words, std::size_t count) const {
    if (words.size() != count) {
      fail(fmt::format("'{}' takes {} values, not {}", words[0], count - 1, words.size() - 1));
    }
  }

  Rubric read() {
    std::ifstream in(file_);
    if (!in) throw std::runtime_error(fmt::format("cannot read the rubric {}", file_.string()));
    Rubric rubric;
    std::string line;
    while (std::getline(in, line)) {
      ++line_number_;
      if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
      std::istringstream split(line);
      std::vector<std::string> words;
      for (std::string word; split >> word;) words.push_back(word);
      if (words.empty()) continue;
      apply(rubric, words);
    }
    if (rubric.labs.empty()) fail("no 'points' line");
    // Labs no `points` line names are still known (they score nothing), after the others.
    for (const auto& lab : labs_) {
      if (find_lab(rubric.labs, lab.name) == nullptr) rubric.labs.push_back(lab);
    }
    return rubric;
  }

 private:
  void apply(Rubric& rubric, const std::vector<std::string>& words) {
    const std::string& key = words[0];
    if (key == "techniques") {
      fail("'techniques' is no longer a rubric setting: each lab declares its own, in "
           "labs/LAB/lab.json");
    } else if (key == "points") {
      expect_words(words, 3 + kPartKinds.size());
      std::array<double, kPartKinds.size()> points{};
      for (std::size_t i = 0; i < points.size(); ++i) points[i] = number(words[3 + i], 1000);
      std::vector<const LabDeclaration*> labs;
      if (words[1] == "*") {
        for (const auto& lab : labs_) labs.push_back(&lab);
      } else if (const LabDeclaration* lab = find_lab(labs_, words[1])) {
        labs.push_back(lab);
      } else {
        fail(fmt::format("unknown lab '{}' (labs: {})", words[1], lab_names()));
      }
      for (const LabDeclaration* lab : labs) {
        if (words[2] == "*") {
          for (const auto& technique : lab->techniques)
            rubric.points[lab->name][technique] = points;
        } else if (lab->has_technique(words[2])) {
          rubric.points[lab->name][words[2]] = points;
        } else if (words[1] != "*") {
          fail(fmt::format("unknown technique '{}' of {} (techniques: {})", words[2], lab->name,
                           fmt::join(lab->techniques, ", ")));
        }
      }
      for (const LabDeclaration* lab : labs) {
        if (find_lab(rubric.labs, lab->name) == nullptr) rubric.labs.push_back(*lab);
      }
    } else if (key == "repeat") {
      expect_words(words, 2);
      rubric.repeat = whole(words[1], 1, 1000);
    } else if (key == "runs") {
      expect_words(words, 3);
      auto& rule = rubric.parts[index_of(part(words[1]))];
      if (words[2] == "repeat") {
        rule.runs.reset();
      } else {
        rule.runs = whole(words[2], 1, 1000);
      }
    } else if (key == "timeout") {
      expect_words(words, 3);
      const std::chrono::seconds seconds{whole(words[2], 1, 86400)};
      if (words[1] == "build") {
        rubric.build_timeout = seconds;
      } else {
        rubric.parts[index_of(part(words[1]))].limits.timeout = seconds;
      }
    } else if (key == "limit") {
      expect_words(words, 3);
      for (auto& rule : rubric.parts) {
        if (words[1] == "memory_mib") {
          rule.limits.memory_bytes = std::uint64_t{whole(words[2], 16, 1U << 20)} << 20;
        } else if (words[1] == "processes") {
          rule.limits.processes = whole(words[2], 1, 100000);
        } else if (words[1] == "output_kib") {
          rule.limits.output_bytes = std::size_t{whole(words[2], 1, 1U << 20)} << 10;
        } else {
          fail(fmt::format("unknown limit '{}' (limits: memory_mib, processes, output_kib)",
                           words[1]));
        }
      }
    } else if (key == "visibility") {
      expect_words(words, 3);
      const std::string& visibility = words[2];
      if (visibility != "visible" && visibility != "hidden" && visibility != "after_due_date" &&
          visibility != "after_published") {
        fail(fmt::format("unknown visibility '{}' ({})", visibility,
                         "visible, hidden, after_due_date, after_published"));
      }
      rubric.parts[index_of(part(words[1]))].visibility = visibility;
    } else if (key == "when-unmeasurable") {
      expect_words(words, 2);
      const auto policy = std::ranges::find_if(
          kPolicies, [&](WhenUnmeasurable candidate) { return name_of(candidate) == words[1]; });
      if (policy == kPolicies.end()) {
        fail(fmt::format("unknown when-unmeasurable '{}' (ungraded, full, zero)", words[1]));
      }
      rubric.when_unmeasurable = *policy;
    } else {
      fail(fmt::format("unknown setting '{}'", key));
    }
  }

  std::string lab_names() const {
    std::vector<std::string> names;
    for (const auto& lab : labs_) names.push_back(lab.name);
    return fmt::format("{}", fmt::join(names, ", "));
  }

  std::filesystem::path file_;
  std::vector<LabDeclaration> labs_;
  int line_number_ = 0;
};

}  // namespace

std::string_view name_of(PartKind kind) {
  switch (kind) {
    case PartKind::functional: return "functional";
    case PartKind::tsan: return "tsan";
    case PartKind::model: return "model";
    case PartKind::criteria: return "criteria";
  }
  return "?";
}

std::string_view name_of(WhenUnmeasurable policy) {
  switch (policy) {
    case WhenUnmeasurable::ungraded: return "ungraded";
    case WhenUnmeasurable::full: return "full";
    case WhenUnmeasurable::zero: return "zero";
  }
  return "?";
}

std::optional<PartKind> part_kind_named(std::string_view name) {
  for (const PartKind kind : kPartKinds) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

double Rubric::points_for(const std::string& lab, const std::string& technique,
                          PartKind kind) const {
  const LabDeclaration* declared = find_lab(labs, lab);
  if (declared == nullptr || (kind == PartKind::criteria && !declared->has_criteria)) return 0;
  const auto by_lab = points.find(lab);
  if (by_lab == points.end()) return 0;
  const auto by_technique = by_lab->second.find(technique);
  if (by_technique == by_lab->second.end()) return 0;
  return by_technique->second[index_of(kind)];
}

Rubric read_rubric(const std::filesystem::path& file, std::vector<LabDeclaration> labs) {
  return RubricReader(file, std::move(labs)).read();
}

}  // namespace racelab::grade
