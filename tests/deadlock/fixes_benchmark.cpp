// The price of each fix: transfers per second through each reference bank, at 1, 2, 4 and 8
// threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp), all measured
// in the same run. A measurement, not a test: scripts/lab bench deadlock runs it, reports the
// throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/deadlock/deadlock_fixes_benchmark
//
// Two accounts, and every other thread transfers the other way, as the lab's program does,
// without the auditor (tests/support/fix_benchmark.hpp runs it): the case the bug deadlocks in,
// so that each fix pays for what makes it safe there. Built on the std backend, not the lock
// tracker the lab's program runs on: the figure is the fix's price, not the tracker's.
#include "fix_benchmark.hpp"

#include <cstddef>

#include <deadlock/atomic.hpp>
#include <deadlock/channel.hpp>
#include <deadlock/mutex.hpp>
#include <deadlock/rwlock.hpp>

namespace racelab::deadlock {
namespace {

constexpr std::size_t kAccounts = 2;
// Orders of magnitude more than 8 threads move in the seconds a benchmark runs.
constexpr Amount kOpening = Amount{1} << 60;

template <BankLike Bank>
void fix(const char* name) {
  bench::register_fix<Bank, kAccounts, kOpening>(name, [](benchmark::State& state, Bank& bank) {
    const std::size_t from = static_cast<std::size_t>(state.thread_index()) % kAccounts;
    const std::size_t to = (from + 1) % kAccounts;
    for (auto _ : state) bank.transfer(from, to, 1);
  });
}

[[maybe_unused]] const bool registered = [] {
  fix<using_mutex::Bank>("mutex");
  fix<using_atomic::Bank>("atomic");
  fix<using_rwlock::Bank>("rwlock");
  fix<using_channel::Bank>("channel");
  return true;
}();

}  // namespace
}  // namespace racelab::deadlock

BENCHMARK_MAIN();
