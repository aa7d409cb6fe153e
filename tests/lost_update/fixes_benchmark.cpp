// The price of each fix: deposits per second through each reference account, at 1, 2, 4 and 8
// depositor threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp),
// all measured in the same run. A measurement, not a test: scripts/lab bench lost_update runs it,
// reports the throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/lost_update/lost_update_fixes_benchmark
//
// Every thread deposits into one account, as the lab's program does, without the auditor: the
// figure is the price of a deposit under contention (tests/support/fix_benchmark.hpp runs it).
#include "fix_benchmark.hpp"

#include <lost_update/atomic.hpp>
#include <lost_update/channel.hpp>
#include <lost_update/mutex.hpp>
#include <lost_update/rwlock.hpp>

namespace racelab::lost_update {
namespace {

template <AccountLike Account>
void fix(const char* name) {
  bench::register_fix<Account>(name, [](benchmark::State& state, Account& account) {
    for (auto _ : state) account.deposit(1);
  });
}

[[maybe_unused]] const bool registered = [] {
  fix<using_mutex::Account>("mutex");
  fix<using_atomic::Account>("atomic");
  fix<using_rwlock::Account>("rwlock");
  fix<using_channel::Account>("channel");
  return true;
}();

}  // namespace
}  // namespace racelab::lost_update

BENCHMARK_MAIN();
