// Checks of the watchdog (racelab/watchdog.hpp), on real threads: a program that stops moving is
// reported once its patience is spent, one that moves never is, and time in which a watched
// thread waited for a CPU is no part of its patience. The starvation is a stand-in here (a test
// cannot make the kernel starve a thread on cue); the meter it stands in for is checked apart.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include <racelab/watchdog.hpp>

namespace racelab {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(Watchdog, ReportsAProgramThatStopsMoving) {
  std::atomic<std::uint64_t> progress{0};
  std::atomic<bool> stalled{false};
  std::atomic<std::int64_t> quiet_ms{0};
  const Clock::time_point started = Clock::now();
  {
    const Watchdog watchdog(progress, milliseconds(100), [&](milliseconds quiet_for) {
      quiet_ms = quiet_for.count();
      stalled = true;
    });
    while (!stalled && Clock::now() - started < std::chrono::seconds(30))
      std::this_thread::sleep_for(milliseconds(5));
  }
  ASSERT_TRUE(stalled) << "no stall reported in 30 s";
  EXPECT_GE(quiet_ms.load(), 100);
}

TEST(Watchdog, NeverReportsAProgramThatMoves) {
  std::atomic<std::uint64_t> progress{0};
  std::atomic<bool> stalled{false};
  {
    const Watchdog watchdog(progress, milliseconds(200), [&](milliseconds) { stalled = true; });
    // Ten times the patience, with a step every 10 ms: a twentieth of it.
    for (int step = 0; step < 200; ++step) {
      progress.fetch_add(1, std::memory_order_relaxed);
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
  EXPECT_FALSE(stalled);
}

// Nothing moves, but between any two looks a watched thread waited for a CPU as long as the look
// took: the program never had the time to move, and is not called stalled.
TEST(Watchdog, TimeAThreadWaitedForACpuIsNotQuiet) {
  std::atomic<std::uint64_t> progress{0};
  std::atomic<bool> stalled{false};
  {
    const Watchdog watchdog(
        progress, milliseconds(100), [&](milliseconds) { stalled = true; },
        [] { return std::chrono::nanoseconds(std::chrono::hours(1)); });
    std::this_thread::sleep_for(milliseconds(500));
  }
  EXPECT_FALSE(stalled);
}

// Two threads spinning on one CPU each wait for it about half the time: the meter sees it.
TEST(StarvationMeter, SeesAThreadThatWaitedForACpu) {
  if (!loop::read_calling_thread_schedstat()) GTEST_SKIP() << "no /proc/thread-self/schedstat";
  StarvationMeter meter;
  std::atomic<bool> stop{false};
  std::vector<std::jthread> spinners;
  for (int i = 0; i < 2; ++i) {
    spinners.emplace_back([&stop] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(0, &one);
      pthread_setaffinity_np(pthread_self(), sizeof one, &one);
      while (!stop.load(std::memory_order_relaxed)) {
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(50));
  meter.longest_wait_since_last();  // both threads known, from here on
  std::this_thread::sleep_for(milliseconds(400));
  const std::chrono::nanoseconds waited = meter.longest_wait_since_last();
  stop = true;
  EXPECT_GE(waited, milliseconds(100)) << "one of two threads sharing a CPU for 400 ms";
}

}  // namespace
}  // namespace racelab
