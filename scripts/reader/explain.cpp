#include "explain.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace racelab::reader {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// The file a repository path is read from.
std::string readable_path(const Frame& frame, const Context& context) {
  const std::string path = repository_path(frame.file);
  if (const auto found = context.overrides.find(path); found != context.overrides.end()) {
    return found->second.string();
  }
  if (context.sources.empty() || path.empty()) return frame.file;
  return (context.sources / path).string();
}

// The lab's innermost frame of a stack, if it has one.
const Frame* lab_frame(const Stack& stack) {
  for (const Frame& frame : stack) {
    if (is_lab_frame(frame)) return &frame;
  }
  return nullptr;
}

std::string where(const Frame& frame) {
  return fmt::format("{}:{}", repository_path(frame.file), frame.line);
}

std::string text_of(const Frame& frame, const Context& context) {
  return verdict::source_line(readable_path(frame, context), frame.line);
}

// A thread's role: its name, as the lab gave it; else TSan's own word for it.
std::string role(const Report& report, const std::string& thread) {
  if (thread == "main") return "main thread";
  if (const ThreadInfo* info = report.thread(thread); info != nullptr && !info->name.empty()) {
    return info->name;
  }
  return "thread " + thread;
}

// An expression the lab wrote: "balance_", "accounts_[from].lock", "this->lock_".
const char* const kExpression =
    R"(([A-Za-z_][A-Za-z0-9_]*(?:(?:\.|->)[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*))";

// The declaration of `member` (the last name of an expression) in the lab's file: its line and
// its type ("sync::var<Amount>"), if the file declares it.
std::optional<std::pair<unsigned, std::string>> declaration(const std::string& file,
                                                            const std::string& expression) {
  static const std::regex last_name(R"(([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?$)");
  std::smatch name;
  if (!std::regex_search(expression, name, last_name)) return std::nullopt;
  const std::regex declared(
      R"(^\s*(?:mutable\s+)?([A-Za-z_][A-Za-z0-9_:<>, ]*?[A-Za-z0-9_>*&])\s+)" + name[1].str() +
      R"(\s*(?:\{[^}]*\}|=[^;]*)?;)");
  std::ifstream in(file);
  unsigned number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::smatch match;
    if (std::regex_search(line, match, declared) && match[1] != "return") {
      return std::make_pair(number, match[1].str());
    }
  }
  return std::nullopt;
}

class LockNames {
 public:
  LockNames(const Report& report, const Context& context) : report_(report), context_(context) {}

  // The lab's name for a mutex: the one it recorded, else the expression its line locked.
  std::string name(const std::string& id, const Stack* taken_at = nullptr) const {
    const std::uint64_t address = address_of(id);
    if (address != 0) {
      if (auto recorded = context_.names.lock(report_.pid, address)) return *recorded;
    }
    if (const Mutex* mutex = report_.mutex(id)) {
      if (auto found = from_stack(mutex->created); !found.empty()) return found;
    }
    if (taken_at != nullptr) {
      if (auto found = from_stack(*taken_at); !found.empty()) return found;
    }
    for (const LockEdge& edge : report_.edges) {
      if (edge.acquired == id) {
        if (auto found = from_stack(edge.acquired_at); !found.empty()) return found;
      }
      if (edge.held == id) {
        if (auto found = from_stack(edge.held_since); !found.empty()) return found;
      }
    }
    return "a lock (" + id + ")";
  }

 private:
  std::uint64_t address_of(const std::string& id) const {
    if (const Mutex* mutex = report_.mutex(id)) return mutex->address;
    for (std::size_t i = 0; i < report_.cycle.size() && i < report_.cycle_addresses.size(); ++i) {
      if (report_.cycle[i] == id) return report_.cycle_addresses[i];
    }
    return 0;
  }
  std::string from_stack(const Stack& stack) const {
    const Frame* frame = lab_frame(stack);
    return frame == nullptr ? std::string() : lock_expression(text_of(*frame, context_));
  }

  const Report& report_;
  const Context& context_;
};

