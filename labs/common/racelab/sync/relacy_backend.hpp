// The model-check backend of racelab/sync.hpp: Relacy Race Detector's types behind the same names
// and the same member functions as the std backend.
//
// Each operation takes a defaulted source_location (source_location.hpp). Default arguments are
// evaluated at the call site, so the location is the lab's own line; it becomes the rl::debug_info
// that Relacy would otherwise take from its `$` macro, and Relacy's history and race reports name
// the lab.
//
// Relacy is hostile to the code that includes it: relacy.hpp #defines new, delete, malloc, free,
// assert and every std::memory_order_* enumerator. So this header includes every standard header
// a lab may use *first*, then Relacy, then takes those macros back. Tests must include GoogleTest
// before this header (see tests/support/model_check.hpp).
#pragma once

// The order of these lines is the point (above): not for clang-format to sort or regroup.
// clang-format off
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <relacy/relacy.hpp>

#undef new
#undef delete
#undef malloc
#undef calloc
#undef realloc
#undef free
#undef assert
#undef errno
#undef memory_order_relaxed
#undef memory_order_consume
#undef memory_order_acquire
#undef memory_order_release
#undef memory_order_acq_rel
#undef memory_order_seq_cst
// clang-format on

#include <racelab/sync/lock_holders.hpp>
#include <racelab/sync/source_location.hpp>

namespace racelab::sync {

namespace detail {

inline rl::debug_info debug_info(const source_location& where) {
  return rl::debug_info(where.function_name(), where.file_name(), where.line());
}

// Failed try_locks so far in this process: the model checks ask, to tell a fix that retries a lock
// (whose full search cannot end) from one that does not.
inline unsigned long long& failed_try_lock_count() noexcept {
  static unsigned long long count = 0;
  return count;
}
inline unsigned long long failed_try_locks() noexcept { return failed_try_lock_count(); }

inline void after_failed_try_lock(const source_location& where) {
  ++failed_try_lock_count();
  rl::yield(1, debug_info(where));
}

// Whether a thread offers to give way right after each sync::var read, for the one search that
// asks (tests/support/model_check.hpp, FullSearch::yield_after_plain_reads). Relacy switches
// threads only at atomic and lock operations, and its full search first runs each thread as far
// as it goes: the first failing execution it finds for a plain read-modify-write is then thread 0's
// read and write, then thread 1's racing read. A yield makes it try the other thread first, so
// the first failure is the lost update as the lab tells it, both reads before either write. Relacy
// lowers a yielding thread's priority and so skips some executions: only a check that looks for a
// failure, never one that vouches for a fix, may ask for it.
inline bool& yield_after_plain_reads() noexcept {
  static bool asked = false;
  return asked;
}

constexpr rl::memory_order model_order(std::memory_order order) {
  switch (order) {
    case std::memory_order_relaxed: return rl::mo_relaxed;
    case std::memory_order_consume: return rl::mo_consume;
    case std::memory_order_acquire: return rl::mo_acquire;
    case std::memory_order_release: return rl::mo_release;
    case std::memory_order_acq_rel: return rl::mo_acq_rel;
    case std::memory_order_seq_cst: return rl::mo_seq_cst;
  }
  return rl::mo_seq_cst;
}

}  // namespace detail

class mutex {
 public:
  mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock(source_location where = source_location::current()) {
    model_.lock(detail::debug_info(where));
  }
  // A failed try_lock is followed by a retry, or by another way round: either way the thread is
  // spinning until another one moves, which Relacy's schedulers are told (rl::yield), so that a
  // search does not spend itself on a thread that retries while nobody else runs.
  bool try_lock(source_location where = source_location::current()) {
    if (model_.try_lock(detail::debug_info(where))) return true;
    detail::after_failed_try_lock(where);
    return false;
  }
  void unlock(source_location where = source_location::current()) {
    model_.unlock(detail::debug_info(where));
  }

  // For condition_variable, which hands the mutex itself to Relacy.
  rl::mutex& model() noexcept { return model_; }

