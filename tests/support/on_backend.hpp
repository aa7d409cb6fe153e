// on_backend.hpp — run a small concurrent case the way the build's sync backend is meant to run:
// on real threads in the real builds (std and tracked), as a Relacy model in the model build,
// where Relacy's types work only inside its executions.
//
// A case is a struct: its members are the shared state (made afresh for every execution of a
// model), `thread(index)` is what thread `index` does, and an optional `after()` checks the end
// state once every thread is done. The same case compiles against all three backends; this
// header is the one place that knows which one it has.
#pragma once

#if defined(RACELAB_SYNC_MODEL) && RACELAB_SYNC_MODEL
#include "model_check.hpp"
#else
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include <racelab/sync.hpp>
#endif

namespace racelab::on_backend {

template <class Case>
concept HasAfter = requires(Case& the_case) {
  the_case.after();
};

#if defined(RACELAB_SYNC_MODEL) && RACELAB_SYNC_MODEL

// At least two threads: Relacy's waitsets (behind every mutex and condition variable) are sized
// by the thread count, and GCC warns about their code for a suite of one. The second thread of a
// one-thread case does nothing.
template <class Case, unsigned Threads>
    struct AsModel : rl::test_suite < AsModel<Case, Threads>,
    Threads<2 ? 2 : Threads> {
  Case the_case;
  void thread(unsigned index) {
    if (index < Threads) the_case.thread(index);
  }
  void after() {
    if constexpr (HasAfter<Case>) the_case.after();
  }
};

// Every interleaving (the cases are small), or a bounded search for a case that retries a lock.
template <class Case, unsigned Threads = 1>
void run() {
  const model::Verdict verdict = model::check<AsModel<Case, Threads>>(model::FullSearch{});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

#else

template <class Case, unsigned Threads = 1>
void run() {
  Case the_case;
  std::vector<std::thread> threads;
  for (unsigned index = 0; index < Threads; ++index) {
    threads.emplace_back([&the_case, index] { the_case.thread(index); });
  }
  for (std::thread& thread : threads) thread.join();
  if constexpr (HasAfter<Case>) the_case.after();
}

#endif

}  // namespace racelab::on_backend
