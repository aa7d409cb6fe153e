#include "excerpt.hpp"

#include <regex>
#include <sstream>
#include <vector>

#include "explain.hpp"
#include "gtest_output.hpp"
#include "relacy_timeline.hpp"

namespace racelab::grade {
namespace {

using reader::lines_of;

bool contains(std::string_view line, std::string_view what) {
  return line.find(what) != std::string_view::npos;
}

bool starts_with(std::string_view line, std::string_view what) {
  return line.substr(0, what.size()) == what;
}

// The first report of a sanitizer, from the line `opens` to the line `closes` (both kept).
template <class Opens, class Closes>
std::vector<std::string> first_report(const std::vector<std::string>& lines, std::size_t cap,
                                      Opens opens, Closes closes) {
  std::vector<std::string> report;
  bool inside = false;
  for (const auto& line : lines) {
    if (opens(line)) inside = true;
    if (!inside) continue;
    if (report.size() < cap) report.push_back(line);
    if (closes(line)) break;
  }
  return report;
}

// The first ThreadSanitizer report, from its WARNING line to its SUMMARY line.
std::vector<std::string> first_tsan_report(const std::vector<std::string>& lines, std::size_t cap) {
  return first_report(
      lines, cap,
      [](std::string_view line) {
        return starts_with(line, "WARNING: ThreadSanitizer") ||
               contains(line, "ERROR: ThreadSanitizer");
      },
      [](std::string_view line) { return starts_with(line, "SUMMARY: ThreadSanitizer"); });
}

// The first AddressSanitizer report (a use after free, an overflow; LeakSanitizer's leaks at
// exit), from its ERROR line to its SUMMARY line: the shadow-byte map after it is for the tool's
// authors.
std::vector<std::string> first_asan_report(const std::vector<std::string>& lines, std::size_t cap) {
  return first_report(
      lines, cap,
      [](std::string_view line) {
        return contains(line, "ERROR: AddressSanitizer: ") ||
               contains(line, "ERROR: LeakSanitizer: ");
      },
      [](std::string_view line) { return starts_with(line, "SUMMARY: AddressSanitizer"); });
}

// ThreadSanitizer's reports in the lab's words (scripts/reader), read against the tree that was
// built: its files give each line's text. At most two verdicts: a student fixes one race at a time.
std::vector<std::string> tsan_short_form(std::string_view output, std::string_view root) {
  reader::Context context;
  context.sources = std::string(root);
  const reader::Explained explained = reader::explain(output, context, 2);
  if (explained.reports == 0) return {};
  return lines_of(reader::render(explained, false));
}

// GoogleTest's failure messages: from "file:line: Failure" to the next test marker, without
// GoogleTest's wording of an expectation where the check's own message follows it
// (gtest_output.hpp).
std::vector<std::string> gtest_failures(const std::vector<std::string>& lines, std::size_t cap) {
  std::vector<std::string> kept;
  std::vector<std::string> wording;  // of the failure whose site was kept last
  bool inside = false, after_site = false;
  const auto keep = [&](const std::string& line) {
    if (kept.size() < cap) kept.push_back(line);
  };
  for (const auto& line : lines) {
    if (after_site) {
      if (reader::is_expectation_wording(line)) {
        wording.push_back(line);
        continue;
      }
      after_site = false;
      // A message of the check's own says it; without one, the wording is all there is.
      if (!reader::is_checks_message(line)) {
        for (const auto& said : wording) keep(said);
      }
      wording.clear();
    }
    if (contains(line, ": Failure") || contains(line, ": Skipped")) inside = true;
    if (starts_with(line, "[  FAILED  ]") || starts_with(line, "[  SKIPPED ]") ||
        starts_with(line, "[ RUN") || starts_with(line, "[       OK") ||
        starts_with(line, "Relacy's report:")) {
      inside = false;
    }
    if (starts_with(line, "WARNING: ThreadSanitizer")) inside = false;
    if (inside) keep(line);
    if (inside && reader::is_failure_site(line)) after_site = true;
    if (starts_with(line, "[  FAILED  ]") && !contains(line, "listed below")) keep(line);
  }
  for (const auto& said : wording) keep(said);
  return kept;
}

// One line per failed model check, "✗ mutex.ModelTwoDepositors: DATA RACE after 1 executions":
// GoogleTest's own message for it ("Value of: verdict.passed()", "Actual: false") says nothing
// the verdict does not. The verdict is the check's last one that is not SUCCESS.
std::vector<std::string> model_failures(const std::vector<std::string>& lines) {
  static const std::regex failed(R"(^\[  FAILED  \] ([A-Za-z0-9_./]+) \([0-9]+ ms\)$)");
  std::vector<std::string> kept;
  std::string verdict;
  for (const auto& line : lines) {
    if (starts_with(line, "[ RUN      ]")) verdict.clear();
    if (starts_with(line, "Relacy verdict: ") && !starts_with(line, "Relacy verdict: SUCCESS")) {
      verdict = line.substr(16);
    }
    std::smatch match;
    if (std::regex_match(line, match, failed)) {
      kept.push_back("✗ " + match[1].str() + (verdict.empty() ? "" : ": " + verdict));
    }
  }
  return kept;
}

// A failed model check in the lab's words: the command that replays it, and the first failing
// execution as a timeline of the lab's steps (scripts/reader, relacy_timeline.hpp), read against
// the tree that was built. One timeline: a student fixes one failure at a time.
std::vector<std::string> relacy_timeline(std::string_view output, std::string_view root,
                                         std::size_t most_steps) {
  const auto lines = lines_of(output);
  std::vector<std::string> kept;
  for (const auto& line : lines) {
    if (starts_with(line, "replay: ") && kept.size() < 3) kept.push_back(line);
  }
  reader::Context context;
  context.sources = std::string(root);
  context.most_steps = most_steps;
  for (const auto& block : reader::relacy::report_blocks(output)) {
    const auto report = reader::relacy::parse(block.text);
    if (!report) continue;
    std::string test;
    for (std::size_t i = block.first_line; i-- > 0;) {
      if (starts_with(lines[i], "[ RUN      ] ")) {
        test = lines[i].substr(13);
        break;
      }
    }
    for (auto& line :
         lines_of(verdict::render(reader::relacy::timeline(*report, context, test), false))) {
      kept.push_back(std::move(line));
    }
    return kept;
  }
  // No report to read (a check that crashed, or output cut short): the verdicts are all there is.
  for (const auto& line : lines) {
    if (starts_with(line, "Relacy verdict:") && (kept.empty() || kept.back() != line)) {
      kept.push_back(line);
    }
  }
  return kept;
}

std::vector<std::string> tail(const std::vector<std::string>& lines, std::size_t count) {
  std::vector<std::string> kept;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) {
    kept.push_back(lines[i]);
  }
  return kept;
}

std::string joined(const std::vector<std::vector<std::string>>& sections) {
  std::string out;
  for (const auto& section : sections) {
    if (section.empty()) continue;
    if (!out.empty()) out += "\n";
    for (const auto& line : section) out += line + "\n";
  }
  return out;
}

std::string without_root(std::string text, std::string_view root) {
  if (root.empty()) return text;
  const std::string prefix = std::string(root) + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {  // a colour code
      std::size_t end = i + 2;
      while (end < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == ';')) {
        ++end;
      }
      i = end + 1;
      continue;
    }
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xe  ? 3
                         : (byte >> 3) == 0x1e ? 4
                                               : 0;
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    }
    if (!valid) {
      out += '?';
      ++i;
      continue;
    }
    if (length == 1 && byte < 0x20 && byte != '\n' && byte != '\t') {
      out += '?';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string headline(PartKind kind, std::string_view output) {
  const auto lines = lines_of(printable(output));
  // A run prints one verdict per model check; a check that passed says nothing of why the run
  // failed, so the headline is the first verdict that is not SUCCESS, or none of Relacy's.
  for (const auto& line : lines) {
    if (starts_with(line, "Relacy verdict:") && !starts_with(line, "Relacy verdict: SUCCESS")) {
      return line;
    }
  }
  for (const auto& line : lines) {
    if (starts_with(line, "WARNING: ThreadSanitizer: ")) return line.substr(9);
    if (const auto at = line.find("ERROR: ThreadSanitizer: "); at != std::string::npos) {
      return line.substr(at + 7);
    }
  }
  // "==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x... at pc ...": its kind.
  for (const auto& line : lines) {
    for (const std::string_view tool : {"AddressSanitizer: ", "LeakSanitizer: "}) {
      const auto at = line.find(std::string("ERROR: ").append(tool));
      if (at == std::string::npos) continue;
      const std::string what = line.substr(at + 7);
      return what.substr(0, what.find(" on address"));
    }
  }
  if (kind == PartKind::criteria || kind == PartKind::tsan) {
    // The lab programs end with their verdict, a word in capitals: DEADLOCK, LOST UPDATES, ...
    static const std::regex verdict("^[A-Z][A-Z _]{3,}( |$).*");
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
      if (std::regex_match(*it, verdict)) return *it;
    }
  }
  for (const auto& line : lines) {
    if (starts_with(line, "FAIL: ")) return line.substr(6);
  }
  // GoogleTest: the last line of the first failure, which is the check's own message.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!contains(lines[i], ": Failure")) continue;
    std::size_t last = i;
    while (last + 1 < lines.size() && !lines[last + 1].empty() &&
           !starts_with(lines[last + 1], "[")) {
      ++last;
    }
    return "a check failed: " + lines[last];
  }
  return {};
}

