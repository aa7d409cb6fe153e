// racelab/sync.hpp — the one synchronization vocabulary every lab is written in.
//
// Lab and solution code says `sync::mutex`, `sync::atomic<T>`, `sync::var<T>`... and never
// names a backend. The build picks one:
//
//   real builds (programs, functional and ThreadSanitizer tests)
//       the std types themselves: `sync::mutex` *is* `std::mutex`, so what runs, and what TSan
//       watches, is exactly the standard library.
//   model builds (RACELAB_SYNC_MODEL=1, the Relacy model checks)
//       thin wrappers over Relacy's types. Every operation takes a defaulted source location,
//       so Relacy's reports name the lab's file and line, not this one.
//
// This is the pattern of Rust's loom: one algorithm, two worlds, no #ifdef in the algorithm.
//
// What each name is for:
//   mutex, shared_mutex          mutual exclusion; shared_mutex adds a shared (reader) side
//   lock_guard<M>, unique_lock<M>, shared_lock<M>
//                                RAII holders; name the mutex type explicitly
//                                (`sync::lock_guard<sync::mutex>`), clang 14 has no alias CTAD
//   condition_variable           waits with a unique_lock<mutex>; always wait with a predicate
//   atomic<T>                    load/store/exchange/fetch_add/fetch_sub/compare_exchange_*,
//                                each with an explicit std::memory_order
//   var<T>                       a plain, unsynchronized shared scalar: read() and write()
//   channel<T>                   a bounded blocking queue for message passing (channel.hpp)
#pragma once

#if defined(RACELAB_SYNC_MODEL) && RACELAB_SYNC_MODEL
#include <racelab/sync/relacy_backend.hpp>
#else
#include <racelab/sync/std_backend.hpp>
#endif

#include <racelab/sync/channel.hpp>
