// racelab/verdict.hpp — the one shape every verdict is printed in, whoever reached it.
//
//   DATA RACE on balance_ (labs/lost_update/bug.hpp:24), on the main thread's stack
//     depositor 2  writes  labs/lost_update/bug.hpp:17  balance_.write(seen + amount);
//                          holding no lock
//     auditor      reads   labs/lost_update/bug.hpp:20  Amount balance() const { ... }
//                          holding no lock
//     no lock in common: nothing makes one access wait for the other
//
// A word in capitals and one line; a row per thread (its role, what it did, the lab's line and
// that line's text, and a detail line under it); then what the rows add up to. The report reader
// (scripts/reader) prints ThreadSanitizer's reports in it, and the lab programs their own
// verdicts (the deadlock lab's watchdog), so that a student learns to read one shape.
#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/color.h>
#include <fmt/format.h>

namespace racelab::verdict {

struct Row {
  std::string who;     // the thread's role: "depositor 2", "auditor", "main thread"
  std::string what;    // "writes", "reads", "takes account 1", "waits for account 0"
  std::string where;   // "labs/lost_update/bug.hpp:17", or "" when no line of the lab is known
  std::string source;  // that line's text, trimmed
  std::string detail;  // a second line under `what`: "holding no lock", "holding account 0 ..."
};

struct Verdict {
  std::string word;     // "DATA RACE", "LOCK-ORDER INVERSION", "DEADLOCK"
  std::string summary;  // the rest of the first line
  std::vector<Row> rows;
  std::vector<std::string> conclusions;  // a line each
};

// Line `line` (from 1) of `path`, without its indentation, or "" when the file cannot be read.
inline std::string source_line(const std::string& path, unsigned line) {
  if (path.empty() || line == 0) return {};
  std::ifstream in(path);
  std::string text;
  for (unsigned n = 0; n < line && std::getline(in, text); ++n) {
  }
  if (!in) return {};
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// The verdict as lines of text; `colour` paints the word (red) and the sources (dim).
inline std::string render(const Verdict& verdict, bool colour) {
  // fmt::styled, not fmt::format(style, ...): fmt 9's styled overload of format instantiates
  // its whole formatting engine (floats included) in every program that includes this header,
  // 40% of a lab program's code and a third of its compile time; styled goes through the
  // library's compiled vformat.
  const auto paint = [colour](std::string_view text, fmt::text_style style) {
    return colour ? fmt::format("{}", fmt::styled(text, style)) : std::string(text);
  };
  const auto bad = fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
  const auto dim = fmt::fg(fmt::terminal_color::bright_black);
  std::size_t who = 0, what = 0, where = 0;
  for (const Row& row : verdict.rows) {
    who = std::max(who, row.who.size());
    what = std::max(what, row.what.size());
    where = std::max(where, row.where.size());
  }
  std::string out = paint(verdict.word, bad);
  if (!verdict.summary.empty()) out += " " + verdict.summary;
  out += "\n";
  for (const Row& row : verdict.rows) {
    std::string line = fmt::format("  {:<{}}  {:<{}}", row.who, who, row.what, what);
    if (where > 0) line += fmt::format("  {:<{}}", row.where, where);
    if (!row.source.empty()) line += "  " + paint(row.source, dim);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
    if (!row.detail.empty()) out += fmt::format("  {:<{}}  {}\n", "", who, row.detail);
  }
  for (const std::string& conclusion : verdict.conclusions) out += "  " + conclusion + "\n";
  return out;
}

}  // namespace racelab::verdict