std::string excerpt_for_student(PartKind kind, std::string_view output, std::string_view root,
                                std::string_view raw_file) {
  const std::string clean = printable(output);
  const auto lines = lines_of(clean);
  // The part's reason and a blank line come above the excerpt (reports.cpp), the raw file's line
  // below it: what is left of kMaxExcerptLines.
  const std::size_t room = kMaxExcerptLines - 2 - (raw_file.empty() ? 0 : 1);
  std::string text;
  switch (kind) {
    case PartKind::model:
      // A timeline too long for the room shows fewer of its steps, never loses its end.
      for (std::size_t most_steps = 20;; most_steps -= 5) {
        text = joined({model_failures(lines), relacy_timeline(clean, root, most_steps)});
        if (lines_of(text).size() <= room || most_steps <= 5) break;
      }
      break;
    case PartKind::functional:
      text = joined(
          {gtest_failures(lines, 20), tsan_short_form(clean, root), first_asan_report(lines, 30)});
      break;
    case PartKind::tsan: {
      std::vector<std::string> verdict;
      for (const auto& line : lines) {
        if (starts_with(line, "FAIL: ") || starts_with(line, "PASS: ")) verdict.push_back(line);
      }
      const auto report = tsan_short_form(clean, root);
      text = report.empty() ? joined({tail(lines, 30)}) : joined({verdict, report});
      break;
    }
    case PartKind::criteria: {
      const auto report = first_tsan_report(lines, room);
      text = joined({report.empty() ? tail(lines, room) : report});
      break;
    }
  }
  if (text.empty()) text = joined({tail(lines, 30)});
  text = without_root(std::move(text), root);
  constexpr std::size_t kMaxBytes = 8000;
  if (text.size() > kMaxBytes) text = printable(text.substr(0, kMaxBytes)) + "\n[... cut]\n";
  // The raw file's line is the last, within the limit: the rest is cut before it.
  auto kept = lines_of(text);
  if (kept.size() > room) {
    kept.resize(room - 1);
    kept.emplace_back("[... cut: the whole output is in the raw file]");
  }
  if (!raw_file.empty()) kept.push_back("raw output: " + std::string(raw_file));
  return joined({kept});
}

}  // namespace racelab::grade