// Where the raced memory is, in a student's words.
std::string location_words(const Report& report, const Context& context) {
  static const std::regex stack_of(R"(stack of (main thread|thread T[0-9]+))");
  static const std::regex heap(R"(heap block of size ([0-9]+).*)");
  static const std::regex global(R"(global '([^']+)'.*)");
  std::smatch match;
  const std::string& location = report.location;
  if (std::regex_match(location, match, stack_of)) {
    const std::string id = match[1] == "main thread" ? "main" : match[1].str().substr(7);
    const std::string owner = role(report, id);
    return "on the " + (owner == "main thread" ? owner : owner + " thread") + "'s stack";
  }
  if (std::regex_match(location, match, heap)) {
    std::string words = "in a heap block of " + match[1].str() + " bytes";
    if (const Frame* frame = lab_frame(report.location_stack)) {
      words += " allocated at " + where(*frame);
    }
    return words;
  }
  if (std::regex_match(location, match, global)) return "a global, " + match[1].str();
  static_cast<void>(context);
  return {};
}

struct Site {
  std::string who;
  std::string what;
  std::string where;
  std::string source;
};

Site site_of(const Report& report, const Access& access, const Context& context) {
  Site site;
  site.who = role(report, access.thread);
  site.what = std::string(access.atomic ? "atomically " : "") + (access.write ? "writes" : "reads");
  if (const Frame* frame = lab_frame(access.stack)) {
    site.where = where(*frame);
    site.source = text_of(*frame, context);
  }
  return site;
}

std::string held_words(const Report& report, const Access& access, const LockNames& locks) {
  if (access.mutexes.empty()) return "holding no lock";
  std::vector<std::string> names;
  for (const HeldMutex& held : access.mutexes) {
    names.push_back(locks.name(held.id) + (held.shared ? " (shared)" : ""));
  }
  static_cast<void>(report);
  return "holding " + join(names, ", ");
}

// What the two accesses do not share.
std::string what_they_do_not_share(const Access& a, const Access& b, const LockNames& locks) {
  std::vector<std::string> only_shared, exclusive;
  for (const HeldMutex& mine : a.mutexes) {
    for (const HeldMutex& theirs : b.mutexes) {
      if (mine.id != theirs.id) continue;
      (mine.shared && theirs.shared ? only_shared : exclusive).push_back(locks.name(mine.id));
    }
  }
  if (!exclusive.empty()) {
    return "both hold " + join(exclusive, ", ") + ", yet nothing ordered these two accesses";
  }
  if (!only_shared.empty()) {
    return "both hold " + join(only_shared, ", ") +
           " only shared: readers do not exclude each other, and one of them writes";
  }
  if (a.mutexes.empty() && b.mutexes.empty()) {
    return "no lock in common: neither holds a lock, so nothing orders the two accesses";
  }
  return "no lock in common: nothing makes one access wait for the other";
}

verdict::Verdict data_race(const Report& report, const Context& context, std::string& variable) {
  verdict::Verdict v;
  v.word = "DATA RACE";
  const LockNames locks(report, context);
  const Access& first = report.accesses.front();
  std::string declared;
  // The variable: a global's name; else what the lab's line reads or writes through the sync
  // layer (whose frame was folded away).
  static const std::regex global(R"(global '([^']+)'.*)");
  std::smatch match;
  if (std::regex_match(report.location, match, global)) variable = match[1];
  const Frame* frame = lab_frame(first.stack);
  if (variable.empty() && frame != nullptr && &first.stack.front() != frame) {
    const std::string text = text_of(*frame, context);
    variable = variable_expression(text, first.write);
    if (!variable.empty()) {
      const std::string file = readable_path(*frame, context);
      if (auto found = declaration(file, variable)) {
        declared =
            fmt::format("{}, {}:{}", found->second, repository_path(frame->file), found->first);
      }
    }
  }
  v.summary = variable.empty() ? "on the memory both lines below touch" : "on " + variable;
  if (!declared.empty()) v.summary += " (" + declared + ")";
  if (const std::string at = location_words(report, context);
      !at.empty() && !at.starts_with("a global")) {
    v.summary += ", " + at;
  }
  for (const Access& access : report.accesses) {
    const Site site = site_of(report, access, context);
    v.rows.push_back(
        {site.who, site.what, site.where, site.source, held_words(report, access, locks)});
  }
  if (report.accesses.size() >= 2) {
    v.conclusions.push_back(what_they_do_not_share(report.accesses[0], report.accesses[1], locks));
  }
  return v;
}

