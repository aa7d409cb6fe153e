// Checks of the event loop itself (racelab/loop/event_loop.hpp), on real threads: timer order,
// overlapping waits, values posted from other threads, the slow-handler report (own time, not
// descheduled time; code, not harness) and errors.
// Time bounds are generous and their margins stated: these tests check behaviour, and the lab's
// tests (tests/event_loop/) hold the loop to its latency budget.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <racelab/loop/event_loop.hpp>
#include <racelab/loop/heartbeat.hpp>

namespace racelab::loop {
namespace {

using std::chrono::milliseconds;

Task sleep_then_record(EventLoop& loop, milliseconds duration, std::vector<int>& order, int id) {
  co_await loop.sleep(duration);
  order.push_back(id);
}

TEST(EventLoop, TimersFireInDeadlineOrder) {
  EventLoop loop;
  std::vector<int> order;
  loop.spawn(sleep_then_record(loop, milliseconds(30), order, 3), "third");
  loop.spawn(sleep_then_record(loop, milliseconds(10), order, 1), "first");
  loop.spawn(sleep_then_record(loop, milliseconds(20), order, 2), "second");
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(loop.timers_fired(), 3U);
}

// 500 waits of 100 ms each overlap: together they take about 100 ms, not 50 s. The bound, 1 s,
// leaves 900 ms for start-up; the time the loop thread was descheduled (a busy machine's, not the
// loop's) is taken out first.
TEST(EventLoop, WaitsOverlapOnOneThread) {
  EventLoop loop;
  std::vector<int> order;
  const auto started = Clock::now();
  for (int id = 0; id < 500; ++id) {
    loop.spawn(sleep_then_record(loop, milliseconds(100), order, id), "waiter");
  }
  loop.run();
  EXPECT_EQ(order.size(), 500U);
  EXPECT_LT(Clock::now() - started - loop.descheduled(), milliseconds(1000));
}

Task await_posted(Posted<int>& posted, int& received) { received = co_await posted; }

TEST(EventLoop, AwaitsAValuePostedFromAnotherThread) {
  EventLoop loop;
  Posted<int> answer(loop);
  int received = 0;
  loop.spawn(await_posted(answer, received), "awaiter");
  std::jthread worker([&answer] {
    std::this_thread::sleep_for(milliseconds(20));
    answer.deliver(42);
  });
  loop.run();
  EXPECT_EQ(received, 42);
}

TEST(EventLoop, RunsEveryPostFromManyThreads) {
  constexpr int kThreads = 4;
  constexpr int kPostsEach = 2000;
  EventLoop loop;
  Posted<bool> all_ran(loop);
  bool done = false;
  int ran = 0;  // loop thread only
  const auto await_all = [](Posted<bool>& all, bool& finished) -> Task { finished = co_await all; };
  loop.spawn(await_all(all_ran, done), "awaiter");
  std::vector<std::jthread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < kPostsEach; ++i) {
        loop.post("count", [&] {
          if (++ran == kThreads * kPostsEach) all_ran.deliver(true);
        });
      }
    });
  }
  loop.run();
  EXPECT_TRUE(done);
  EXPECT_EQ(ran, kThreads * kPostsEach);
}

