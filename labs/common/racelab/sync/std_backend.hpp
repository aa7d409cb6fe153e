// The real-build backend of racelab/sync.hpp: the standard library's own types.
//
// Zero cost is checked, not claimed: the static_asserts below (and in std_data.hpp) prove that
// every name but var<T> is the std type itself, and that var<T> is exactly as big as the T it
// holds.
#pragma once

#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <type_traits>

#include <racelab/sync/names.hpp>
#include <racelab/sync/std_data.hpp>

namespace racelab::sync {

using mutex = std::mutex;
using shared_mutex = std::shared_mutex;
using condition_variable = std::condition_variable;

template <class Mutex>
using lock_guard = std::lock_guard<Mutex>;
template <class Mutex>
using unique_lock = std::unique_lock<Mutex>;
template <class Mutex>
using shared_lock = std::shared_lock<Mutex>;

// A lock's name, for a report reader to put beside ThreadSanitizer's "M15" (names.hpp): recorded
// once, when the lock is made; no lock operation pays for it.
template <class Lock>
void name_lock(Lock& lock, std::string_view name) {
  names::record_lock_name(&lock, name);
}

// The calling thread's name in ThreadSanitizer's reports ("Thread T3 'depositor 2'").
inline void name_this_thread(std::string_view name) { names::set_os_thread_name(name); }

static_assert(std::is_same_v<mutex, std::mutex>);
static_assert(std::is_same_v<unique_lock<mutex>, std::unique_lock<std::mutex>>);

}  // namespace racelab::sync