verdict::Verdict lock_order(const Report& report, const Context& context) {
  verdict::Verdict v;
  v.word = "LOCK-ORDER INVERSION";
  const LockNames locks(report, context);
  // One name per lock of the cycle. Without recorded names two locks can share an expression
  // ("account.lock" in a loop): TSan's ids then tell them apart.
  std::map<std::string, std::string> names;
  for (const std::string& id : report.cycle) names.emplace(id, locks.name(id));
  std::map<std::string, int> uses;
  for (const auto& entry : names) ++uses[entry.second];
  for (auto& [id, name] : names) {
    if (uses[name] > 1) name += " (" + id + ")";
  }
  const auto name_of = [&](const std::string& id, const Stack& stack) {
    const auto found = names.find(id);
    return found != names.end() ? found->second : locks.name(id, &stack);
  };
  std::vector<std::string> cycle;
  for (const std::string& id : report.cycle) cycle.push_back(names.at(id));
  v.summary = join(cycle, " -> ") + ": a potential deadlock";
  for (const LockEdge& edge : report.edges) {
    verdict::Row row;
    row.who = role(report, edge.thread);
    row.what = "takes " + name_of(edge.acquired, edge.acquired_at);
    if (const Frame* frame = lab_frame(edge.acquired_at)) {
      row.where = where(*frame);
      row.source = text_of(*frame, context);
    }
    row.detail = "holding " + name_of(edge.held, edge.held_since);
    if (const Frame* frame = lab_frame(edge.held_since)) {
      // The line that took the lock held, unless it is the row's own (a loop of lock() calls).
      row.detail += where(*frame) == row.where
                        ? ", taken on the same line"
                        : ", taken at " + where(*frame) + "  " + text_of(*frame, context);
    }
    v.rows.push_back(std::move(row));
  }
  v.conclusions.push_back(report.edges.size() == 2
                              ? "each takes the other's locks in the opposite order: at the same "
                                "moment, each waits for the other forever"
                              : "the threads take these locks in a cycle: at the same moment, "
                                "each waits for the next one forever");
  return v;
}

verdict::Verdict other(const Report& report, const Context& context) {
  verdict::Verdict v;
  v.word = report.kind;
  std::transform(v.word.begin(), v.word.end(), v.word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const LockNames locks(report, context);
  for (const Access& access : report.accesses) {
    const Site site = site_of(report, access, context);
    v.rows.push_back(
        {site.who, site.what, site.where, site.source, held_words(report, access, locks)});
  }
  if (v.rows.empty()) v.summary = report.summary;
  return v;
}

}  // namespace

void NameTable::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string kind, pid, address, name;
    if (!std::getline(fields, kind, '\t') || kind != "lock" || !std::getline(fields, pid, '\t') ||
        !std::getline(fields, address, '\t') || !std::getline(fields, name)) {
      continue;
    }
    long pid_value = 0;
    std::uint64_t address_value = 0;
    const std::string_view digits =
        std::string_view(address).substr(address.starts_with("0x") ? 2 : 0);
    if (std::from_chars(pid.data(), pid.data() + pid.size(), pid_value).ec != std::errc{} ||
        std::from_chars(digits.data(), digits.data() + digits.size(), address_value, 16).ec !=
            std::errc{}) {
      continue;
    }
    add(pid_value, address_value, name);
  }
}

void NameTable::add(long pid, std::uint64_t address, std::string name) {
  locks_[{pid, address}] = std::move(name);
}

