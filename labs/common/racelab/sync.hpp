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
//   tracked builds (RACELAB_SYNC_TRACKING=1, labs about locks: deadlock)
//       the std types underneath, every lock operation reported to a lock-order checker and to a
//       table of who holds and who waits for which lock (sync/lock_tracking.hpp), which the
//       deadlock lab's watchdog prints when the program hangs.
//
// This is the pattern of Rust's loom: one algorithm, several worlds, no #ifdef in the
// algorithm.
//
// What each name is for:
//   mutex, shared_mutex          mutual exclusion; shared_mutex adds a shared (reader) side;
//                                lock, try_lock, unlock (and lock_shared, ... on shared_mutex)
//   lock_guard<M>, unique_lock<M>, shared_lock<M>
//                                RAII holders, with std::defer_lock, std::try_to_lock and
//                                std::adopt_lock; name the mutex type explicitly
//                                (`sync::lock_guard<sync::mutex>`), clang 14 has no alias CTAD.
//                                std::scoped_lock, std::lock and std::try_lock work on sync
//                                mutexes too
//   condition_variable           waits with a unique_lock<mutex>; always wait with a predicate
//   atomic<T>                    std::atomic's interface: load/store/exchange, fetch_add/sub/
//                                and/or/xor, compare_exchange_* with one or two orders, the
//                                operators (++, +=, an implicit load, ...), wait/notify_*; T
//                                may be a pointer to const
//   counting_semaphore<Max>      std::counting_semaphore's interface: acquire, try_acquire,
//                                release(n); a release with nobody waiting is kept, not lost
//                                (in real builds a mutex and a condition variable, not the std
//                                type, which loses wake-ups in g++ 12: sync/std_data.hpp)
//   var<T>                       a plain, unsynchronized shared scalar: read() and write()
//   channel<T>                   a bounded blocking queue for message passing (channel.hpp)
//   name_lock(lock, "account 3") the name reports give a lock: the tracked backend's, and a
//                                ThreadSanitizer report reader's (sync/names.hpp); a no-op in the
//                                model backend
//   name_this_thread("auditor")  the calling thread's name in reports (TSan's, the tracker's);
//                                15 bytes are kept; a no-op in the model backend
// tests/sync/conformance_test.cpp compiles all of it against every backend and checks that the
// results agree; what is left out, and what to write instead, is listed there.
#pragma once

#if defined(RACELAB_SYNC_MODEL) && RACELAB_SYNC_MODEL
#include <racelab/sync/relacy_backend.hpp>
#elif defined(RACELAB_SYNC_TRACKING) && RACELAB_SYNC_TRACKING
#include <racelab/sync/tracked_backend.hpp>
#else
#include <racelab/sync/std_backend.hpp>
#endif

#include <racelab/sync/channel.hpp>
