// racelab/sync/lock_tracking.hpp — what the tracked backend knows about every lock and thread:
// a lock-order checker, and a live table of who holds which lock and who waits for which.
//
// The lock-order checker works in the spirit of Linux's lockdep and Abseil's deadlock detection.
// Whenever a thread is about to block on lock B while it holds lock A, "A before B" becomes an
// edge of one process-wide graph. An edge that closes a cycle (B was taken while holding A
// elsewhere, or through a longer chain) is a *potential* deadlock: those acquisitions, run at the
// same moment by different threads, wait for each other forever. It is reported the first time it
// appears, on a run that happened not to hang just as on one that did. Unlike ThreadSanitizer's
// detector it names locks by what the program called them (sync::name_lock), and a program can
// read the count and the text of its reports.
//
// Only blocking acquisitions add edges: a try_lock never waits, so it cannot be part of a cycle of
// waits. That is why std::scoped_lock's algorithm (lock one, try the rest, back off) is silent
// here while "lock from, then to" is not. Shared (reader) acquisitions add edges too: on a
// writer-preferring reader-writer lock, a cycle of reader locks deadlocks as soon as a writer
// queues between them. (glibc's default, which std::shared_mutex uses here, prefers readers; code
// that is meant to be portable cannot count on that.)
//
// The wait-for table is what a watchdog prints when a program stops making progress: each thread's
// held locks, and the lock or condition it is blocked on. A cycle in "waits for a lock held by"
// is a deadlock that is happening now (racelab/watchdog.hpp finds and prints it).
//
// Cost: the first time a thread sees an edge it takes the registry's mutex; afterwards a
// thread-local hash set answers, without allocating. Every acquisition and release also writes a
// few relaxed atomics in the thread's own record, so that the watchdog can read them from another
// thread without a race. Locks are identified by a number that is never reused, so a destroyed lock
// cannot be confused with a new one that happens to live at the same address.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <racelab/sync/source_location.hpp>

namespace racelab::sync::tracking {

using LockId = std::uint64_t;  // 0 means "no lock"

enum class Mode : std::uint8_t { exclusive, shared };
enum class WaitKind : std::uint8_t { none, lock, shared_lock, condition };

struct Site {
  const char* file = nullptr;  // string literals from __builtin_FILE: valid for the whole run
  unsigned line = 0;
};

inline Site site_of(const source_location& where) { return {where.file_name(), where.line()}; }

inline std::string describe(Site site) {
  if (site.file == nullptr) return "an unknown line";
  return std::string(repository_path(site.file)) + ":" + std::to_string(site.line);
}

// How many locks one thread can hold at once and still be tracked in full. Deeper nesting is
// still locked correctly; the checker reports once that it stopped seeing the innermost locks,
// and those locks stay out of the table (and out of the lock order) until they are released.
inline constexpr std::size_t kMaxHeldLocks = 64;

// What a thread holds or waits for, as the watchdog sees it.
struct HeldLock {
  LockId lock = 0;
  Mode mode = Mode::exclusive;
  Site taken_at;
};

struct ThreadState {
  std::string thread;
  std::vector<HeldLock> held;
  WaitKind waiting = WaitKind::none;
  LockId waiting_for = 0;  // the lock itself, or the mutex of the condition waited on
  Site waiting_at;
};

namespace detail {

// One thread's record. Only its own thread writes the atomics; the watchdog reads them (relaxed:
// it wants a recent picture, and when the threads are stuck the picture holds still).
struct HeldSlot {
  std::atomic<LockId> lock{0};
  std::atomic<Mode> mode{Mode::exclusive};
  std::atomic<const char*> file{nullptr};
  std::atomic<unsigned> line{0};
};

struct ThreadRecord {
  std::string name;                        // guarded by Registry::mutex_
  bool in_use = false;                     // guarded by Registry::mutex_
  std::atomic<std::size_t> held_count{0};  // slots in use, at most kMaxHeldLocks
  std::array<HeldSlot, kMaxHeldLocks> held;
  std::atomic<WaitKind> waiting{WaitKind::none};
  std::atomic<LockId> waiting_for{0};
  std::atomic<const char*> waiting_file{nullptr};
  std::atomic<unsigned> waiting_line{0};
};

struct Edge {
  LockId after = 0;  // "before" is the key this edge is stored under
  std::string thread;
  Site before_taken_at;
  Site after_taken_at;
};

class Registry {
 public:
  // Never destroyed: threads may still lock and unlock while static objects are torn down.
  static Registry& instance() {
    static Registry* const registry = new Registry;
    return *registry;
  }

