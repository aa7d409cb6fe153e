// The tracked backend of racelab/sync.hpp: the std types underneath, with every lock operation
// reported to the lock tracker (lock_tracking.hpp) first.
//
// A lab turns it on (RACELAB_SYNC_TRACKING=1, see cmake/RacelabLab.cmake) when its story is about
// locks: the deadlock lab's watchdog prints who holds and who waits for which lock, and its
// lock-order checker reports a cycle the first time it appears. ThreadSanitizer still sees the
// real std::mutex inside, so its own lock-order detector works as before.
//
// The price: a few relaxed stores per lock and unlock, and a thread-local lookup per lock taken
// while another is held. Labs whose story is not about locks (lost_update) use the plain std
// backend, where sync::mutex *is* std::mutex.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <string_view>

#include <racelab/sync/lock_holders.hpp>
#include <racelab/sync/lock_tracking.hpp>
#include <racelab/sync/names.hpp>
#include <racelab/sync/source_location.hpp>
#include <racelab/sync/std_data.hpp>

namespace racelab::sync {

namespace detail {

// A lock's identity for the tracker; a named lock's name is dropped with it.
class TrackedIdentity {
 public:
  TrackedIdentity() = default;
  TrackedIdentity(const TrackedIdentity&) = delete;
  TrackedIdentity& operator=(const TrackedIdentity&) = delete;
  ~TrackedIdentity() {
    if (named_) tracking::forget_lock(id_);
  }

  [[nodiscard]] tracking::LockId id() const noexcept { return id_; }
  void name(std::string_view name) {
    tracking::name_lock(id_, name);
    named_ = true;
  }

 private:
  tracking::LockId id_ = tracking::new_lock();
  bool named_ = false;
};

}  // namespace detail

// The exclusive side, common to both tracked locks: the tracker hears of each step first.
template <class Native>
class tracked_lock {
 public:
  tracked_lock() = default;
  tracked_lock(const tracked_lock&) = delete;
  tracked_lock& operator=(const tracked_lock&) = delete;

  void lock(source_location where = source_location::current()) {
    const tracking::Site at = tracking::site_of(where);
    tracking::before_blocking_lock(identity_.id(), tracking::Mode::exclusive, at);
    native_.lock();
    tracking::acquired(identity_.id(), tracking::Mode::exclusive, at);
  }
  bool try_lock(source_location where = source_location::current()) {
    if (!native_.try_lock()) return false;
    tracking::acquired(identity_.id(), tracking::Mode::exclusive, tracking::site_of(where));
    return true;
  }
  void unlock(source_location /*where*/ = source_location::current()) {
    tracking::releasing(identity_.id());
    native_.unlock();
  }

  // TSan names the std lock inside by its address: that is the one a report reader looks up.
  void name(std::string_view name) {
    identity_.name(name);
    names::record_lock_name(&native_, name);
  }
  [[nodiscard]] tracking::LockId tracking_id() const noexcept { return identity_.id(); }

 protected:
  ~tracked_lock() = default;
  Native native_;
  detail::TrackedIdentity identity_;
};

class tracked_mutex : public tracked_lock<std::mutex> {
 public:
  // For condition_variable, which waits on the std::mutex itself.
  std::mutex& native() noexcept { return native_; }
};

class tracked_shared_mutex : public tracked_lock<std::shared_mutex> {
 public:
  void lock_shared(source_location where = source_location::current()) {
    const tracking::Site at = tracking::site_of(where);
    tracking::before_blocking_lock(identity_.id(), tracking::Mode::shared, at);
    native_.lock_shared();
    tracking::acquired(identity_.id(), tracking::Mode::shared, at);
  }
  bool try_lock_shared(source_location where = source_location::current()) {
    if (!native_.try_lock_shared()) return false;
    tracking::acquired(identity_.id(), tracking::Mode::shared, tracking::site_of(where));
    return true;
  }
  void unlock_shared(source_location /*where*/ = source_location::current()) {
    tracking::releasing(identity_.id());
    native_.unlock_shared();
  }
};

// Waits on the tracked mutex's std::mutex. While it sleeps the thread holds nothing and shows as
// waiting on the condition; when it wakes it holds the mutex again.
class tracked_condition_variable {
 public:
  tracked_condition_variable() = default;
  tracked_condition_variable(const tracked_condition_variable&) = delete;
  tracked_condition_variable& operator=(const tracked_condition_variable&) = delete;

  void notify_one(source_location /*where*/ = source_location::current()) noexcept {
    native_.notify_one();
  }
  void notify_all(source_location /*where*/ = source_location::current()) noexcept {
    native_.notify_all();
  }
  void wait(unique_lock<tracked_mutex>& lock, source_location where = source_location::current()) {
    tracked_mutex& mutex = *lock.mutex();
    const tracking::Site at = tracking::site_of(where);
    tracking::before_condition_wait(mutex.tracking_id(), at);
    // The std::mutex is locked (the unique_lock owns it); adopt it for the wait, hand it back.
    std::unique_lock<std::mutex> native(mutex.native(), std::adopt_lock);
    native_.wait(native);
    native.release();
    tracking::acquired(mutex.tracking_id(), tracking::Mode::exclusive, at);
  }
  template <class Predicate>
  void wait(unique_lock<tracked_mutex>& lock, Predicate ready,
            source_location where = source_location::current()) {
    while (!ready()) wait(lock, where);
  }

 private:
  std::condition_variable native_;
};

// The names labs use: in this backend, the tracked types and the holders that pass on locations.
using mutex = tracked_mutex;
using shared_mutex = tracked_shared_mutex;
using condition_variable = tracked_condition_variable;

// Gives a lock the name the tracker's reports use, e.g. "account 3" (and a TSan report reader's,
// as in the std backend).
template <class Lock>
void name_lock(Lock& lock, std::string_view name) {
  lock.name(name);
}

// The calling thread's name in the tracker's tables and in ThreadSanitizer's reports.
inline void name_this_thread(std::string_view name) {
  tracking::name_this_thread(name);
  names::set_os_thread_name(name);
}

}  // namespace racelab::sync
