#include "tsan_report.hpp"

#include <charconv>
#include <regex>
#include <sstream>

namespace racelab::reader {
namespace {

std::uint64_t hex(const std::string& text) {
  std::uint64_t value = 0;
  const std::string_view digits = std::string_view(text).substr(text.starts_with("0x") ? 2 : 0);
  std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  return value;
}

std::string thread_id(const std::string& text) {  // "main thread" -> "main", "thread T3" -> "T3"
  if (text == "main thread") return "main";
  return text.starts_with("thread ") ? text.substr(7) : text;
}

// A line of a stack: "    #3 function location (module+0x...)".
bool is_frame_line(const std::string& line) {
  const auto at = line.find_first_not_of(' ');
  return at != std::string::npos && at >= 4 && line.compare(at, 1, "#") == 0;
}

}  // namespace

std::optional<Frame> parse_frame(std::string_view line) {
  std::string text(line);
  // From the right: clang's " (BuildId: ...)", then " (module+0x...)", then the location.
  if (text.ends_with(")")) {
    if (const auto at = text.rfind(" (BuildId: "); at != std::string::npos) text.erase(at);
  }
  if (text.ends_with(")")) {
    if (const auto at = text.rfind(" ("); at != std::string::npos) text.erase(at);
  }
  const auto space = text.rfind(' ');
  if (space == std::string::npos) return std::nullopt;
  Frame frame;
  frame.function = text.substr(0, space);
  std::string location = text.substr(space + 1);
  if (location == "<null>") return frame;
  // path:line or path:line:column (clang); a path alone when the line is unknown
  static const std::regex with_line(R"((.*?):([0-9]+)(:[0-9]+)?)");
  std::smatch match;
  if (std::regex_match(location, match, with_line)) {
    frame.file = match[1];
    frame.line = static_cast<unsigned>(std::stoul(match[2]));
  } else {
    frame.file = location;
  }
  return frame;
}

const ThreadInfo* Report::thread(std::string_view id) const {
  for (const ThreadInfo& info : threads) {
    if (info.id == id) return &info;
  }
  return nullptr;
}

const Mutex* Report::mutex(std::string_view id) const {
  for (const Mutex& m : mutexes) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::vector<Report> parse_reports(std::string_view text) {
  static const std::regex warning(R"(^WARNING: ThreadSanitizer: (.*?)(?: \(pid=([0-9]+)\))?$)");
  static const std::regex access(
      R"(^  (Previous )?(atomic |Atomic )?(read|Read|write|Write) of size [0-9]+ at (0x[0-9a-f]+))"
      R"( by (main thread|thread T[0-9]+)(?: \(mutexes: (.*)\))?:$)");
  static const std::regex location(R"(^  Location is (.*?)[.:]?$)");
  static const std::regex mutex_created(R"(^  Mutex (M[0-9]+) \((0x[0-9a-f]+)\) created at:$)");
  static const std::regex edge(R"(^  Mutex (M[0-9]+) acquired here while holding mutex (M[0-9]+))"
                               R"( in (main thread|thread T[0-9]+):$)");
  static const std::regex edge_held(
      R"(^  Mutex (M[0-9]+) previously acquired by the same thread here:$)");
  static const std::regex cycle(R"(^  Cycle in lock order graph: (.*)$)");
  static const std::regex cycle_node(R"((M[0-9]+)(?: \((0x[0-9a-f]+)\))?)");
  static const std::regex thread(
      R"(^  Thread (T[0-9]+) (?:'(.*)' )?\(tid=[0-9]+, [a-z]+\) created by .* at:$)");

  std::vector<Report> reports;
  Report* report = nullptr;
  Stack* stack = nullptr;  // the block whose frames come next
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch match;
    if (std::regex_match(line, match, warning)) {
      report = &reports.emplace_back();
      report->kind = match[1];
      if (match[2].matched) report->pid = std::stol(match[2]);
      stack = nullptr;
      continue;
    }
    if (report == nullptr) continue;
    if (line.starts_with("SUMMARY: ThreadSanitizer: ")) {
      report->summary = line.substr(27);
      report = nullptr;
      stack = nullptr;
      continue;
    }
    if (is_frame_line(line)) {
      const auto hash = line.find('#');
      const auto space = line.find(' ', hash);
      if (stack != nullptr && space != std::string::npos) {
        if (auto frame = parse_frame(std::string_view(line).substr(space + 1))) {
          stack->push_back(std::move(*frame));
        }
      }
      continue;
    }
    stack = nullptr;
    if (std::regex_match(line, match, access)) {
      Access& a = report->accesses.emplace_back();
      a.previous = match[1].matched;
      a.atomic = match[2].matched;
      a.write = match[3] == "write" || match[3] == "Write";
      a.address = hex(match[4]);
      a.thread = thread_id(match[5]);
      if (match[6].matched) {
        std::istringstream held(match[6].str());
        for (std::string item; std::getline(held, item, ',');) {
          std::istringstream words(item);
          std::string mode, id;
          words >> mode >> id;
          if (!id.empty()) a.mutexes.push_back({id, mode == "read"});
        }
      }
      stack = &a.stack;
    } else if (std::regex_match(line, match, mutex_created)) {
      Mutex& m = report->mutexes.emplace_back();
      m.id = match[1];
      m.address = hex(match[2]);
      stack = &m.created;
    } else if (std::regex_match(line, match, edge)) {
      LockEdge& e = report->edges.emplace_back();
      e.acquired = match[1];
      e.held = match[2];
      e.thread = thread_id(match[3]);
      stack = &e.acquired_at;
    } else if (std::regex_match(line, match, edge_held)) {
      if (!report->edges.empty() && report->edges.back().held == match[1].str()) {
        stack = &report->edges.back().held_since;
      }
    } else if (std::regex_match(line, match, cycle)) {
      const std::string nodes = match[1];
      for (auto it = std::sregex_iterator(nodes.begin(), nodes.end(), cycle_node);
           it != std::sregex_iterator(); ++it) {
        report->cycle.push_back((*it)[1]);
        if ((*it)[2].matched) report->cycle_addresses.push_back(hex((*it)[2]));
      }
    } else if (std::regex_match(line, match, location)) {
      // g++ 12's and clang 14's runtimes add a second, empty "global '<null>'" (or '?\?') line
      // to a stack location: the first real location wins.
      const std::string where = match[1];
      const auto junk = [](const std::string& w) {
        return w.starts_with("global '<null>'") || w.starts_with("global '\?\?'");
      };
      if (report->location.empty() || (junk(report->location) && !junk(where))) {
        report->location = where;
        report->location_stack.clear();
        stack = &report->location_stack;
      }
    } else if (std::regex_match(line, match, thread)) {
      ThreadInfo& t = report->threads.emplace_back();
      t.id = match[1];
      t.name = match[2];
      stack = &t.created_at;
    }
  }
  return reports;
}

}  // namespace racelab::reader