 private:
  rl::mutex model_;
};

// Relacy has no std::shared_mutex; its pthread rwlock model is one, and it reports a write made
// under the shared side as a data race, which is exactly the mistake the rwlock exercises invite.
class shared_mutex {
 public:
  shared_mutex() { rl::rl_pthread_rwlock_init(&model_, nullptr, detail::debug_info(here())); }
  ~shared_mutex() { rl::rl_pthread_rwlock_destroy(&model_, detail::debug_info(here())); }
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  void lock(source_location where = source_location::current()) {
    rl::rl_pthread_rwlock_wrlock(&model_, detail::debug_info(where));
  }
  bool try_lock(source_location where = source_location::current()) {
    if (rl::rl_pthread_rwlock_trywrlock(&model_, detail::debug_info(where)) == 0) return true;
    detail::after_failed_try_lock(where);
    return false;
  }
  void unlock(source_location where = source_location::current()) {
    rl::rl_pthread_rwlock_unlock(&model_, detail::debug_info(where));
  }
  bool try_lock_shared(source_location where = source_location::current()) {
    if (rl::rl_pthread_rwlock_tryrdlock(&model_, detail::debug_info(where)) == 0) return true;
    detail::after_failed_try_lock(where);
    return false;
  }
  void lock_shared(source_location where = source_location::current()) {
    rl::rl_pthread_rwlock_rdlock(&model_, detail::debug_info(where));
  }
  void unlock_shared(source_location where = source_location::current()) {
    rl::rl_pthread_rwlock_unlock(&model_, detail::debug_info(where));
  }

 private:
  static source_location here(source_location where = source_location::current()) { return where; }
  rl::rl_pthread_rwlock_t model_;
};

// Relacy's condition variable allows spurious wake-ups, as the standard does, but injects them
// only under its random scheduler; the full and context-bound searches used here find a missing
// predicate loop only when another thread steals the wake-up.
class condition_variable {
 public:
  condition_variable() = default;
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  void notify_one(source_location where = source_location::current()) {
    model_.notify_one(detail::debug_info(where));
  }
  void notify_all(source_location where = source_location::current()) {
    model_.notify_all(detail::debug_info(where));
  }
  void wait(unique_lock<mutex>& lock, source_location where = source_location::current()) {
    model_.wait(lock.mutex()->model(), detail::debug_info(where));
  }
  template <class Predicate>
  void wait(unique_lock<mutex>& lock, Predicate ready,
            source_location where = source_location::current()) {
    while (!ready()) wait(lock, where);
  }

 private:
  rl::condition_variable model_;
};

namespace detail {

// Relacy's history prints each value an atomic held through a void*, which a pointer to const
// does not convert to; the model keeps such a pointer without its const and gives it back.
template <class T>
struct model_value {
  using type = T;
};
template <class T>
struct model_value<const T*> {
  using type = T*;
};

// The standard lets a compare-exchange fail with a stronger order than it succeeds with
// (relaxed on success, acquire on failure); Relacy does not, and stops the search. The model
// gives the success side the failure side's strength too, which only adds ordering on success.
constexpr std::memory_order success_order_for(std::memory_order success,
                                              std::memory_order failure) {
  const auto strength = [](std::memory_order order) {
    switch (order) {
      case std::memory_order_relaxed: return 0;
      case std::memory_order_consume:
      case std::memory_order_acquire: return 1;
      default: return 2;  // seq_cst; release and acq_rel are not failure orders
    }
  };
  if (strength(failure) == 2) return std::memory_order_seq_cst;
  if (strength(failure) == 1) {
    if (success == std::memory_order_relaxed) return std::memory_order_acquire;
    if (success == std::memory_order_release) return std::memory_order_acq_rel;
  }
  return success;
}

// What the standard derives as the failure order of a compare-exchange given one order.
constexpr std::memory_order failure_order_of(std::memory_order order) {
  if (order == std::memory_order_acq_rel) return std::memory_order_acquire;
  if (order == std::memory_order_release) return std::memory_order_relaxed;
  return order;
}

// wait() and notify_*() of an atomic, made of a Relacy mutex and condition variable, created on
// first use so that an atomic nobody waits on costs the search nothing. A waiter checks the value
// and goes to sleep under the mutex; a notifier passes through the mutex first, so a notify after
// the change always finds the waiter asleep, and a missing notify leaves it asleep for good: a
// DEADLOCK in the model, as it would be a hang on real threads.
class Waiters {
 public:
  template <class Changed>
  void wait_until(Changed changed, const rl::debug_info& info) {
    lock_.lock(info);
    while (!changed()) sleepers_.wait(lock_, info);
    lock_.unlock(info);
  }
  void notify(bool all, const rl::debug_info& info) {
    lock_.lock(info);
    lock_.unlock(info);
    if (all) {
      sleepers_.notify_all(info);
    } else {
      sleepers_.notify_one(info);
    }
  }

