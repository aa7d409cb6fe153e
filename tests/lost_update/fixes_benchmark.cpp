// The price of each fix: deposits per second through each reference account, at 1, 2, 4 and 8
// depositor threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp),
// all measured in the same run. A measurement, not a test: scripts/lab bench lost_update runs it,
// reports the throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/lost_update/lost_update_fixes_benchmark
//
// Every thread deposits into one account, as the lab's program does, without the auditor: the
// figure is the price of a deposit under contention. Above the machine's core count the threads
// take turns on the cores (oversubscribed), which is what the 4- and 8-thread rows show.
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <thread>

#include <lost_update/atomic.hpp>
#include <lost_update/channel.hpp>
#include <lost_update/mutex.hpp>
#include <lost_update/rwlock.hpp>

namespace racelab::lost_update {
namespace {

// The account every thread of a benchmark shares, made before they start and checked after
// they end (Google Benchmark's Setup and Teardown run once, outside the threads).
template <AccountLike Account>
struct Shared {
  static inline std::unique_ptr<Account> account;
  static inline std::optional<std::jthread> owner;  // serve(), for an OwnedAccount

  static void setup(const benchmark::State&) {
    account = std::make_unique<Account>();
    if constexpr (OwnedAccount<Account>) owner.emplace([] { account->serve(); });
  }
  static void teardown(const benchmark::State&) {
    if constexpr (OwnedAccount<Account>) {
      account->close();
      owner.reset();  // joins
    }
    account.reset();
  }
};

template <AccountLike Account>
void deposits(benchmark::State& state) {
  Account& account = *Shared<Account>::account;
  for (auto _ : state) account.deposit(1);
  state.SetItemsProcessed(state.iterations());
}

template <AccountLike Account>
void fix(const char* name) {
  benchmark::RegisterBenchmark(name, deposits<Account>)
      ->Setup(Shared<Account>::setup)
      ->Teardown(Shared<Account>::teardown)
      ->ThreadRange(1, 8)
      ->UseRealTime();
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
