// The hardware's own prices, measured in the same run as a lab's fixes (scripts/lab bench): what
// an operation costs at its cheapest, so that a fix's throughput can be read as "N times the
// limit" on any machine, where the absolute figures hold for one machine only.
//
//   anchor/fetch_add           one thread, std::atomic fetch_add: the cheapest read-modify-write
//                              (on x86 a `lock xadd` on a cache line the core already owns)
//   anchor/fetch_add_contended two threads on one counter: the cache line moves between cores
//                              at every increment, the floor of any shared counter
//   anchor/mutex               one thread, std::mutex lock and unlock, never contended: two
//                              atomic operations and no system call
//   anchor/wake                a wake through the kernel: two threads hand a token back and
//                              forth with std::atomic wait/notify (a futex on Linux); one
//                              iteration is one handoff, the price a blocking channel pays when
//                              its receiver sleeps
//
// Linked into each lab's fixes benchmark (an object library: registration is by static
// constructors, which a static library would drop).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

namespace racelab::anchors {
namespace {

// Every figure is measured in a process that has started a thread, as every lab's program has.
// Until a process starts its first thread, glibc's locks skip their atomic instructions, so
// whichever benchmark ran first on one thread would get locks at half their price (event_loop's
// mutex book quoted in 7.7 ns first, 18 ns after any thread had run).
[[maybe_unused]] const bool multi_threaded = [] {
  std::thread([] {}).join();
  return true;
}();

void fetch_add(benchmark::State& state) {
  std::atomic<std::int64_t> counter{0};
  for (auto _ : state) counter.fetch_add(1);
  benchmark::DoNotOptimize(counter.load());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(fetch_add)->Name("anchor/fetch_add")->UseRealTime();

// One counter for both threads of the benchmark: a static, so that each thread sees the same.
std::atomic<std::int64_t> shared_counter{0};

void fetch_add_contended(benchmark::State& state) {
  for (auto _ : state) shared_counter.fetch_add(1);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(fetch_add_contended)->Name("anchor/fetch_add_contended")->Threads(2)->UseRealTime();

void mutex(benchmark::State& state) {
  std::mutex lock;
  for (auto _ : state) {
    lock.lock();
    lock.unlock();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(mutex)->Name("anchor/mutex")->UseRealTime();

// The token is 0 when the benchmark's thread may go, 1 when the partner may. Each waits for its
// value with std::atomic::wait, which blocks in the kernel once a short spin has not seen it.
void wake(benchmark::State& state) {
  std::atomic<int> token{0};
  std::atomic<bool> done{false};
  std::thread partner([&] {
    while (true) {
      token.wait(0);
      if (done.load()) return;
      token.store(0);
      token.notify_one();
    }
  });
  for (auto _ : state) {
    token.store(1);
    token.notify_one();
    token.wait(1);
  }
  done.store(true);
  token.store(1);
  token.notify_one();
  partner.join();
  // Two handoffs per iteration: there and back.
  state.SetItemsProcessed(2 * state.iterations());
}
BENCHMARK(wake)->Name("anchor/wake")->UseRealTime();

}  // namespace
}  // namespace racelab::anchors
