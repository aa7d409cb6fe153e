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
  bool try_lock(source_location where = source_location::current()) {
    return model_.try_lock(detail::debug_info(where));
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
  void unlock(source_location where = source_location::current()) {
    rl::rl_pthread_rwlock_unlock(&model_, detail::debug_info(where));
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

template <class T>
class atomic {
 public:
  atomic() : model_(T{}) {}
  atomic(T initial) : model_(initial) {}  // NOLINT(google-explicit-constructor): as std::atomic
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order order = std::memory_order_seq_cst,
         source_location where = source_location::current()) const {
    return model_.load(detail::model_order(order), detail::debug_info(where));
  }
  void store(T value, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) {
    model_.store(value, detail::model_order(order), detail::debug_info(where));
  }
  T exchange(T value, std::memory_order order = std::memory_order_seq_cst,
             source_location where = source_location::current()) {
    return model_.exchange(value, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_add(T delta, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) {
    return model_.fetch_add(delta, detail::model_order(order), detail::debug_info(where));
  }
  T fetch_sub(T delta, std::memory_order order = std::memory_order_seq_cst,
              source_location where = source_location::current()) {
    return model_.fetch_sub(delta, detail::model_order(order), detail::debug_info(where));
  }
  bool compare_exchange_strong(T& expected, T desired,
                               std::memory_order order = std::memory_order_seq_cst,
                               source_location where = source_location::current()) {
    return model_.compare_exchange_strong(expected, desired, detail::model_order(order),
                                          detail::debug_info(where));
  }
  bool compare_exchange_weak(T& expected, T desired,
                             std::memory_order order = std::memory_order_seq_cst,
                             source_location where = source_location::current()) {
    return model_.compare_exchange_weak(expected, desired, detail::model_order(order),
                                        detail::debug_info(where));
  }

 private:
  mutable rl::atomic<T> model_;
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
    return model_(detail::debug_info(where)).load();
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

}  // namespace racelab::sync
