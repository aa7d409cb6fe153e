// racelab/loop/runqueue_clock.hpp — how long a thread has waited for a CPU while it was ready to
// run: the part of its wall time that the machine, not its code, is to blame for.
//
// A handler that took 40 ms of wall time either ran (or waited for a lock, a disk, a sleep: its
// code's doing) for 40 ms, or was runnable while the OS ran something else: another program's
// thread, a CPU hog, a compiler. Wall time cannot tell the two apart; the scheduler can. Linux
// keeps, for every thread, "on-CPU ns, runqueue-wait ns, timeslices" in
// /proc/thread-self/schedstat. The second field only grows while the thread is runnable and not
// running: blocked on a futex or asleep, a thread is not on a run queue at all, so waiting for a
// lock counts as the code's time, as it should.
//
// The file needs a kernel with CONFIG_SCHED_INFO (every distribution kernel has it); when it
// cannot be opened, available() is false and waited() stays zero, so every wall time counts as
// the code's, which is what a loop without this clock assumes.
//
// One read is a pread(2) of a few dozen bytes, about 5 us (10 us under ThreadSanitizer): cheap
// next to a millisecond, expensive next to a handler. The loop reads it at most about once a
// millisecond (event_loop.hpp), not around every handler.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <system_error>

namespace racelab::loop {

// The first two of a thread's schedstat numbers: its time on a CPU, and its time runnable but
// waiting for one.
struct SchedStat {
  std::chrono::nanoseconds on_cpu{};
  std::chrono::nanoseconds waiting{};
};

// Reads an open /proc/.../schedstat; nullopt if it cannot be read or parsed.
inline std::optional<SchedStat> read_schedstat(int fd) {
  std::array<char, 96> text{};
  const ssize_t length = ::pread(fd, text.data(), text.size(), 0);
  if (length <= 0) return std::nullopt;
  const char* const end = text.data() + length;
  std::uint64_t on_cpu = 0;
  std::uint64_t waiting = 0;
  const std::from_chars_result first = std::from_chars(text.data(), end, on_cpu);
  if (first.ec != std::errc{} || first.ptr == end) return std::nullopt;
  if (std::from_chars(first.ptr + 1, end, waiting).ec != std::errc{}) return std::nullopt;
  return SchedStat{std::chrono::nanoseconds(static_cast<std::int64_t>(on_cpu)),
                   std::chrono::nanoseconds(static_cast<std::int64_t>(waiting))};
}

// One reading of the calling thread's schedstat (open, read, close: for a reading or two per
// thread, not for a loop). nullopt where the kernel does not publish it.
inline std::optional<SchedStat> read_calling_thread_schedstat() {
  const int fd = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const std::optional<SchedStat> stat = read_schedstat(fd);
  ::close(fd);
  return stat;
}

class RunqueueClock {
 public:
  RunqueueClock() = default;
  RunqueueClock(const RunqueueClock&) = delete;
  RunqueueClock& operator=(const RunqueueClock&) = delete;
  ~RunqueueClock() { close_file(); }

  // Measures the calling thread from now on. The file is opened once per thread: calling this
  // again from the same thread keeps it.
  void attach_to_calling_thread() {
    const pid_t caller = ::gettid();
    if (fd_ >= 0 && thread_ == caller) return;
    close_file();
    // thread-self names the opening thread: the descriptor keeps measuring it, whoever reads.
    fd_ = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    thread_ = caller;
    available_ = fd_ >= 0 && read_waited().has_value();
  }

  [[nodiscard]] bool available() const { return available_; }

  // The attached thread's total runqueue wait so far; zero when not available.
  [[nodiscard]] std::chrono::nanoseconds waited() {
    if (!available_) return {};
    if (const auto waited = read_waited()) last_ = *waited;
    return last_;  // a failed read (never seen) repeats the last value: no wait invented
  }

 private:
  [[nodiscard]] std::optional<std::chrono::nanoseconds> read_waited() const {
    const std::optional<SchedStat> stat = read_schedstat(fd_);
    if (!stat) return std::nullopt;
    return stat->waiting;
  }

  void close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
  pid_t thread_ = 0;
  bool available_ = false;
  std::chrono::nanoseconds last_{};
};

}  // namespace racelab::loop
