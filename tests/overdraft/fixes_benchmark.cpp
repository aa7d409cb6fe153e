// The price of each fix: withdrawals per second from each reference account, at 1, 2, 4 and 8
// threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp), all measured
// in the same run. A measurement, not a test: scripts/lab bench overdraft runs it, reports the
// throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/overdraft/overdraft_fixes_benchmark
//
// Every thread withdraws 1 at a time from one account, as the lab's program does, without the
// auditor (tests/support/fix_benchmark.hpp runs it). The account opens with more than any run can
// withdraw, so that every withdrawal is approved and each pays for the whole decision: the
// balance checked, then debited, as one step.
#include "fix_benchmark.hpp"

#include <overdraft/atomic.hpp>
#include <overdraft/channel.hpp>
#include <overdraft/mutex.hpp>
#include <overdraft/rwlock.hpp>

namespace racelab::overdraft {
namespace {

// Orders of magnitude more than 8 threads withdraw in the seconds a benchmark runs.
constexpr Amount kOpening = Amount{1} << 60;

template <AccountLike Account>
void fix(const char* name) {
  bench::register_fix<Account, kOpening>(name, [](benchmark::State& state, Account& account) {
    for (auto _ : state) {
      if (!account.withdraw(1)) {
        state.SkipWithError("a withdrawal was refused: the opening balance ran out");
        break;
      }
    }
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
}  // namespace racelab::overdraft

BENCHMARK_MAIN();