  LockId new_lock() { return next_lock_.fetch_add(1, std::memory_order_relaxed); }

  void name(LockId lock, std::string_view name) {
    const std::lock_guard<std::mutex> hold(mutex_);
    names_[lock] = std::string(name);
  }
  void forget(LockId lock) {
    const std::lock_guard<std::mutex> hold(mutex_);
    names_.erase(lock);
  }
  std::string lock_name(LockId lock) {
    const std::lock_guard<std::mutex> hold(mutex_);
    return lock_name_locked(lock);
  }

  ThreadRecord* claim_record() {
    const std::lock_guard<std::mutex> hold(mutex_);
    ThreadRecord* record = nullptr;
    for (ThreadRecord& candidate : records_) {
      if (!candidate.in_use) {
        record = &candidate;
        break;
      }
    }
    if (record == nullptr) record = &records_.emplace_back();
    record->in_use = true;
    record->name = "thread #" + std::to_string(++threads_seen_);
    record->held_count.store(0, std::memory_order_relaxed);
    record->waiting.store(WaitKind::none, std::memory_order_relaxed);
    return record;
  }
  void release_record(ThreadRecord* record) {
    const std::lock_guard<std::mutex> hold(mutex_);
    record->in_use = false;
  }
  void rename(ThreadRecord* record, std::string_view name) {
    const std::lock_guard<std::mutex> hold(mutex_);
    record->name = std::string(name);
  }
  std::string name_of(ThreadRecord* record) {
    const std::lock_guard<std::mutex> hold(mutex_);
    return record->name;
  }

  // The lock-order check for "the calling thread, holding `held`, is about to wait for `after`".
  // Returns the report if this edge closes a cycle, or nothing.
  std::optional<std::string> add_edge(ThreadRecord* record, const HeldLock& held, LockId after,
                                      Site after_at) {
    const std::lock_guard<std::mutex> hold(mutex_);
    std::vector<Edge>& edges = edges_[held.lock];
    for (const Edge& edge : edges) {
      if (edge.after == after) return std::nullopt;
    }
    std::vector<const Edge*> path;  // after ->* held.lock, if the graph already has that
    std::unordered_set<LockId> visited;
    const bool cycle = find_path(after, held.lock, path, visited);
    edges.push_back({after, record->name, held.taken_at, after_at});
    if (!cycle) return std::nullopt;
    ++cycles_;
    return cycle_report(edges.back(), held.lock, path);
  }

  std::optional<std::string> self_deadlock(ThreadRecord* record, const HeldLock& held,
                                           Site again_at) {
    const std::lock_guard<std::mutex> hold(mutex_);
    if (!relocked_.insert(held.lock).second) return std::nullopt;
    ++cycles_;
    return "racelab lock-order checker: a thread locks a lock it already holds (a deadlock with "
           "itself)\n  " +
           record->name + " takes " + lock_name_locked(held.lock) + " at " + describe(again_at) +
           ", holding it since " + describe(held.taken_at) + "\n";
  }

  std::uint64_t cycles() {
    const std::lock_guard<std::mutex> hold(mutex_);
    return cycles_;
  }

  std::vector<ThreadState> snapshot() {
    const std::lock_guard<std::mutex> hold(mutex_);
    std::vector<ThreadState> threads;
    for (const ThreadRecord& record : records_) {
      if (!record.in_use) continue;
      ThreadState state;
      state.thread = record.name;
      const std::size_t held = record.held_count.load(std::memory_order_relaxed);
      for (std::size_t i = 0; i < held; ++i) {
        const HeldSlot& slot = record.held[i];
        state.held.push_back({slot.lock.load(std::memory_order_relaxed),
                              slot.mode.load(std::memory_order_relaxed),
                              {slot.file.load(std::memory_order_relaxed),
                               slot.line.load(std::memory_order_relaxed)}});
      }
      state.waiting = record.waiting.load(std::memory_order_relaxed);
      state.waiting_for = record.waiting_for.load(std::memory_order_relaxed);
      state.waiting_at = {record.waiting_file.load(std::memory_order_relaxed),
                          record.waiting_line.load(std::memory_order_relaxed)};
      threads.push_back(std::move(state));
    }
    return threads;
  }

