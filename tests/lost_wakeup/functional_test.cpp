// Functional checks on real threads, one per contract clause of job_queue.hpp. A queue that
// hangs is caught by a watchdog, which prints who waits for what and ends this test process with
// status 1: a thread asleep for good cannot be unwound, so there is no other way to fail. In the
// tsan presets this binary also runs under ThreadSanitizer, whose race reports fail the test too.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>
#include <vector>

#include <lost_wakeup/atomic.hpp>
#include <lost_wakeup/channel.hpp>
#include <lost_wakeup/job_run.hpp>
#include <lost_wakeup/mutex.hpp>
#include <lost_wakeup/semaphore.hpp>
#include <racelab/watchdog.hpp>

namespace racelab::lost_wakeup {
namespace {

// A job moves in microseconds even under ThreadSanitizer on a busy machine: 2 s without one is a
// hang by a margin of more than a thousand, and a hung draft fails in seconds, not at ctest's
// timeout.
constexpr std::chrono::milliseconds kWatchdog{2'000};

int fail_on_hang(const Hang& hang) {
  std::fprintf(stderr, "FAILED: the queue hung (no job moved for %lld ms); %llu jobs queued.\n",
               static_cast<long long>(hang.quiet_for.count()),
               static_cast<unsigned long long>(hang.queued()));
  for (const ThreadSeen& thread : hang.threads) {
    const char* phase = thread.phase == Phase::pushing   ? "waits in push()"
                        : thread.phase == Phase::popping ? "waits in pop()"
                        : thread.phase == Phase::done    ? "finished"
                                                         : "is elsewhere";
    std::fprintf(stderr, "  %s %s%s%s\n", thread.name.c_str(), phase,
                 thread.waiting == sync::tracking::WaitKind::condition ? " at " : "",
                 thread.waiting == sync::tracking::WaitKind::condition
                     ? sync::tracking::describe(thread.waiting_at).c_str()
                     : "");
  }
  return 1;
}

// C2, C3, C5 on a busy queue: every job popped once and every thread finished. Each producer
// runs for 50 ms of CPU at least, so that it is stopped in the middle of pushes many times on any
// machine.
template <JobQueueLike Queue>
void expect_every_job_once(RunConfig config) {
  config.cpu_time = std::chrono::milliseconds(50);
  config.watchdog = kWatchdog;
  const RunResult result = run_jobs<Queue>(config, &fail_on_hang);
  EXPECT_EQ(result.missing, 0U) << "jobs pushed and never popped (C2, C3)";
  EXPECT_EQ(result.duplicated, 0U) << "jobs popped twice, or never pushed (C2)";
  EXPECT_EQ(result.refused, 0U) << "pushes refused before the queue was closed (C4)";
  EXPECT_EQ(result.popped, result.pushed);
}

template <JobQueueLike Queue>
void expect_busy_queue_correct() {
  expect_every_job_once<Queue>({.producers = 2, .consumers = 2, .capacity = 2, .jobs = 2'000});
}

// One slot, more consumers than producers: most of them wait most of the time, and each push
// must wake one of them, each close all of them.
template <JobQueueLike Queue>
void expect_one_slot_many_consumers_correct() {
  expect_every_job_once<Queue>({.producers = 1, .consumers = 4, .capacity = 1, .jobs = 2'000});
}

// Ends this process with a message when `done` has not moved for kWatchdog: the check's own hang.
class HangGuard {
 public:
  explicit HangGuard(const char* waiting_for)
      : watchdog_(moved_, kWatchdog, [waiting_for](std::chrono::milliseconds quiet_for) {
          std::fprintf(stderr, "FAILED: %s, still waiting after %lld ms\n", waiting_for,
                       static_cast<long long>(quiet_for.count()));
          std::fflush(nullptr);
          std::_Exit(1);
        }) {}
  void moved() { moved_.fetch_add(1, std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> moved_{0};
  Watchdog watchdog_;
};

// C3 and C4 on one thread: jobs pushed before the close are still popped, then pop() says closed,
// and a push after the close is refused.
template <JobQueueLike Queue>
void expect_close_drains_then_refuses() {
  const HangGuard guard("a call on a closed queue never returned (C3, C4)");
  Queue queue(2);
  ASSERT_TRUE(queue.push(7));
  ASSERT_TRUE(queue.push(8));
  queue.close();
  EXPECT_FALSE(queue.push(9)) << "a push after close() must be refused (C4)";
  std::vector<Job> popped;
  while (const std::optional<Job> job = queue.pop()) {
    popped.push_back(*job);
    ASSERT_LE(popped.size(), 3U) << "pop() keeps returning jobs after the queue was drained";
  }
  std::sort(popped.begin(), popped.end());
  EXPECT_EQ(popped, (std::vector<Job>{7, 8})) << "the jobs pushed before close() (C3)";
}

// C4: consumers asleep on an empty queue all return std::nullopt once it is closed, and a producer
// asleep on a full one returns false. Whether each has gone to sleep before the close does not
// matter: they must return either way.
template <JobQueueLike Queue>
void expect_close_wakes_every_waiter() {
  Queue queue(1);
  ASSERT_TRUE(queue.push(1));
  std::atomic<int> consumers_out{0};
  std::atomic<bool> producer_refused{false};
  {
    const HangGuard guard("close() did not wake every waiting thread (C4)");
    std::vector<std::jthread> threads;
    threads.emplace_back([&] { producer_refused = !queue.push(2); });  // full: waits for room
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_EQ(queue.pop(), std::optional<Job>(1));  // room for the producer, if it waits
    std::optional<Job> second = queue.pop();        // its job, unless it was refused
    if (producer_refused) ADD_FAILURE() << "push() refused before close()";
    EXPECT_EQ(second, std::optional<Job>(2));
    for (int c = 0; c < 3; ++c) {
      threads.emplace_back([&] {
        if (!queue.pop()) consumers_out.fetch_add(1);  // empty: waits for a job or the close
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.close();
    threads.clear();  // joins them, or the guard ends the process
  }
  EXPECT_EQ(consumers_out.load(), 3) << "a consumer returned a job from an empty, closed queue";
}

// C1: a push into a full queue waits until a pop makes room. (A queue that does not wait is seen
// when its push returns before the pop, given 50 ms to do so; one that waits is never failed.)
template <JobQueueLike Queue>
void expect_push_waits_while_full() {
  Queue queue(2);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  std::atomic<bool> pushed{false};
  const HangGuard guard("a push into a full queue was not woken by a pop (C1, C5)");
  std::jthread producer([&] {
    EXPECT_TRUE(queue.push(3));
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load()) << "push() returned while the queue held `capacity` jobs (C1)";
  EXPECT_EQ(queue.pop(), std::optional<Job>(1));
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(queue.pop(), std::optional<Job>(2));
  EXPECT_EQ(queue.pop(), std::optional<Job>(3));
}

TEST(mutex, EveryJobOnceOnABusyQueue) { expect_busy_queue_correct<using_mutex::JobQueue>(); }
TEST(atomic, EveryJobOnceOnABusyQueue) { expect_busy_queue_correct<using_atomic::JobQueue>(); }
TEST(semaphore, EveryJobOnceOnABusyQueue) {
  expect_busy_queue_correct<using_semaphore::JobQueue>();
}
TEST(channel, EveryJobOnceOnABusyQueue) { expect_busy_queue_correct<using_channel::JobQueue>(); }

TEST(mutex, OneSlotManyConsumers) {
  expect_one_slot_many_consumers_correct<using_mutex::JobQueue>();
}
TEST(atomic, OneSlotManyConsumers) {
  expect_one_slot_many_consumers_correct<using_atomic::JobQueue>();
}
TEST(semaphore, OneSlotManyConsumers) {
  expect_one_slot_many_consumers_correct<using_semaphore::JobQueue>();
}
TEST(channel, OneSlotManyConsumers) {
  expect_one_slot_many_consumers_correct<using_channel::JobQueue>();
}

TEST(mutex, CloseDrainsThenRefuses) { expect_close_drains_then_refuses<using_mutex::JobQueue>(); }
TEST(atomic, CloseDrainsThenRefuses) { expect_close_drains_then_refuses<using_atomic::JobQueue>(); }
TEST(semaphore, CloseDrainsThenRefuses) {
  expect_close_drains_then_refuses<using_semaphore::JobQueue>();
}
TEST(channel, CloseDrainsThenRefuses) {
  expect_close_drains_then_refuses<using_channel::JobQueue>();
}

TEST(mutex, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_mutex::JobQueue>(); }
TEST(atomic, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_atomic::JobQueue>(); }
TEST(semaphore, CloseWakesEveryWaiter) {
  expect_close_wakes_every_waiter<using_semaphore::JobQueue>();
}
TEST(channel, CloseWakesEveryWaiter) { expect_close_wakes_every_waiter<using_channel::JobQueue>(); }

TEST(mutex, PushWaitsWhileFull) { expect_push_waits_while_full<using_mutex::JobQueue>(); }
TEST(atomic, PushWaitsWhileFull) { expect_push_waits_while_full<using_atomic::JobQueue>(); }
TEST(semaphore, PushWaitsWhileFull) { expect_push_waits_while_full<using_semaphore::JobQueue>(); }
TEST(channel, PushWaitsWhileFull) { expect_push_waits_while_full<using_channel::JobQueue>(); }

}  // namespace
}  // namespace racelab::lost_wakeup
