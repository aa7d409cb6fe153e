// The price of each fix: quotes per second from each reference book on the loop thread, alone and
// beside a writer publishing new tables, beside the hardware's own prices
// (tests/support/anchor_benchmarks.cpp), all measured in the same run. A measurement, not a test:
// scripts/lab bench event_loop runs it, reports the throughputs as ratios to the anchors and plots
// them.
//
//   build/dev/tests/event_loop/event_loop_fixes_benchmark
//
// The contract allows one loop thread and one writer (prices.hpp, C2 and C4), so the thread axis
// stops at two: "1" is the loop quoting alone, "2" the loop quoting while a writer refreshes
// (the counter book_threads, which scripts/lab bench plots in place of Google Benchmark's own
// thread count). The writer refreshes every 100 us, thousands of times more often than the
// program's writer (300 ms a table): often enough to meet the loop in the middle of a quote, and
// seldom enough that the atomic book, which keeps every table it published, stays small. The
// loop runs the work posted to it (the message-passing book's tables) between quotes, as the
// program's loop does between handlers; for the other books that is one atomic load a quote.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>

#include <event_loop/atomic.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/prices.hpp>
#include <event_loop/rwlock.hpp>

#include "posted_work.hpp"

namespace racelab::event_loop {
namespace {

constexpr auto kRefreshPeriod = std::chrono::microseconds(100);

template <PriceBookLike Book>
void quotes(benchmark::State& state, bool with_writer) {
  PostedWork loop;
  Book book(loop.poster());
  {
    std::jthread writer;
    if (with_writer) {
      writer = std::jthread([&book](const std::stop_token& stop) {
        std::int64_t generation = 0;
        while (!stop.stop_requested()) {
          book.refresh([&] { return std::make_unique<PriceTable>(++generation); });
          std::this_thread::sleep_for(kRefreshPeriod);
        }
      });
    }
    std::size_t item = 0;
    for (auto _ : state) {
      loop.run();
      const Quote quote = book.quote(item);
      if (!quote.consistent()) {
        state.SkipWithError("a quote mixed two tables");
        break;
      }
      item = (item + 1) % kItems;
    }
    // Leaving this scope stops the writer and joins it.
  }
  loop.run();  // C6: the posted work runs before the book goes
  state.SetItemsProcessed(state.iterations());
  state.counters["book_threads"] = with_writer ? 2 : 1;
}

template <PriceBookLike Book>
void fix(const char* name) {
  for (const bool with_writer : {false, true}) {
    benchmark::RegisterBenchmark(name, [with_writer](benchmark::State& state) {
      quotes<Book>(state, with_writer);
    })->UseRealTime();
  }
}

[[maybe_unused]] const bool registered = [] {
  fix<using_mutex::PriceBook>("mutex");
  fix<using_atomic::PriceBook>("atomic");
  fix<using_rwlock::PriceBook>("rwlock");
  fix<using_channel::PriceBook>("channel");
  return true;
}();

}  // namespace
}  // namespace racelab::event_loop

BENCHMARK_MAIN();