  void set_report_handler(std::function<void(const std::string&)> handler) {
    const std::lock_guard<std::mutex> hold(mutex_);
    handler_ = std::move(handler);
  }
  void report(const std::string& text) {
    std::function<void(const std::string&)> handler;
    {
      const std::lock_guard<std::mutex> hold(mutex_);
      handler = handler_;
    }
    if (handler) {
      handler(text);
    } else {
      std::fputs(text.c_str(), stderr);
    }
  }

 private:
  Registry() = default;

  std::string lock_name_locked(LockId lock) const {
    if (const auto found = names_.find(lock); found != names_.end()) return found->second;
    return "lock #" + std::to_string(lock);
  }

  // Depth-first: is there a chain of edges from `from` to `to`? Fills `path` with it.
  bool find_path(LockId from, LockId to, std::vector<const Edge*>& path,
                 std::unordered_set<LockId>& visited) const {
    if (from == to) return true;
    if (!visited.insert(from).second) return false;
    const auto found = edges_.find(from);
    if (found == edges_.end()) return false;
    for (const Edge& edge : found->second) {
      path.push_back(&edge);
      if (find_path(edge.after, to, path, visited)) return true;
      path.pop_back();
    }
    return false;
  }

  std::string cycle_report(const Edge& closing, LockId closing_before,
                           const std::vector<const Edge*>& path) const {
    std::string text =
        "racelab lock-order checker: potential deadlock, the locks below were taken in a cycle\n";
    auto line = [&](LockId before, const Edge& edge, std::string_view when) {
      text += "  " + edge.thread + " took " + lock_name_locked(edge.after) + " at " +
              describe(edge.after_taken_at) + " while holding " + lock_name_locked(before) +
              " (taken at " + describe(edge.before_taken_at) + ")" + std::string(when) + "\n";
    };
    line(closing_before, closing, "");
    LockId before = closing.after;
    for (const Edge* edge : path) {
      line(before, *edge, ", earlier");
      before = edge->after;
    }
    text +=
        "  threads doing these at the same time each wait for the next one's lock: a deadlock\n";
    return text;
  }

  std::mutex mutex_;
  std::atomic<LockId> next_lock_{1};
  std::unordered_map<LockId, std::string> names_;
  std::deque<ThreadRecord> records_;  // a deque: records never move while threads point at them
  std::uint64_t threads_seen_ = 0;
  std::unordered_map<LockId, std::vector<Edge>> edges_;
  std::unordered_set<LockId> relocked_;
  std::uint64_t cycles_ = 0;
  std::function<void(const std::string&)> handler_;
};

// The calling thread's record, claimed on its first tracked lock and given back when it exits.
// `edges_checked` caches the edges this thread has already put through the graph: after the first
// transfer between two accounts, the next million cost no lookup under the registry's mutex.
struct EdgeHash {
  std::size_t operator()(const std::pair<LockId, LockId>& edge) const noexcept {
    return std::hash<LockId>{}(edge.first * 0x9E3779B97F4A7C15ULL ^ edge.second);
  }
};

struct ThreadHandle {
  ThreadRecord* record = nullptr;
  std::unordered_set<std::pair<LockId, LockId>, EdgeHash> edges_checked;
  bool overflow_reported = false;

  ThreadHandle() = default;
  ThreadHandle(const ThreadHandle&) = delete;
  ThreadHandle& operator=(const ThreadHandle&) = delete;
  ~ThreadHandle() {
    if (record != nullptr) Registry::instance().release_record(record);
  }
};

inline ThreadHandle& this_thread() {
  thread_local ThreadHandle handle;
  if (handle.record == nullptr) handle.record = Registry::instance().claim_record();
  return handle;
}

inline void set_waiting(ThreadRecord& record, WaitKind kind, LockId lock, Site at) {
  record.waiting_for.store(lock, std::memory_order_relaxed);
  record.waiting_file.store(at.file, std::memory_order_relaxed);
  record.waiting_line.store(at.line, std::memory_order_relaxed);
  record.waiting.store(kind, std::memory_order_relaxed);
}

}  // namespace detail

// ---- called by the tracked backend's locks -------------------------------------------------

inline LockId new_lock() { return detail::Registry::instance().new_lock(); }

// The thread is about to block on `lock`: check the lock order, then show it as waiting.
inline void before_blocking_lock(LockId lock, Mode mode, Site at) {
  detail::ThreadHandle& self = detail::this_thread();
  detail::ThreadRecord& record = *self.record;
  detail::Registry& registry = detail::Registry::instance();
  const std::size_t held = record.held_count.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < held; ++i) {
    const detail::HeldSlot& slot = record.held[i];
    const HeldLock holding{
        slot.lock.load(std::memory_order_relaxed),
        slot.mode.load(std::memory_order_relaxed),
        {slot.file.load(std::memory_order_relaxed), slot.line.load(std::memory_order_relaxed)}};
    std::optional<std::string> report;
    if (holding.lock == lock) {
      report = registry.self_deadlock(&record, holding, at);
    } else if (const std::pair edge(holding.lock, lock); !self.edges_checked.contains(edge)) {
      // (contains() first: emplace() would allocate a node on every call, hit or miss.)
      self.edges_checked.insert(edge);
      report = registry.add_edge(&record, holding, lock, at);
    }
    if (report) registry.report(*report);
  }
  detail::set_waiting(record, mode == Mode::shared ? WaitKind::shared_lock : WaitKind::lock, lock,
                      at);
}

