// The price of each fix: jobs handed through each reference queue per second, at 1, 2, 4 and 8
// threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp), all measured
// in the same run. A measurement, not a test: scripts/lab bench lost_wakeup runs it, reports the
// throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/lost_wakeup/lost_wakeup_fixes_benchmark
//
// One queue of the lab's default two slots, and every thread pushes a job, then pops one (not
// always its own): one operation is one job in and out. A thread pops only after it pushed, so
// the jobs in the queue never fall short of the threads about to pop, and no run can hang, at any
// thread count or whenever Google Benchmark stops a thread. Above two threads the pushes find the
// queue full and wait, so the 4- and 8-thread rows pay for sleeping and being woken, the lab's
// subject. Built on the std backend, not the lock tracker the lab's program runs on: the figure
// is the fix's price, not the tracker's.
#include "fix_benchmark.hpp"

#include <cstddef>

#include <lost_wakeup/atomic.hpp>
#include <lost_wakeup/channel.hpp>
#include <lost_wakeup/mutex.hpp>
#include <lost_wakeup/semaphore.hpp>

namespace racelab::lost_wakeup {
namespace {

constexpr std::size_t kCapacity = 2;  // the program's default (--capacity)

template <JobQueueLike Queue>
void fix(const char* name) {
  bench::register_fix<Queue, kCapacity>(name, [](benchmark::State& state, Queue& queue) {
    Job job = 0;
    for (auto _ : state) {
      if (!queue.push(job++) || !queue.pop()) {
        state.SkipWithError("the queue refused a push or a pop before it was closed");
        break;
      }
    }
  });
}

[[maybe_unused]] const bool registered = [] {
  fix<using_mutex::JobQueue>("mutex");
  fix<using_atomic::JobQueue>("atomic");
  fix<using_semaphore::JobQueue>("semaphore");
  fix<using_channel::JobQueue>("channel");
  return true;
}();

}  // namespace
}  // namespace racelab::lost_wakeup

BENCHMARK_MAIN();