std::optional<std::string> NameTable::lock(long pid, std::uint64_t address) const {
  if (const auto found = locks_.find({pid, address}); found != locks_.end()) return found->second;
  return std::nullopt;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string lock_expression(const std::string& text) {
  static const std::regex holder(
      std::string(R"((?:lock_guard|unique_lock|shared_lock|scoped_lock)\b[^(){};]*[({]\s*)") +
      kExpression + R"(\s*[)},])");
  static const std::regex call(std::string(kExpression) +
                               R"(\s*(?:\.|->)\s*(?:try_)?lock(?:_shared)?\s*\()");
  std::smatch match;
  if (std::regex_search(text, match, holder)) return match[1];
  if (std::regex_search(text, match, call)) return match[1];
  return {};
}

std::string called_object(const std::string& text, const std::string& methods) {
  const std::regex call(std::string(kExpression) + R"(\s*(?:\.|->)\s*(?:)" + methods + R"()\s*\()");
  std::smatch match;
  if (std::regex_search(text, match, call)) return match[1];
  return {};
}

std::string variable_expression(const std::string& text, bool write) {
  return called_object(text, write ? "write" : "read");
}

std::string repository_path(std::string_view file) {
  for (const std::string_view root : {"/labs/", "/solutions/", "/tests/"}) {
    if (const auto at = file.rfind(root); at != std::string_view::npos) {
      return std::string(file.substr(at + 1));
    }
  }
  for (const std::string_view root : {"labs/", "solutions/", "tests/"}) {
    if (file.starts_with(root)) return std::string(file);
  }
  return {};
}

bool is_lab_frame(const Frame& frame) {
  const std::string path = repository_path(frame.file);
  return !path.empty() && frame.line != 0 && !path.starts_with("labs/common/racelab/sync/");
}

Explained explain(const std::vector<Report>& reports, const Context& context,
                  std::size_t max_verdicts) {
  Explained out;
  out.reports = reports.size();
  // A data race's verdict per raced address: its index in out.verdicts, and the lines shown.
  struct Raced {
    std::size_t verdict;
    std::set<std::string> shown;                           // "writes labs/...:17"
    std::map<std::string, std::vector<std::string>> more;  // what+where -> roles
    std::vector<std::string> order;
    std::map<std::string, std::string> source;
  };
  std::map<std::pair<long, std::uint64_t>, Raced> raced;
  std::vector<std::pair<long, std::uint64_t>> raced_order;
  for (const Report& report : reports) {
    if (report.is_data_race() && !report.accesses.empty()) {
      const std::pair key{report.pid, report.accesses.front().address};
      if (auto found = raced.find(key); found != raced.end()) {
        for (const Access& access : report.accesses) {
          const Site site = site_of(report, access, context);
          const std::string line = site.what + " at " + site.where;
          if (found->second.shown.contains(line)) continue;
          auto& roles = found->second.more[line];
          if (roles.empty()) found->second.order.push_back(line);
          if (std::find(roles.begin(), roles.end(), site.who) == roles.end()) {
            roles.push_back(site.who);
          }
          found->second.source[line] = site.source;
        }
        continue;
      }
      if (out.verdicts.size() >= max_verdicts) {
        ++out.not_shown;
        continue;
      }
      std::string variable;
      Raced entry{out.verdicts.size(), {}, {}, {}, {}};
      for (const Access& access : report.accesses) {
        const Site site = site_of(report, access, context);
        entry.shown.insert(site.what + " at " + site.where);
      }
      out.verdicts.push_back(data_race(report, context, variable));
      raced.emplace(key, std::move(entry));
      raced_order.push_back(key);
      continue;
    }
    if (out.verdicts.size() >= max_verdicts) {
      ++out.not_shown;
      continue;
    }
    out.verdicts.push_back(report.is_lock_order_inversion() ? lock_order(report, context)
                                                            : other(report, context));
  }
  // The further lines that raced on a variable, one line each: at most three.
  for (const auto& key : raced_order) {
    const Raced& entry = raced.at(key);
    verdict::Verdict& v = out.verdicts[entry.verdict];
    std::size_t listed = 0;
    for (const std::string& line : entry.order) {
      if (listed == 3) {
        v.conclusions.push_back(
            fmt::format("and {} more lines raced on it", entry.order.size() - listed));
        break;
      }
      const auto& roles = entry.more.at(line);
      std::string text = "also: " + join(roles, ", ") + " " + line;
      if (!entry.source.at(line).empty()) text += "  " + entry.source.at(line);
      v.conclusions.push_back(text);
      ++listed;
    }
  }
  return out;
}

Explained explain(std::string_view text, const Context& context, std::size_t max_verdicts) {
  return explain(parse_reports(text), context, max_verdicts);
}

std::string render(const Explained& explained, bool colour) {
  std::string out;
  for (const verdict::Verdict& v : explained.verdicts) {
    if (!out.empty()) out += "\n";
    out += verdict::render(v, colour);
  }
  if (explained.not_shown > 0) {
    out += fmt::format("({} more ThreadSanitizer report{} of other variables or locks: see the "
                       "raw report)\n",
                       explained.not_shown, explained.not_shown == 1 ? "" : "s");
  }
  return out;
}

}  // namespace racelab::reader
