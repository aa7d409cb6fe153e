// What each lab's benchmark of its fixes shares (tests/LAB/fixes_benchmark.cpp, scripts/lab
// bench): one object of the fix under test for all the threads of a benchmark, its owner thread
// when it has one, and the registration at 1 to 8 threads in wall time.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <thread>

namespace racelab::bench {

// A fix that keeps its state on an owner thread (message passing): serve() runs on it until
// close().
template <class Fix>
concept Owned = requires(Fix& fix) {
  fix.serve();
  fix.close();
};

// The object every thread of a benchmark shares, built from kArgs before they start and torn
// down after they end (Google Benchmark's Setup and Teardown run once, outside the threads).
template <class Fix, auto... kArgs>
struct Shared {
  static inline std::unique_ptr<Fix> fix;
  static inline std::optional<std::jthread> owner;  // serve(), for an Owned fix

  static void setup(const benchmark::State&) {
    fix = std::make_unique<Fix>(kArgs...);
    if constexpr (Owned<Fix>) owner.emplace([] { fix->serve(); });
  }
  static void teardown(const benchmark::State&) {
    if constexpr (Owned<Fix>) {
      fix->close();
      owner.reset();  // joins
    }
    fix.reset();
  }
};

// BODY(state, fix) is one benchmark's loop over the shared Fix. Above the machine's core count
// the threads take turns on the cores (oversubscribed), which is what the 4- and 8-thread rows
// show.
template <class Fix, auto... kArgs, class Body>
void register_fix(const char* name, Body body) {
  benchmark::RegisterBenchmark(name,
                               [body](benchmark::State& state) {
                                 body(state, *Shared<Fix, kArgs...>::fix);
                                 state.SetItemsProcessed(state.iterations());
                               })
      ->Setup(Shared<Fix, kArgs...>::setup)
      ->Teardown(Shared<Fix, kArgs...>::teardown)
      ->ThreadRange(1, 8)
      ->UseRealTime();
}

}  // namespace racelab::bench
