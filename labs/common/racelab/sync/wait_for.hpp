// racelab/sync/wait_for.hpp — read the lock tracker's table as a wait-for graph, and find the
// cycle that makes a deadlock.
//
// Thread T waits for thread U when T is blocked on a lock that U holds (for a shared wait: holds
// exclusively), including T itself. A cycle T1 -> T2 -> ... -> T1 is a deadlock: every thread in it
// waits for the next, and none can move. A thread blocked on a condition variable waits for whoever
// will notify it, which no table can know; such threads are listed, never part of a cycle.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <racelab/sync/lock_tracking.hpp>

namespace racelab::sync::tracking {

namespace detail {

inline bool blocks(const ThreadState& waiter, const ThreadState& holder) {
  if (waiter.waiting != WaitKind::lock && waiter.waiting != WaitKind::shared_lock) return false;
  for (const HeldLock& held : holder.held) {
    if (held.lock != waiter.waiting_for) continue;
    if (waiter.waiting == WaitKind::lock || held.mode == Mode::exclusive) return true;
  }
  return false;
}

}  // namespace detail

// The first wait-for cycle, as indexes into `threads`: threads[c[i]] waits for a lock held by
// threads[c[i + 1]], and the last waits for the first.
inline std::optional<std::vector<std::size_t>> find_wait_cycle(
    const std::vector<ThreadState>& threads) {
  const std::size_t n = threads.size();
  // A thread that waits for a lock it holds itself is a cycle of one.
  for (std::size_t i = 0; i < n; ++i) {
    if (detail::blocks(threads[i], threads[i])) return std::vector<std::size_t>{i};
  }
  for (std::size_t start = 0; start < n; ++start) {
    // Each thread waits for one lock, but a shared lock can have several holders: search them all.
    std::vector<std::size_t> path{start};
    std::vector<std::size_t> next_holder{0};
    while (!path.empty()) {
      const std::size_t at = path.back();
      std::size_t& candidate = next_holder.back();
      bool advanced = false;
      for (; candidate < n; ++candidate) {
        if (candidate == at || !detail::blocks(threads[at], threads[candidate])) continue;
        if (candidate == start) return path;
        bool on_path = false;
        for (const std::size_t visited : path) on_path = on_path || visited == candidate;
        if (on_path) continue;
        path.push_back(candidate++);
        next_holder.push_back(0);
        advanced = true;
        break;
      }
      if (!advanced) {
        path.pop_back();
        next_holder.pop_back();
      }
    }
  }
  return std::nullopt;
}

// "thread 1 holds account 0, waits for account 1; thread 2 holds account 1, waits for account 0"
inline std::string describe_cycle(const std::vector<ThreadState>& threads,
                                  const std::vector<std::size_t>& cycle) {
  std::string text;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const ThreadState& thread = threads[cycle[i]];
    const ThreadState& previous = threads[cycle[(i + cycle.size() - 1) % cycle.size()]];
    if (!text.empty()) text += "; ";
    text += thread.thread + " holds " + lock_name(previous.waiting_for) + ", waits for " +
            lock_name(thread.waiting_for);
  }
  return text;
}

// One line per thread, with source lines: what a person needs to find the code. Threads in the
// same state (holding nothing and waiting for the same lock at the same line, say) share a line,
// in the order the first of them comes.
//   thread 1   holds account 0 (labs/deadlock/bug.hpp:27), waits for account 1
//              (labs/deadlock/bug.hpp:28)
//   auditor 1, auditor 2: hold no lock, wait for account 0 (labs/deadlock/mutex.hpp:42)
inline std::vector<std::string> describe_threads(const std::vector<ThreadState>& threads) {
  // A thread's state in words, for one thread or several: {"holds", "hold"}.
  const auto state_of = [](const ThreadState& thread, bool several) {
    const auto verb = [several](const char* one, const char* many) {
      return std::string(several ? many : one);
    };
    std::string line;
    if (thread.held.empty()) {
      line += verb("holds", "hold") + " no lock";
    } else {
      line += verb("holds", "hold") + " ";
      for (std::size_t i = 0; i < thread.held.size(); ++i) {
        const HeldLock& held = thread.held[i];
        line += (i == 0 ? "" : ", ") + lock_name(held.lock) +
                (held.mode == Mode::shared ? " (shared)" : "") + " (" + describe(held.taken_at) +
                ")";
      }
    }
    switch (thread.waiting) {
      case WaitKind::none: line += ", " + verb("is", "are") + " not blocked on a lock"; break;
      case WaitKind::lock:
      case WaitKind::shared_lock:
        line += ", " + verb("waits", "wait") + " for " + lock_name(thread.waiting_for) +
                (thread.waiting == WaitKind::shared_lock ? " (shared)" : "") + " (" +
                describe(thread.waiting_at) + ")";
        break;
      case WaitKind::condition:
        line += ", " + verb("waits", "wait") + " on a condition of " +
                lock_name(thread.waiting_for) + " (" + describe(thread.waiting_at) + ")";
        break;
    }
    return line;
  };
  std::vector<std::string> states;               // one per group, in the singular
  std::vector<std::vector<std::size_t>> groups;  // the threads of each, by index
  for (std::size_t i = 0; i < threads.size(); ++i) {
    const std::string state = state_of(threads[i], false);
    std::size_t group = 0;
    while (group < states.size() && states[group] != state) ++group;
    if (group == states.size()) {
      states.push_back(state);
      groups.emplace_back();
    }
    groups[group].push_back(i);
  }
  std::vector<std::string> lines;
  for (const std::vector<std::size_t>& group : groups) {
    std::string names;
    for (const std::size_t i : group) names += (names.empty() ? "" : ", ") + threads[i].thread;
    lines.push_back(names + ": " + state_of(threads[group.front()], group.size() > 1));
  }
  return lines;
}

}  // namespace racelab::sync::tracking
