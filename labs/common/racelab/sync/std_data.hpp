// racelab/sync/std_data.hpp — the shared-data half of the real-build backends: atomic<T> is
// std::atomic<T>, counting_semaphore std::counting_semaphore, var<T> a plain scalar. Both the std
// and the tracked backend use it; only their locks differ.
#pragma once

#include <atomic>
#include <cstddef>
#include <semaphore>
#include <type_traits>

namespace racelab::sync {

template <class T>
using atomic = std::atomic<T>;

// A semaphore is not a lock (it has no owner, and any thread may release it), so the tracked
// backend does not track it either: it is the std type in both real builds.
template <std::ptrdiff_t LeastMaxValue = std::counting_semaphore<>::max()>
using counting_semaphore = std::counting_semaphore<LeastMaxValue>;

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
static_assert(std::is_same_v<counting_semaphore<>, std::counting_semaphore<>>);
static_assert(sizeof(var<long>) == sizeof(long) && alignof(var<long>) == alignof(long));
static_assert(sizeof(var<bool>) == sizeof(bool));
static_assert(std::is_standard_layout_v<var<long>>);

}  // namespace racelab::sync
