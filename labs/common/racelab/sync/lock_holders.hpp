// racelab/sync/lock_holders.hpp — lock_guard, unique_lock and shared_lock that remember where
// they were made.
//
// Used by the backends whose locks take a source location (model and tracked). The std holders
// would call lock() from inside the standard library, and every report would name <mutex>; these
// pass the caller's line on, and their destructors unlock "at" the line that took the lock.
#pragma once

#include <mutex>
#include <utility>

#include <racelab/sync/source_location.hpp>

namespace racelab::sync {

template <class Mutex>
class lock_guard {
 public:
  explicit lock_guard(Mutex& mutex, source_location where = source_location::current())
      : mutex_(mutex), where_(where) {
    mutex_.lock(where_);
  }
  lock_guard(Mutex& mutex, std::adopt_lock_t /*already_held*/,
             source_location where = source_location::current())
      : mutex_(mutex), where_(where) {}
  ~lock_guard() { mutex_.unlock(where_); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  Mutex& mutex_;
  source_location where_;
};

// std::unique_lock's interface over a lock that takes locations; `Side` says which side of a
// shared mutex it holds, so that shared_lock is the same class.
namespace detail {

struct ExclusiveSide {
  template <class Mutex>
  static void lock(Mutex& mutex, source_location where) {
    mutex.lock(where);
  }
  template <class Mutex>
  static bool try_lock(Mutex& mutex, source_location where) {
    return mutex.try_lock(where);
  }
  template <class Mutex>
  static void unlock(Mutex& mutex, source_location where) {
    mutex.unlock(where);
  }
};

struct SharedSide {
  template <class Mutex>
  static void lock(Mutex& mutex, source_location where) {
    mutex.lock_shared(where);
  }
  template <class Mutex>
  static bool try_lock(Mutex& mutex, source_location where) {
    return mutex.try_lock_shared(where);
  }
  template <class Mutex>
  static void unlock(Mutex& mutex, source_location where) {
    mutex.unlock_shared(where);
  }
};

template <class Mutex, class Side>
class movable_lock {
 public:
  using mutex_type = Mutex;

  movable_lock() noexcept = default;
  explicit movable_lock(Mutex& mutex, source_location where = source_location::current())
      : mutex_(&mutex), where_(where) {
    lock(where);
  }
  movable_lock(Mutex& mutex, std::defer_lock_t /*later*/,
               source_location where = source_location::current()) noexcept
      : mutex_(&mutex), where_(where) {}
  movable_lock(Mutex& mutex, std::try_to_lock_t /*if_free*/,
               source_location where = source_location::current())
      : mutex_(&mutex), where_(where) {
    try_lock(where);
  }
  movable_lock(Mutex& mutex, std::adopt_lock_t /*already_held*/,
               source_location where = source_location::current()) noexcept
      : mutex_(&mutex), where_(where), owns_(true) {}
  ~movable_lock() {
    if (owns_) Side::unlock(*mutex_, where_);
  }
  movable_lock(const movable_lock&) = delete;
  movable_lock& operator=(const movable_lock&) = delete;
  movable_lock(movable_lock&& other) noexcept
      : mutex_(std::exchange(other.mutex_, nullptr)),
        where_(other.where_),
        owns_(std::exchange(other.owns_, false)) {}
  movable_lock& operator=(movable_lock&& other) noexcept {
    if (this != &other) {
      if (owns_) Side::unlock(*mutex_, where_);
      mutex_ = std::exchange(other.mutex_, nullptr);
      where_ = other.where_;
      owns_ = std::exchange(other.owns_, false);
    }
    return *this;
  }

  void lock(source_location where = source_location::current()) {
    Side::lock(*mutex_, where);
    owns_ = true;
  }
  bool try_lock(source_location where = source_location::current()) {
    owns_ = Side::try_lock(*mutex_, where);
    return owns_;
  }
  void unlock(source_location where = source_location::current()) {
    Side::unlock(*mutex_, where);
    owns_ = false;
  }
  Mutex* release() noexcept {
    owns_ = false;
    return std::exchange(mutex_, nullptr);
  }
  [[nodiscard]] bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }
  [[nodiscard]] Mutex* mutex() const noexcept { return mutex_; }
  [[nodiscard]] source_location where() const noexcept { return where_; }

 private:
  Mutex* mutex_ = nullptr;
  source_location where_;
  bool owns_ = false;
};

}  // namespace detail

template <class Mutex>
using unique_lock = detail::movable_lock<Mutex, detail::ExclusiveSide>;
template <class SharedMutex>
using shared_lock = detail::movable_lock<SharedMutex, detail::SharedSide>;

}  // namespace racelab::sync