// The thread now holds `lock` (after a blocking lock, or a successful try_lock).
inline void acquired(LockId lock, Mode mode, Site at) {
  detail::ThreadHandle& self = detail::this_thread();
  detail::ThreadRecord& record = *self.record;
  detail::set_waiting(record, WaitKind::none, 0, {});
  const std::size_t held = record.held_count.load(std::memory_order_relaxed);
  if (held == kMaxHeldLocks) {
    if (!std::exchange(self.overflow_reported, true)) {
      detail::Registry::instance().report(
          "racelab lock-order checker: " + detail::Registry::instance().name_of(&record) +
          " holds more than " + std::to_string(kMaxHeldLocks) +
          " locks at once; the innermost ones are not checked\n");
    }
    return;
  }
  detail::HeldSlot& slot = record.held[held];
  slot.lock.store(lock, std::memory_order_relaxed);
  slot.mode.store(mode, std::memory_order_relaxed);
  slot.file.store(at.file, std::memory_order_relaxed);
  slot.line.store(at.line, std::memory_order_relaxed);
  record.held_count.store(held + 1, std::memory_order_relaxed);
}

// The thread is about to release `lock`. Locks may be released in any order. A lock that is not
// in the table (taken beyond kMaxHeldLocks) leaves it unchanged.
inline void releasing(LockId lock) {
  detail::ThreadRecord& record = *detail::this_thread().record;
  const std::size_t held = record.held_count.load(std::memory_order_relaxed);
  for (std::size_t i = held; i-- > 0;) {
    detail::HeldSlot& slot = record.held[i];
    if (slot.lock.load(std::memory_order_relaxed) != lock) continue;
    if (i + 1 != held) {  // keep the slots dense: the last one moves into the gap
      const detail::HeldSlot& last = record.held[held - 1];
      slot.lock.store(last.lock.load(std::memory_order_relaxed), std::memory_order_relaxed);
      slot.mode.store(last.mode.load(std::memory_order_relaxed), std::memory_order_relaxed);
      slot.file.store(last.file.load(std::memory_order_relaxed), std::memory_order_relaxed);
      slot.line.store(last.line.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
    record.held_count.store(held - 1, std::memory_order_relaxed);
    return;
  }
}

// A condition-variable wait releases the mutex, sleeps, and takes it back.
inline void before_condition_wait(LockId mutex, Site at) {
  releasing(mutex);
  detail::set_waiting(*detail::this_thread().record, WaitKind::condition, mutex, at);
}

// ---- for programs and tests --------------------------------------------------------------------

// Gives a lock the name reports use ("account 3"); unnamed locks are "lock #17".
inline void name_lock(LockId lock, std::string_view name) {
  detail::Registry::instance().name(lock, name);
}
inline void forget_lock(LockId lock) { detail::Registry::instance().forget(lock); }
inline std::string lock_name(LockId lock) { return detail::Registry::instance().lock_name(lock); }

// Gives the calling thread the name reports use ("thread 1", "auditor").
inline void name_this_thread(std::string_view name) {
  detail::Registry::instance().rename(detail::this_thread().record, name);
}

// Potential deadlocks (lock-order cycles and self-deadlocks) reported so far in this process.
inline std::uint64_t potential_deadlocks() { return detail::Registry::instance().cycles(); }

// Where reports go; stderr by default. The handler runs on the thread that found the cycle.
inline void set_report_handler(std::function<void(const std::string&)> handler) {
  detail::Registry::instance().set_report_handler(std::move(handler));
}

// Every live thread that has touched a tracked lock: what it holds, what it waits for.
inline std::vector<ThreadState> snapshot() { return detail::Registry::instance().snapshot(); }

}  // namespace racelab::sync::tracking
