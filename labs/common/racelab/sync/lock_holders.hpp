// racelab/sync/lock_holders.hpp — lock_guard, unique_lock and shared_lock that remember where
// they were made.
//
// Used by the backends whose locks take a source location (model and tracked). The std holders
// would call lock() from inside the standard library, and every report would name <mutex>; these
// pass the caller's line on, and their destructors unlock "at" the line that took the lock.
#pragma once

#include <racelab/sync/source_location.hpp>

namespace racelab::sync {

template <class Mutex>
class lock_guard {
 public:
  explicit lock_guard(Mutex& mutex, source_location where = source_location::current())
      : mutex_(mutex), where_(where) {
    mutex_.lock(where_);
  }
  ~lock_guard() { mutex_.unlock(where_); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  Mutex& mutex_;
  source_location where_;
};

template <class Mutex>
class unique_lock {
 public:
  explicit unique_lock(Mutex& mutex, source_location where = source_location::current())
      : mutex_(&mutex), where_(where) {
    lock(where);
  }
  ~unique_lock() {
    if (owns_) mutex_->unlock(where_);
  }
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;

  void lock(source_location where = source_location::current()) {
    mutex_->lock(where);
    owns_ = true;
  }
  void unlock(source_location where = source_location::current()) {
    mutex_->unlock(where);
    owns_ = false;
  }
  [[nodiscard]] bool owns_lock() const noexcept { return owns_; }
  [[nodiscard]] Mutex* mutex() const noexcept { return mutex_; }
  [[nodiscard]] source_location where() const noexcept { return where_; }

 private:
  Mutex* mutex_;
  source_location where_;
  bool owns_ = false;
};

template <class SharedMutex>
class shared_lock {
 public:
  explicit shared_lock(SharedMutex& mutex, source_location where = source_location::current())
      : mutex_(mutex), where_(where) {
    mutex_.lock_shared(where_);
  }
  ~shared_lock() { mutex_.unlock_shared(where_); }
  shared_lock(const shared_lock&) = delete;
  shared_lock& operator=(const shared_lock&) = delete;

 private:
  SharedMutex& mutex_;
  source_location where_;
};

}  // namespace racelab::sync
