#include "unmodelled_state.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

namespace racelab::unmodelled {
namespace {

using nlohmann::json;

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool starts_with_word(std::string_view text, std::string_view word) {
  return text.substr(0, word.size()) == word &&
         (text.size() == word.size() || text[word.size()] == ' ');
}

// Template arguments at depth 0 of "name<a, b<c, d>, e>"; empty when `type` is no template-id.
std::vector<std::string_view> template_arguments(std::string_view type) {
  const std::size_t open = type.find('<');
  if (open == std::string_view::npos || type.back() != '>') return {};
  std::vector<std::string_view> arguments;
  int depth = 0;
  std::size_t start = open + 1;
  for (std::size_t at = open + 1; at + 1 < type.size(); ++at) {
    const char c = type[at];
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      arguments.push_back(trim(type.substr(start, at - start)));
      start = at + 1;
    }
  }
  arguments.push_back(trim(type.substr(start, type.size() - 1 - start)));
  return arguments;
}

bool is_scalar_spelling(std::string_view type) {
  static constexpr std::array kWords{"bool",     "char",  "wchar_t", "char8_t", "char16_t",
                                     "char32_t", "short", "int",     "long",    "signed",
                                     "unsigned", "float", "double",  "__int128"};
  std::istringstream words{std::string(type)};
  std::string word;
  bool any = false;
  while (words >> word) {
    if (std::find(kWords.begin(), kWords.end(), word) == kWords.end()) return false;
    any = true;
  }
  return any;
}

// The std types that synchronize on their own, which the model cannot see, and what to use.
std::optional<std::string> std_synchronizer(std::string_view type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNames{{
      {"std::atomic<", "sync::atomic"},
      {"std::atomic_flag", "sync::atomic<bool>"},
      {"std::mutex", "sync::mutex"},
      {"std::recursive_mutex", "sync::mutex"},
      {"std::timed_mutex", "sync::mutex"},
      {"std::shared_mutex", "sync::shared_mutex"},
      {"std::shared_timed_mutex", "sync::shared_mutex"},
      {"std::condition_variable", "sync::condition_variable"},
      {"std::counting_semaphore<", "sync::mutex and sync::condition_variable"},
      {"std::binary_semaphore", "sync::mutex and sync::condition_variable"},
      {"std::latch", "sync::atomic"},
      {"std::barrier<", "sync::mutex and sync::condition_variable"},
  }};
  for (const auto& [name, instead] : kNames) {
    if (type.substr(0, name.size()) == name) {
      return std::string(trim(type.substr(0, type.find('<')))) + " synchronizes where the model " +
             "cannot see it: use " + std::string(instead);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> why_unmodelled(std::string_view type) {
  type = trim(type);
  if (type.find("volatile") != std::string_view::npos) {
    return "volatile is no synchronization, and the model sees no volatile access: use "
           "sync::atomic, or sync::var guarded by a sync:: lock";
  }
  if (type.ends_with("*const") || type.ends_with("* const")) return std::nullopt;
  if (!type.empty() && (type.back() == '*' || type.back() == '&')) {
    if (type.back() == '&') return why_unmodelled(type.substr(0, type.size() - 1));
    return "a plain pointer: the model sees no read or write of it (sync::atomic<T*>, or "
           "sync::var<T*> guarded by a sync:: lock)";
  }
  if (starts_with_word(type, "const")) return std::nullopt;  // const data, not a pointer to it
  if (type.ends_with("]")) return why_unmodelled(type.substr(0, type.rfind('[')));  // an array
  if (type.substr(0, 15) == "racelab::sync::") return std::nullopt;
  if (auto synchronizer = std_synchronizer(type)) return synchronizer;
  if (is_scalar_spelling(type)) {
    return "a plain " + std::string(type) +
           ": the model sees no read or write of it (sync::var, guarded by a sync:: lock, or "
           "sync::atomic)";
  }
  for (const std::string_view argument : template_arguments(type)) {
    if (argument.find('(') != std::string_view::npos) continue;  // a function type: no data
    if (!argument.empty() && std::isdigit(static_cast<unsigned char>(argument.front()))) continue;
    if (auto why = why_unmodelled(argument)) {
      return "it holds " + std::string(argument) + ", and " + *why;
    }
  }
  return std::nullopt;
}

namespace {

int line_at(const std::string& file, long long offset) {
  std::ifstream in(file, std::ios::binary);
  int line = 1;
  char c = 0;
  for (long long at = 0; at < offset && in.get(c); ++at) {
    if (c == '\n') ++line;
  }
  return line;
}

std::string type_of(const json& node, const char* key) {
  const json& type = node.at("type");
  return type.value(key, type.value("qualType", ""));
}

// `type` with every racelab::sync:: template-id (arguments and all) left out: what a sync:: type
// holds is the model's to see.
std::string without_sync_types(std::string_view type) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t found; (found = type.find("racelab::sync::", at)) != std::string_view::npos;) {
    out.append(type.substr(at, found - at));
    at = found + 15;
    while (at < type.size() &&
           (std::isalnum(static_cast<unsigned char>(type[at])) != 0 || type[at] == '_')) {
      ++at;
    }
    if (at < type.size() && type[at] == '<') {
      for (int depth = 0; at < type.size(); ++at) {
        if (type[at] == '<') ++depth;
        if (type[at] == '>' && --depth == 0) {
          ++at;
          break;
        }
      }
    }
    out += "SYNC";
  }
  out.append(type.substr(at));
  return out;
}

// A class of the exercise: its path inside the technique's namespace ("Bank::Account") and the
// variables each of its objects holds.
struct Record {
  std::string path;
  bool at_namespace_scope = false;
  std::vector<const json*> members;
};

struct Walk {
  std::string file;
  std::string technique;
  std::vector<Record> records;
  std::vector<const json*> statics;  // namespace-scope variables and static locals
};

bool is_static_local(const json& node) {
  return node.value("kind", "") == "VarDecl" && node.value("storageClass", "") == "static";
}

// Records the namespace's classes and variables. `record` is the index of the class whose
// members `node` may be (an index, since walk.records grows while this walks).
void collect(const json& node, const std::string& prefix, std::string_view parent_kind, Walk& walk,
             std::optional<std::size_t> record) {
  if (!node.is_object()) return;
  const std::string kind = node.value("kind", "");
  if ((kind == "FieldDecl" || (kind == "VarDecl" && parent_kind == "CXXRecordDecl")) && record) {
    walk.records[*record].members.push_back(&node);
    return;
  }
  if (kind == "VarDecl" && (parent_kind == "NamespaceDecl" || is_static_local(node))) {
    if (!node.contains("tls")) walk.statics.push_back(&node);  // thread_local: never shared
    return;
  }
  if (!node.contains("inner")) return;
  std::string inner_prefix = prefix;
  std::optional<std::size_t> inner_record;  // a class's members, not its member functions' locals
  if (kind == "CXXRecordDecl" && node.contains("name")) {
    walk.records.push_back(
        Record{prefix + node.value("name", ""), parent_kind == "NamespaceDecl", {}});
    inner_prefix = walk.records.back().path + "::";
    inner_record = walk.records.size() - 1;
  }
  for (const json& child : node["inner"]) collect(child, inner_prefix, kind, walk, inner_record);
}

void judge(const json& node, const Walk& walk, std::set<long long>& seen,
           std::vector<Breach>& breaches) {
  if (!node.contains("loc") || !node["loc"].contains("offset")) return;
  const std::string type = type_of(node, "desugaredQualType");
  const long long offset = node["loc"]["offset"].get<long long>();
  if (starts_with_word(type, "const") || node.value("constexpr", false)) return;
  if (!seen.insert(offset).second) return;  // a template's member, met again in an instance
  if (auto why = why_unmodelled(type)) {
    breaches.push_back(Breach{walk.technique, walk.file, line_at(walk.file, offset),
                              type_of(node, "qualType") + " " + node.value("name", ""), *why});
  }
}

// Judges what objects of the namespace's classes hold, starting from its top-level classes and
// following members into the exercise's own nested classes (a bank's accounts), but not into a
// sync:: type's arguments (a channel's message structs are values, copied, never shared).
void judge_walk(const json& top, std::vector<Breach>& breaches) {
  Walk walk;
  walk.file = top["loc"].value("file", "");
  walk.technique = top.value("name", "").substr(6);
  if (!top.contains("inner")) return;
  for (const json& child : top["inner"]) collect(child, "", "NamespaceDecl", walk, std::nullopt);
  std::set<long long> seen;
  for (const json* variable : walk.statics) judge(*variable, walk, seen, breaches);
  std::vector<bool> reached(walk.records.size());
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < walk.records.size(); ++i) {
    if (walk.records[i].at_namespace_scope) {
      reached[i] = true;
      queue.push_back(i);
    }
  }
  const std::string namespace_path = "using_" + walk.technique + "::";
  while (!queue.empty()) {
    const Record& record = walk.records[queue.back()];
    queue.pop_back();
    for (const json* member : record.members) {
      judge(*member, walk, seen, breaches);
      const std::string held = without_sync_types(type_of(*member, "desugaredQualType"));
      for (std::size_t i = 0; i < walk.records.size(); ++i) {
        const std::string name = namespace_path + walk.records[i].path;
        const std::size_t at = held.find(name);
        const bool whole =
            at != std::string::npos &&
            (at + name.size() == held.size() ||
             (std::isalnum(static_cast<unsigned char>(held[at + name.size()])) == 0 &&
              held[at + name.size()] != '_'));
        if (whole && !reached[i]) {
          reached[i] = true;
          queue.push_back(i);
        }
      }
    }
  }
}

}  // namespace

std::vector<Breach> breaches_in_ast(std::string_view ast_json) {
  std::vector<Breach> breaches;
  std::istringstream in{std::string(ast_json)};
  // -ast-dump-filter prints one JSON value per matching declaration, one after another.
  while (in >> std::ws && in.peek() != EOF) {
    json top;
    in >> top;
    if (top.value("kind", "") != "NamespaceDecl") continue;
    const std::string name = top.value("name", "");
    if (name.rfind("using_", 0) != 0) continue;
    judge_walk(top, breaches);
  }
  std::sort(breaches.begin(), breaches.end(), [](const Breach& a, const Breach& b) {
    return std::tie(a.technique, a.line) < std::tie(b.technique, b.line);
  });
  return breaches;
}

}  // namespace racelab::unmodelled
