// tsan_report.hpp — ThreadSanitizer's text reports, read into their parts.
//
// The grammar is the runtime's (compiler-rt's tsan_report.cpp), as g++ 12's libtsan and clang 14's
// print it: a report runs from "WARNING: ThreadSanitizer: KIND (pid=N)" to "SUMMARY:
// ThreadSanitizer: ...", and holds stacks under headed blocks (the accesses, the location, each
// mutex, each thread). The two compilers differ in a frame's details (clang adds a column and a
// BuildId, and names an inlined frame by its short name: "operator()", "lock"), never in the
// headings; tests/reader/ holds reports of both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace racelab::reader {

struct Frame {
  std::string function;  // as printed: demangled, or "<null>"
  std::string file;      // as printed (absolute), or "" for "<null>" and a bare module
  unsigned line = 0;
};

// A stack's frames, innermost (#0) first.
using Stack = std::vector<Frame>;

struct HeldMutex {
  std::string id;       // "M15"
  bool shared = false;  // held for reading ("read M9")
};

struct Access {
  bool previous = false;  // the earlier of the two ("Previous write of size ...")
  bool write = false;
  bool atomic = false;
  std::string thread;  // "T3", or "main" for the main thread
  std::uint64_t address = 0;
  std::vector<HeldMutex> mutexes;
  Stack stack;
};

struct Mutex {
  std::string id;  // "M15"
  std::uint64_t address = 0;
  Stack created;  // "created at": for a std::mutex, where it was first locked
};

// "Mutex M16 acquired here while holding mutex M15 in thread T2", with the stack where M15 was
// taken ("previously acquired by the same thread here").
struct LockEdge {
  std::string acquired;
  std::string held;
  std::string thread;
  Stack acquired_at;
  Stack held_since;
};

struct ThreadInfo {
  std::string id;    // "T3"
  std::string name;  // from pthread_setname_np, or ""
  Stack created_at;
};

struct Report {
  std::string kind;  // "data race", "lock-order-inversion (potential deadlock)", ...
  long pid = 0;
  std::vector<Access> accesses;
  std::string location;  // "stack of main thread", "heap block of size 24 ...", "global 'x' ..."
  Stack location_stack;  // a heap block's allocation
  std::vector<Mutex> mutexes;
  std::vector<std::string> cycle;  // lock-order: M15, M16, M15
  std::vector<std::uint64_t> cycle_addresses;
  std::vector<LockEdge> edges;
  std::vector<ThreadInfo> threads;
  std::string summary;  // the SUMMARY line, after "SUMMARY: ThreadSanitizer: "

  [[nodiscard]] bool is_data_race() const { return kind == "data race"; }
  [[nodiscard]] bool is_lock_order_inversion() const {
    return kind.starts_with("lock-order-inversion");
  }
  [[nodiscard]] const ThreadInfo* thread(std::string_view id) const;
  [[nodiscard]] const Mutex* mutex(std::string_view id) const;
};

// Every report in `text`, in order; anything else in it is passed over. A report cut short (a
// process killed while printing) is kept with what it has.
std::vector<Report> parse_reports(std::string_view text);

// One frame line without its "#N " ("racelab::x() /path/file.hpp:17:5 (prog+0x1d) (BuildId: ..)").
std::optional<Frame> parse_frame(std::string_view line);

}  // namespace racelab::reader
