// The event-loop lab's figures as a Google Benchmark: the program's scenario at its default size
// (1000 concurrent requests x 200 ms of I/O, a refresh that goes on 300 ms past it), run several
// times per book. A measurement, not a test: the tests hold the code's share of these figures to
// the budget (functional_test.cpp); this reports them, spread included.
//
//   build/dev/tests/event_loop/event_loop_scenario_benchmark
//
// Time is the manual time "until the last request completed"; the counters are the ratio of that
// to one request's I/O (the seeds' headline: at most 1.25), the heartbeat's p99 lag, the worst
// lag of any timer, the most of one that the handlers' own time made, the time the loop thread
// was descheduled and the number of slow handlers, averaged over the iterations.
#include <benchmark/benchmark.h>

#include <chrono>

#include <event_loop/atomic.hpp>
#include <event_loop/bug.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/rwlock.hpp>
#include <event_loop/scenario.hpp>

namespace racelab::event_loop {
namespace {

double ms(Duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

template <PriceBookLike Book>
void scenario(benchmark::State& state) {
  const ScenarioConfig config;
  double done_over_io = 0;
  double heartbeat_p99 = 0;
  double worst_lag = 0;
  double lag_by_code = 0;
  double descheduled = 0;
  double slow_handlers = 0;
  for (auto _ : state) {
    const ScenarioResult result = run_scenario<Book>(config);
    state.SetIterationTime(std::chrono::duration<double>(result.requests_done).count());
    done_over_io += ms(result.requests_done) / ms(config.io);
    heartbeat_p99 += ms(result.heartbeat.p99);
    worst_lag += ms(result.worst_timer_lag);
    lag_by_code += ms(result.worst_timer_lag_by_code);
    descheduled += ms(result.descheduled);
    slow_handlers += static_cast<double>(result.slow_handler_count);
  }
  const auto average = [&](double total) {
    return benchmark::Counter(total / static_cast<double>(state.iterations()));
  };
  state.counters["done_over_io"] = average(done_over_io);
  state.counters["heartbeat_p99_ms"] = average(heartbeat_p99);
  state.counters["worst_lag_ms"] = average(worst_lag);
  state.counters["lag_by_code_ms"] = average(lag_by_code);
  state.counters["descheduled_ms"] = average(descheduled);
  state.counters["slow_handlers"] = average(slow_handlers);
}

constexpr int kRuns = 5;

BENCHMARK(scenario<bug::PriceBook>)
    ->Name("bug")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(scenario<using_mutex::PriceBook>)
    ->Name("mutex")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(scenario<using_atomic::PriceBook>)
    ->Name("atomic")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(scenario<using_rwlock::PriceBook>)
    ->Name("rwlock")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(scenario<using_channel::PriceBook>)
    ->Name("channel")
    ->UseManualTime()
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace racelab::event_loop

BENCHMARK_MAIN();
