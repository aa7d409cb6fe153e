#include "reports.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>
#include <racelab/report.hpp>

namespace racelab::grade {
namespace {

namespace fs = std::filesystem;
// Keys in the order they are set: Gradescope's and Autolab's documented order, and a reader's.
using Json = nlohmann::ordered_json;

std::string points_text(double points) { return fmt::format("{:g}", points); }

// Whole points as whole numbers ("score": 3, not 3.0), fractions as they are.
Json points_json(double points) {
  const auto whole = static_cast<long long>(points);
  return static_cast<double>(whole) == points ? Json(whole) : Json(points);
}

std::string xml_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Gradescope knows "passed" and "failed" only: a part not gradable here says which its points
// amount to, or, when they are out of the score and the maximum (0 / 0), leaves it unsaid.
std::string_view gradescope_status(const Part& part) {
  if (part.status != Status::not_gradable) {
    return part.status == Status::passed ? "passed" : "failed";
  }
  switch (part.when_unmeasurable) {
    case WhenUnmeasurable::full: return "passed";
    case WhenUnmeasurable::zero: return "failed";
    case WhenUnmeasurable::ungraded: return {};
  }
  return {};
}

// A part's points as the table and the summary show them: "n/a" for one left out of the score.
std::string points_cell(const Part& part) {
  if (!part.counted()) return "n/a";
  return fmt::format("{}/{}", points_text(part.points), points_text(part.max_points));
}

std::string overall_output(const Grade& grade) {
  std::string out = fmt::format("racelab grade of {}: {} / {}\n", grade.submission,
                                points_text(grade.score()), points_text(grade.max_score()));
  for (const auto& note : grade.notes) out += note + "\n";
  return out;
}

// Gradescope's results.json (its "Autograder specifications"): the score, the overall output,
// and one test per part, numbered lab.technique.part.
std::string results_json(const Grade& grade) {
  Json tests = Json::array();
  std::map<std::string, int> lab_numbers, technique_numbers;
  for (const Part& part : grade.parts) {
    const int lab =
        lab_numbers.try_emplace(part.lab, static_cast<int>(lab_numbers.size()) + 1).first->second;
    const int technique = technique_numbers
                              .try_emplace(part.lab + "/" + part.technique,
                                           static_cast<int>(technique_numbers.size()) + 1)
                              .first->second;
    std::string output = part.reason;
    if (!part.output.empty()) output += "\n\n" + part.output;
    Json test;
    test["name"] = part.name();
    test["number"] = fmt::format("{}.{}.{}", lab, technique, static_cast<int>(part.kind) + 1);
    test["score"] = points_json(part.points);
    test["max_score"] = points_json(part.counted_max_points());
    if (const auto status = gradescope_status(part); !status.empty()) test["status"] = status;
    test["visibility"] = part.visibility;
    Json tags = Json::array({part.lab, part.technique, name_of(part.kind)});
    if (part.status == Status::not_gradable) tags.push_back("not-gradable-here");
    test["tags"] = tags;
    test["output"] = output;
    tests.push_back(std::move(test));
  }
  Json results;
  results["score"] = points_json(grade.score());
  results["execution_time"] = static_cast<long>(grade.seconds + 0.5);
  results["output"] = overall_output(grade);
  results["visibility"] = "visible";
  results["stdout_visibility"] = "visible";
  results["tests"] = std::move(tests);
  return results.dump(2) + "\n";
}

std::string junit_xml(const Grade& grade) {
  std::map<std::string, std::vector<const Part*>> by_lab;
  std::vector<std::string> order;
  for (const auto& part : grade.parts) {
    if (by_lab[part.lab].empty()) order.push_back(part.lab);
    by_lab[part.lab].push_back(&part);
  }
  auto counting = [](Status status) {
    return [status](const std::vector<const Part*>& parts) {
      return static_cast<std::size_t>(std::count_if(parts.begin(), parts.end(), [&](const Part* p) {
        return status == Status::failed
                   ? p->status != Status::passed && p->status != Status::not_gradable
                   : p->status == status;
      }));
    };
  };
  const auto failures = counting(Status::failed);       // or pending: not graded at all
  const auto skipped = counting(Status::not_gradable);  // JUnit's word for a check not judged
  std::size_t total_failures = 0, total_skipped = 0;
  for (const auto& [lab, parts] : by_lab) {
    total_failures += failures(parts);
    total_skipped += skipped(parts);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      fmt::format("<testsuites name=\"racelab grade\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" "
                  "time=\"{:.1f}\">\n",
                  grade.parts.size(), total_failures, total_skipped, grade.seconds);
  for (const auto& lab : order) {
    const auto& parts = by_lab[lab];
    double seconds = 0;
    for (const Part* part : parts) seconds += part->seconds;
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.1f}\">\n",
        xml_escaped(lab), parts.size(), failures(parts), skipped(parts), seconds);
    for (const Part* part : parts) {
      out += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.1f}\">\n",
                         xml_escaped(part->lab), xml_escaped(part->technique), name_of(part->kind),
                         part->seconds);
      out += fmt::format(
          "      <properties><property name=\"points\" value=\"{} / {}\"/></properties>\n",
          points_text(part->points), points_text(part->counted_max_points()));
      if (part->status == Status::not_gradable) {
        out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escaped(part->reason));
      } else if (part->status != Status::passed) {
        out += fmt::format("      <failure message=\"{}\">{}</failure>\n",
                           xml_escaped(part->reason), xml_escaped(part->output));
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

void replace_file(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

// A lab × technique row's cells, in part order.
struct Row {
  std::string lab, technique;
  std::vector<const Part*> parts;
};

std::vector<Row> rows_of(const Grade& grade) {
  std::vector<Row> rows;
  for (const auto& part : grade.parts) {
    if (rows.empty() || rows.back().lab != part.lab || rows.back().technique != part.technique) {
      rows.push_back({part.lab, part.technique, {}});
    }
    rows.back().parts.push_back(&part);
  }
  return rows;
}

}  // namespace

double Grade::score() const {
  double total = 0;
  for (const auto& part : parts) total += part.points;
  return total;
}

double Grade::max_score() const {
  double total = 0;
  for (const auto& part : parts) total += part.counted_max_points();
  return total;
}

void write_reports(const Grade& grade, const fs::path& directory) {
  fs::create_directories(directory);
  // Each failed part's whole output, which its excerpt names last: the tools' own words.
  for (const auto& part : grade.parts) {
    if (part.status != Status::failed || part.raw.empty()) continue;
    const fs::path raw = directory / part.raw_file();
    fs::create_directories(raw.parent_path());
    replace_file(raw, part.raw);
  }
  replace_file(directory / "results.json", results_json(grade));
  replace_file(directory / "junit.xml", junit_xml(grade));
  replace_file(directory / "summary.md", markdown_summary(grade));
}

std::string markdown_summary(const Grade& grade) {
  std::string out = fmt::format("## racelab grade: {} / {}\n\n", points_text(grade.score()),
                                points_text(grade.max_score()));
  out += fmt::format("Graded: `{}`\n\n", grade.submission);
  for (const auto& note : grade.notes) out += "- " + note + "\n";
  if (!grade.notes.empty()) out += "\n";
  out += "| lab | technique |";
  for (const PartKind kind : kPartKinds) out += fmt::format(" {} |", name_of(kind));
  out += " points |\n|---|---|";
  for (std::size_t i = 0; i <= kPartKinds.size(); ++i) out += "---|";
  out += "\n";
  for (const Row& row : rows_of(grade)) {
    out += fmt::format("| {} | {} |", row.lab, row.technique);
    double points = 0, max_points = 0;
    for (const PartKind kind : kPartKinds) {
      const auto it = std::find_if(row.parts.begin(), row.parts.end(),
                                   [&](const Part* p) { return p->kind == kind; });
      if (it == row.parts.end()) {
        out += " |";
        continue;
      }
      const Part& part = **it;
      points += part.points;
      max_points += part.counted_max_points();
      const char* mark = part.status == Status::passed         ? "✅"
                         : part.status == Status::pending      ? "⏸"
                         : part.status == Status::not_gradable ? "➖"
                                                               : "❌";
      out += fmt::format(" {} {} |", mark, points_cell(part));
    }
    out += fmt::format(" **{}/{}** |\n", points_text(points), points_text(max_points));
  }
  bool heading = false;
  for (const auto& part : grade.parts) {
    if (part.status != Status::not_gradable) continue;
    if (!heading) out += "\n### Not gradable on this machine\n\n";
    heading = true;
    out += fmt::format("- **{}**: {}\n", part.name(), part.reason);
  }
  heading = false;
  for (const auto& part : grade.parts) {
    if (part.status == Status::passed || part.status == Status::not_gradable) continue;
    if (!heading) out += "\n### What failed\n\n";
    heading = true;
    out +=
        fmt::format("<details><summary><b>{}</b>: {}</summary>\n\n```\n{}```\n</details>\n\n",
                    part.name(), part.reason, part.output.empty() ? "(no output)\n" : part.output);
  }
  return out;
}

void print_table(const Grade& grade) {
  using report::kBad;
  using report::kDim;
  using report::kGood;
  using report::paint;
  fmt::print("\n  {:<12} {:<10}", "lab", "technique");
  for (const PartKind kind : kPartKinds) fmt::print(" {:>10}", name_of(kind));
  fmt::print(" {:>8}\n", "points");
  std::string last_lab;
  for (const Row& row : rows_of(grade)) {
    fmt::print("  {:<12} {:<10}", row.lab == last_lab ? "" : row.lab, row.technique);
    last_lab = row.lab;
    double points = 0, max_points = 0;
    for (const PartKind kind : kPartKinds) {
      const auto it = std::find_if(row.parts.begin(), row.parts.end(),
                                   [&](const Part* p) { return p->kind == kind; });
      if (it == row.parts.end()) {
        fmt::print(" {:>10}", "");
        continue;
      }
      const Part& part = **it;
      points += part.points;
      max_points += part.counted_max_points();
      const auto style = part.status == Status::passed         ? kGood
                         : part.status == Status::not_gradable ? kDim
                                                               : kBad;
      fmt::print(" {}", paint(fmt::format("{:>10}", points_cell(part)), style));
    }
    const std::string total = fmt::format("{}/{}", points_text(points), points_text(max_points));
    fmt::print(" {}\n", paint(fmt::format("{:>8}", total), points == max_points ? kGood : kBad));
  }
  const std::string total =
      fmt::format("{} / {}", points_text(grade.score()), points_text(grade.max_score()));
  fmt::print("\n  {:<23} {}\n", "total",
             paint(total, grade.score() == grade.max_score() ? kGood : kBad));
  bool heading = false;
  for (const auto& part : grade.parts) {
    if (part.status != Status::not_gradable) continue;
    if (!heading) {
      fmt::print("\n  not gradable on this machine (the rubric decides their points):\n");
    }
    heading = true;
    fmt::print("    {:<36} {}\n", part.key(), paint(part.reason, kDim));
  }
  heading = false;
  for (const auto& part : grade.parts) {
    if (part.status == Status::passed || part.status == Status::not_gradable) continue;
    if (!heading) fmt::print("\n  why points were lost (the reports have each check's output):\n");
    heading = true;
    fmt::print("    {:<36} {}\n", part.key(), paint(part.reason, kDim));
  }
  for (const auto& note : grade.notes) fmt::print("\n  {}", note);
  if (!grade.notes.empty()) fmt::print("\n");
}

// Autolab's last line of output: {"scores": {PROBLEM: POINTS, ...}, "scoreboard": [TOTAL]}.
std::string autolab_line(const Grade& grade) {
  Json scores = Json::object();
  for (const auto& part : grade.parts) {
    // Autolab scores the problems the line names: one left out of the grade stays unscored there.
    if (!part.counted()) continue;
    scores[part.key()] = points_json(part.points);
  }
  Json line;
  line["scores"] = std::move(scores);
  line["scoreboard"] = Json::array({points_json(grade.score())});
  return line.dump();
}

}  // namespace racelab::grade
