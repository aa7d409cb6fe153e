// racelab/sync/std_data.hpp — the shared-data half of the real-build backends: atomic<T> is
// std::atomic<T>, counting_semaphore a std::mutex and std::condition_variable around a count (why
// not std::counting_semaphore: below), var<T> a plain scalar. Both the std and the tracked backend
// use it; only their locks differ.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <semaphore>
#include <type_traits>

namespace racelab::sync {

template <class T>
using atomic = std::atomic<T>;

// std::counting_semaphore's interface (acquire, try_acquire, release(n), max), kept in a count
// under a mutex, with a condition variable for the waiters, as the model backend keeps it.
//
// Not the std type, because the one Debian's g++ 12 ships loses wake-ups, the lab's own bug: an
// acquire that finds no unit remembers the count it last read (1, say) and, once its short spin
// fails, sleeps on the futex for as long as the count still equals that value; a release only wakes
// sleepers when the count was 0. Once the count has dipped to 0 and come back to 1 while the
// acquirer spun, it sleeps with a unit there, and a later release, finding the count positive,
// wakes nobody (<bits/semaphore_base.h>, __atomic_semaphore; <bits/atomic_wait.h>,
// __atomic_wait_address_bare). lost_wakeup's semaphore reference hung that way in 4 of 16 runs of
// its benchmark at 8 threads: a producer asleep on free_slots_ expecting 1, its count 2.
//
// A semaphore is not a lock (it has no owner, and any thread may release it), so the tracked
// backend does not track it: its mutex is internal, held for a few instructions, never across a
// wait of the caller's.
template <std::ptrdiff_t LeastMaxValue = std::counting_semaphore<>::max()>
class counting_semaphore {
 public:
  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }

  explicit counting_semaphore(std::ptrdiff_t desired) : count_(desired) {}
  counting_semaphore(const counting_semaphore&) = delete;
  counting_semaphore& operator=(const counting_semaphore&) = delete;

  void release(std::ptrdiff_t update = 1) {
    {
      const std::lock_guard<std::mutex> hold(mutex_);
      count_ += update;
    }
    // The count is what a waiter checks, under the mutex, before it sleeps: a unit released before
    // the wait is seen, and one released after it is a notify the waiter is there for.
    if (update == 1) {
      available_.notify_one();
    } else {
      available_.notify_all();
    }
  }
  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [this] { return count_ > 0; });
    --count_;
  }
  bool try_acquire() noexcept {
    const std::lock_guard<std::mutex> hold(mutex_);
    if (count_ == 0) return false;
    --count_;
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable available_;
  std::ptrdiff_t count_;  // guarded by mutex_
};

// A plain shared scalar, with no synchronization at all: racing on it is undefined behaviour,
// and ThreadSanitizer reports it.
//
// Why read()/write() and not a bare T: every access must be one visible event, as it is in the
// model build, where each read() and write() is a step Relacy can interleave. The accesses are
// volatile for the same reason: without it the optimizer may fuse a loop of a million
// read-add-write deposits into a single add, and the real program would no longer do what the
// model checked. volatile is *not* synchronization (no atomicity, no ordering between threads);
// it only keeps the compiler from merging or dropping accesses the source spells out. The cost is
// the one load or store the source asks for, and nothing else: no fence, no lock prefix.
template <class T>
class var {
  static_assert(std::is_scalar_v<T>, "sync::var holds a scalar; guard larger state with a lock");

 public:
  constexpr var() noexcept = default;
  constexpr explicit var(T initial) noexcept : value_(initial) {}
  var(const var&) = delete;
  var& operator=(const var&) = delete;

  [[nodiscard]] T read() const noexcept { return *static_cast<const volatile T*>(&value_); }
  void write(T value) noexcept { *static_cast<volatile T*>(&value_) = value; }

 private:
  T value_{};
};

static_assert(std::is_same_v<atomic<long>, std::atomic<long>>);
static_assert(sizeof(var<long>) == sizeof(long) && alignof(var<long>) == alignof(long));
static_assert(sizeof(var<bool>) == sizeof(bool));
static_assert(std::is_standard_layout_v<var<long>>);

}  // namespace racelab::sync