 private:
  rl::mutex lock_;
  rl::condition_variable sleepers_;
};

}  // namespace detail

// std::atomic's interface, member for member, each operation one step of Relacy's search at the
// caller's line. The operators and conversions are seq_cst, as std::atomic's are.
template <class T>
class atomic {
  using Model = typename detail::model_value<T>::type;
  static Model to_model(T value) {
    if constexpr (std::is_same_v<Model, T>) {
      return value;
    } else {
      return const_cast<Model>(value);  // see model_value
    }
  }

 public:
  using value_type = T;
  static constexpr bool is_always_lock_free = true;

  atomic() : model_(Model{}) {}
  atomic(T initial) : model_(to_model(initial)) {}  // NOLINT(google-explicit-constructor): as std
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;
  ~atomic() { delete waiters_; }

  T load(std::memory_order order = std::memory_order_seq_cst,
         source_location where = source_location::current()) const {
    return model_.load(detail::model_order(order), detail::debug_info(where));
  }
  void store(T value, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) {
    model_.store(to_model(value), detail::model_order(order), detail::debug_info(where));
  }
  T exchange(T value, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) {
    return model_.exchange(to_model(value), detail::model_order(order), detail::debug_info(where));
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success,
                               std::memory_order failure,
                               source_location where = source_location::current()) {
    return compare_exchange<false>(expected, desired, success, failure, where);
  }
  bool compare_exchange_strong(T& expected, T desired,
                               std::memory_order order = std::memory_order_seq_cst,
                               source_location where = source_location::current()) {
    return compare_exchange<false>(expected, desired, order, detail::failure_order_of(order),
                                   where);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                             std::memory_order failure,
                             source_location where = source_location::current()) {
    return compare_exchange<true>(expected, desired, success, failure, where);
  }
  bool compare_exchange_weak(T& expected, T desired,
                             std::memory_order order = std::memory_order_seq_cst,
                             source_location where = source_location::current()) {
    return compare_exchange<true>(expected, desired, order, detail::failure_order_of(order), where);
  }