// The run's figures in one message, printed with any failed expectation below: a rare failure on a
// busy machine then says which figure moved (a second slow handler, a wake-up's wait) by how much.
std::string describe(const EventLoop& loop, const Heartbeat& heartbeat) {
  const auto ms = [](Duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::ostringstream out;
  out << loop.slow_handler_count() << " slow handler(s):";
  for (const SlowHandler& slow : loop.slow_handlers()) {
    out << " " << slow.name << " (wall " << ms(slow.wall) << " ms, descheduled "
        << ms(slow.descheduled) << " ms)";
  }
  out << "; heartbeat's worst lag " << ms(heartbeat.summary().max) << " ms; worst timer lag "
      << ms(loop.worst_timer_lag()) << " ms, the code's " << ms(loop.worst_timer_lag_by_code())
      << " ms";
  return out.str();
}

Task block_the_loop(milliseconds duration) {
  std::this_thread::sleep_for(duration);  // the mistake this lab is about
  co_return;
}

// A 100 ms block against a 10 ms budget: reported by name, and the heartbeat's tick that fell due
// during it is late by most of the block. (The tick is due 5 ms in; 50 ms is the bound.) A
// blocked thread is on no run queue, so the block is the handler's own time, less at most the
// wait measured just before its start (kSampleEvery).
//
// The kernel's counter of that wait (runqueue_clock.hpp) has, rarely, booked most of the sleep as
// a wait for a CPU: once in about 60 runs with a CPU hog on each core (Linux 6.18), the block was
// then nobody's (0 slow handlers, the code's share of the lag 5 ms), while the heartbeat, late by
// 104 ms, shows that the thread did not wait 95 ms for a CPU. So the scenario runs again, up to
// three times, each failed run's figures printed: a loop that misjudges blocks fails all three.
struct BlockerRun {
  std::uint64_t slow_handler_count = 0;
  std::optional<SlowHandler> slowest;
  Duration heartbeat_max{};
  Duration worst_timer_lag{};
  Duration worst_timer_lag_by_code{};
  std::string figures;

  [[nodiscard]] bool as_claimed() const {
    return slow_handler_count == 1 && slowest->name == "blocker" &&
           slowest->wall >= milliseconds(100) &&
           slowest->own() >= milliseconds(100) - EventLoop::kSampleEvery &&
           heartbeat_max >= milliseconds(50) && worst_timer_lag >= milliseconds(50) &&
           worst_timer_lag_by_code >= milliseconds(50);
  }
};

BlockerRun run_a_blocker() {
  EventLoop loop(milliseconds(10));
  Heartbeat heartbeat(milliseconds(5));
  loop.spawn(heartbeat.beat(loop), "heartbeat");
  loop.spawn(
      [](EventLoop& l, Heartbeat& beat) -> Task {
        co_await l.sleep(milliseconds(1));
        co_await l.sleep(milliseconds(200));
        beat.stop();
      }(loop, heartbeat),
      "stopper");
  loop.spawn(block_the_loop(milliseconds(100)), "blocker");
  loop.run();
  BlockerRun run{loop.slow_handler_count(),      std::nullopt,
                 heartbeat.summary().max,        loop.worst_timer_lag(),
                 loop.worst_timer_lag_by_code(), describe(loop, heartbeat)};
  if (!loop.slow_handlers().empty()) run.slowest = loop.slow_handlers().front();
  return run;
}

TEST(EventLoop, ReportsASlowHandlerByNameAndTheLagItCaused) {
  constexpr int kRuns = 3;
  BlockerRun run;
  for (int attempt = 1; attempt <= kRuns; ++attempt) {
    run = run_a_blocker();
    if (run.as_claimed()) break;
    std::cout << "run " << attempt << " of " << kRuns << ": " << run.figures << "\n";
  }
  SCOPED_TRACE(run.figures);
  ASSERT_EQ(run.slow_handler_count, 1U);
  EXPECT_EQ(run.slowest->name, "blocker");
  EXPECT_GE(run.slowest->wall, milliseconds(100));
  EXPECT_GE(run.slowest->own(), milliseconds(100) - EventLoop::kSampleEvery);
  EXPECT_GE(run.heartbeat_max, milliseconds(50));
  EXPECT_GE(run.worst_timer_lag, milliseconds(50));
  EXPECT_GE(run.worst_timer_lag_by_code, milliseconds(50));
}

// The same block in a harness handler (the measurement's own machinery) is nobody's slow handler,
// and the lag it makes is not the code's.
TEST(EventLoop, NeverBlamesAHarnessHandler) {
  EventLoop loop(milliseconds(10));
  Heartbeat heartbeat(milliseconds(5));
  loop.spawn(heartbeat.beat(loop), "heartbeat", Role::harness);
  loop.spawn(
      [](EventLoop& l, Heartbeat& beat) -> Task {
        co_await l.sleep(milliseconds(200));
        beat.stop();
      }(loop, heartbeat),
      "stopper", Role::harness);
  loop.spawn(block_the_loop(milliseconds(100)), "harness blocker", Role::harness);
  loop.run();
  SCOPED_TRACE(describe(loop, heartbeat));
  EXPECT_EQ(loop.slow_handler_count(), 0U);
  EXPECT_GE(loop.worst_timer_lag(), milliseconds(50));
  EXPECT_EQ(loop.worst_timer_lag_by_code(), Duration{});
}

// Spins on the CPU until `wall` has passed, however much of it the thread actually ran.
Task spin_for(milliseconds wall) {
  const auto until = Clock::now() + wall;
  while (Clock::now() < until) {
  }
  co_return;
}

// Pins the calling thread to one CPU for as long as it lives, then restores its CPU set.
class PinnedTo {
 public:
  explicit PinnedTo(int cpu) {
    pthread_getaffinity_np(pthread_self(), sizeof saved_, &saved_);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pthread_setaffinity_np(pthread_self(), sizeof one, &one);
  }
  PinnedTo(const PinnedTo&) = delete;
  PinnedTo& operator=(const PinnedTo&) = delete;
  ~PinnedTo() { pthread_setaffinity_np(pthread_self(), sizeof saved_, &saved_); }

 private:
  cpu_set_t saved_{};
};

// A handler that spins for 60 ms of wall time while another thread spins on the same CPU runs for
// about half of it: the OS shares the CPU between the two (more ways if anything else runs
// there), and the thread waits on the run queue for the rest. Against a 40 ms budget its own time
// (~30 ms) is not slow, though its wall time is; a loop that judged wall time would report it.
TEST(EventLoop, DescheduledTimeIsNotTheHandlersOwn) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  sched_getaffinity(0, sizeof allowed, &allowed);
  int cpu = 0;
  while (!CPU_ISSET(cpu, &allowed)) ++cpu;
  const PinnedTo loop_thread(cpu);
  std::atomic<bool> stop{false};
  std::jthread rival([&stop, cpu] {
    const PinnedTo rival_thread(cpu);
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  EventLoop loop(milliseconds(40));
  loop.spawn(spin_for(milliseconds(60)), "spinner");
  loop.run();
  stop.store(true, std::memory_order_relaxed);
  if (!loop.measures_descheduling()) GTEST_SKIP() << "no /proc/thread-self/schedstat here";
  EXPECT_EQ(loop.slow_handler_count(), 0U);
  EXPECT_GT(loop.descheduled(), milliseconds(10));
}

Task fail() {
  co_await std::suspend_never{};
  throw std::runtime_error("handler failed");
}

TEST(EventLoop, AnExceptionFromATaskEndsRunAndIsRethrown) {
  EventLoop loop;
  loop.spawn(fail(), "failing");
  EXPECT_THROW(loop.run(), std::runtime_error);
}

Task await_done(Posted<bool>& done) { co_await done; }

// What a watchdog on another thread reads (progress() and in_flight()): the handler the loop is
// stuck in, by name, with the count of handlers run standing still; nothing once it returns. The
// handler waits for this thread, not for a time: no bound here depends on the machine.
TEST(EventLoop, TellsAnotherThreadWhichHandlerItIsInside) {
  EventLoop loop;
  Posted<bool> done(loop);
  std::atomic<bool> inside{false};
  std::atomic<bool> release{false};
  loop.spawn(await_done(done), "awaits done");  // keeps run() running until done is delivered
  loop.post("waits for the test", [&] {
    inside.store(true);
    inside.notify_one();
    release.wait(false);
  });
  std::jthread loop_thread([&loop] { loop.run(); });

  inside.wait(false);
  const std::optional<EventLoop::InFlight> stuck = loop.in_flight();
  ASSERT_TRUE(stuck.has_value());
  EXPECT_EQ(stuck->name, "waits for the test");
  EXPECT_EQ(stuck->role, Role::code);
  EXPECT_LE(stuck->since, Clock::now());
  const std::uint64_t counted = loop.progress().load();
  EXPECT_EQ(counted, 1U) << "the task's start is counted; the stuck handler, when it returns";

  release.store(true);
  release.notify_one();
  while (loop.progress().load() == counted) std::this_thread::yield();
  done.deliver(true);
  loop_thread.join();
  EXPECT_FALSE(loop.in_flight().has_value());
}

TEST(Heartbeat, PercentilesAreMeasuredSamples) {
  std::vector<Duration> lags;
  for (int i = 1; i <= 100; ++i) lags.push_back(milliseconds(i));
  const LagSummary summary = summarize(lags);
  EXPECT_EQ(summary.samples, 100U);
  EXPECT_EQ(summary.p50, milliseconds(50));
  EXPECT_EQ(summary.p99, milliseconds(99));
  EXPECT_EQ(summary.max, milliseconds(100));
  EXPECT_EQ(summarize({}).samples, 0U);
}

}  // namespace
}  // namespace racelab::loop