  // Arithmetic, for integers (std::atomic has it for pointers too; no lab needs that here).
  T fetch_add(T delta, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) requires std::is_integral_v<T> {
    return model_.fetch_add(delta, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_sub(T delta, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) requires std::is_integral_v<T> {
    return model_.fetch_sub(delta, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_and(T bits, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) requires std::is_integral_v<T> {
    return model_.fetch_and(bits, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_or(T bits, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) requires std::is_integral_v<T> {
    return model_.fetch_or(bits, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_xor(T bits, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) requires std::is_integral_v<T> {
    return model_.fetch_xor(bits, detail::model_order(order), detail::debug_info(where));
  }

  // The operators: a default argument cannot follow an operator's operands, so these steps
  // carry the line of this header; Relacy's report still shows the lab's line on the steps
  // around them.
  operator T() const { return load(); }  // NOLINT(google-explicit-constructor): as std::atomic
  T operator=(T value) {
    store(value);
    return value;
  }
  T operator++() requires std::is_integral_v<T> { return fetch_add(1) + 1; }
  T operator++(int) requires std::is_integral_v<T> { return fetch_add(1); }
  T operator--() requires std::is_integral_v<T> { return fetch_sub(1) - 1; }
  T operator--(int) requires std::is_integral_v<T> { return fetch_sub(1); }
  T operator+=(T delta) requires std::is_integral_v<T> { return fetch_add(delta) + delta; }
  T operator-=(T delta) requires std::is_integral_v<T> { return fetch_sub(delta) - delta; }
  T operator&=(T bits) requires std::is_integral_v<T> { return fetch_and(bits) & bits; }
  T operator|=(T bits) requires std::is_integral_v<T> { return fetch_or(bits) | bits; }
  T operator^=(T bits) requires std::is_integral_v<T> { return fetch_xor(bits) ^ bits; }

  // C++20's wait and notify (see detail::Waiters).
  void wait(T old, std::memory_order order = std::memory_order_seq_cst,
            source_location where = source_location::current()) const {
    waiters().wait_until([&] { return load(order, where) != old; }, detail::debug_info(where));
  }
  void notify_one(source_location where = source_location::current()) {
    waiters().notify(false, detail::debug_info(where));
  }
  void notify_all(source_location where = source_location::current()) {
    waiters().notify(true, detail::debug_info(where));
  }

 private:
  template <bool weak>
  bool compare_exchange(T& expected, T desired, std::memory_order success,
                        std::memory_order failure, source_location where) {
    Model seen = to_model(expected);
    const rl::memory_order on_success =
        detail::model_order(detail::success_order_for(success, failure));
    const rl::memory_order on_failure = detail::model_order(failure);
    const rl::debug_info at = detail::debug_info(where);
    // Relacy's two-order form takes a location per order.
    const bool exchanged =
        weak ? model_.compare_exchange_weak(seen, to_model(desired), on_success, at, on_failure, at)
             : model_.compare_exchange_strong(seen, to_model(desired), on_success, at, on_failure,
                                              at);
    expected = seen;
    return exchanged;
  }
  detail::Waiters& waiters() const {
    if (waiters_ == nullptr) waiters_ = new detail::Waiters;  // NOLINT: owned, see ~atomic
    return *waiters_;
  }

  mutable rl::atomic<Model> model_;
  mutable detail::Waiters* waiters_ = nullptr;
};

// std::atomic<std::shared_ptr<T>> (C++20). Relacy's atomics hold trivially copyable values only,
// so the model keeps the shared_ptr under a Relacy mutex: each operation is one indivisible step,
// and each synchronizes whatever order it is given, as libstdc++'s implementation does (a lock bit
// in the control block). A reader keeps the table alive by its own copy of the pointer; a table
// freed while a reader still reads it shows as an access to freed memory.
template <class T>
class atomic<std::shared_ptr<T>> {
 public:
  using value_type = std::shared_ptr<T>;

  atomic() = default;
  atomic(value_type initial) : value_(std::move(initial)) {}  // NOLINT: as std::atomic
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  value_type load(std::memory_order /*any*/ = std::memory_order_seq_cst,
                  source_location where = source_location::current()) const {
    const Hold hold(lock_, where);
    return value_;
  }
  void store(value_type value, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) {
    exchange(std::move(value), order, where);  // the old table is let go of after the step
  }
  value_type exchange(value_type value, std::memory_order /*any*/ = std::memory_order_seq_cst,
                      source_location where = source_location::current()) {
    const Hold hold(lock_, where);
    value_.swap(value);
    return value;
  }
  bool compare_exchange_strong(value_type& expected, value_type desired, std::memory_order order,
                               std::memory_order /*failure*/,
                               source_location where = source_location::current()) {
    return compare_exchange_strong(expected, std::move(desired), order, where);
  }
  bool compare_exchange_strong(value_type& expected, value_type desired,
                               std::memory_order /*any*/ = std::memory_order_seq_cst,
                               source_location where = source_location::current()) {
    const Hold hold(lock_, where);
    // Equal as std::atomic<shared_ptr> compares: the same pointer and the same owner.
    const bool same =
        value_ == expected && !value_.owner_before(expected) && !expected.owner_before(value_);
    if (same) {
      value_.swap(desired);
    } else {
      expected = value_;
    }
    return same;
  }
  bool compare_exchange_weak(value_type& expected, value_type desired, std::memory_order order,
                             std::memory_order failure,
                             source_location where = source_location::current()) {
    return compare_exchange_strong(expected, std::move(desired), order, failure, where);
  }
  bool compare_exchange_weak(value_type& expected, value_type desired,
                             std::memory_order order = std::memory_order_seq_cst,
                             source_location where = source_location::current()) {
    return compare_exchange_strong(expected, std::move(desired), order, where);
  }
  operator value_type() const { return load(); }  // NOLINT(google-explicit-constructor)
  void operator=(value_type value) { store(std::move(value)); }

 private:
  class Hold {
   public:
    Hold(rl::mutex& lock, source_location where) : lock_(lock), where_(where) {
      lock_.lock(detail::debug_info(where_));
    }
    ~Hold() { lock_.unlock(detail::debug_info(where_)); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    rl::mutex& lock_;
    source_location where_;
  };

  mutable rl::mutex lock_;
  value_type value_;
};

// std::counting_semaphore, made of a Relacy mutex and condition variable around a count. A release
// that comes before the acquire is kept in the count, which is the whole difference from a
// condition variable's notify (lost when nobody waits yet). The condition variable's spurious
// wake-ups, which the random search injects, are absorbed by the loop in acquire(), as the
// standard's semaphore absorbs those of the futex beneath it.
template <std::ptrdiff_t LeastMaxValue = std::counting_semaphore<>::max()>
class counting_semaphore {
 public:
  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }

  explicit counting_semaphore(std::ptrdiff_t desired) : count_(desired) {}
  counting_semaphore(const counting_semaphore&) = delete;
  counting_semaphore& operator=(const counting_semaphore&) = delete;

  void release(std::ptrdiff_t update = 1, source_location where = source_location::current()) {
    const rl::debug_info info = detail::debug_info(where);
    lock_.lock(info);
    count_(info) = count_(info) + update;
    // Every waiter is told, and each takes one unit or sleeps again: simpler than counting
    // notify_one()s against `update`, and no more permissive.
    available_.notify_all(info);
    lock_.unlock(info);
  }
  void acquire(source_location where = source_location::current()) {
    const rl::debug_info info = detail::debug_info(where);
    lock_.lock(info);
    while (count_(info) == 0) available_.wait(lock_, info);
    count_(info) = count_(info) - 1;
    lock_.unlock(info);
  }
  bool try_acquire(source_location where = source_location::current()) {
    const rl::debug_info info = detail::debug_info(where);
    lock_.lock(info);
    const bool taken = count_(info) > 0;
    if (taken) count_(info) = count_(info) - 1;
    lock_.unlock(info);
    if (!taken) rl::yield(1, info);  // a caller that retries is spinning, as after a try_lock
    return taken;
  }

 private:
  rl::mutex lock_;
  rl::condition_variable available_;
  rl::var<std::ptrdiff_t> count_;
};

template <class T>
class var {
  static_assert(std::is_scalar_v<T>, "sync::var holds a scalar; guard larger state with a lock");

 public:
  var() : model_(T{}) {}
  explicit var(T initial) : model_(initial) {}
  var(const var&) = delete;
  var& operator=(const var&) = delete;

  [[nodiscard]] T read(source_location where = source_location::current()) const {
    const T value = model_(detail::debug_info(where)).load();
    if (detail::yield_after_plain_reads()) rl::yield(1, detail::debug_info(where));
    return value;
  }
  void write(T value, source_location where = source_location::current()) {
    model_(detail::debug_info(where)).store(value);
  }

 private:
  rl::var<T> model_;
};

// Lock names are for the tracked backend's reports; Relacy's reports name source lines instead.
template <class Lock>
void name_lock(Lock& /*lock*/, std::string_view /*name*/) noexcept {}

// Relacy's threads are fibers of one OS thread, which its reports number: there is nothing to name.
inline void name_this_thread(std::string_view /*name*/) noexcept {}

}  // namespace racelab::sync
