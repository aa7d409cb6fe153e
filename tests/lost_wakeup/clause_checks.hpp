// clause_checks.hpp — real-thread checks of the contract's clauses one at a time (job_queue.hpp),
// each with its threads asleep before the change they wait for comes, and the watchdog that
// fails a check which hangs.
//
// Which of them grade an exercise, and which only hold the references to their clauses, is
// decided per technique by whether the shipped draft fails them (functional_test.cpp and
// reference_clauses_test.cpp say why). A draft's lost wake-up needs the change to land in the
// instant between its look and its sleep, which these checks' sleeps leave out: the model checks
// (CloseModel, jobs_model.hpp) cover the same clauses in every interleaving, and grade them.
#pragma once

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

#include <lost_wakeup/job_queue.hpp>
#include <racelab/watchdog.hpp>

namespace racelab::lost_wakeup {

// A job moves in microseconds even under ThreadSanitizer on a busy machine: 2 s without one is a
// hang by a margin of more than a thousand, and a hung draft fails in seconds, not at ctest's
// timeout.
inline constexpr std::chrono::milliseconds kWatchdog{2'000};

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
  ASSERT_TRUE(queue.push(7)) << "a push into an empty open queue was refused";
  ASSERT_TRUE(queue.push(8)) << "a push into an open queue with room was refused";
  queue.close();
  EXPECT_FALSE(queue.push(9)) << "a push after close() must be refused (C4)";
  std::vector<Job> popped;
  while (const std::optional<Job> job = queue.pop()) {
    popped.push_back(*job);
    ASSERT_LE(popped.size(), 3U) << "pop() keeps returning jobs after the queue was drained";
  }
  std::sort(popped.begin(), popped.end());
  EXPECT_EQ(popped, (std::vector<Job>{7, 8}))
      << "jobs 7 and 8, pushed before close(), must still be popped (C3); popped: "
      << ::testing::PrintToString(popped);
}

// C4: a producer asleep on a full queue returns false once the queue is closed, and consumers
// asleep on an empty one all return std::nullopt; the job queued before the close is still
// popped. Two queues, so that both kinds of waiter are asleep when the close comes, and nobody
// but the close can wake them (a pop would make the producer room).
template <JobQueueLike Queue>
void expect_close_wakes_every_waiter() {
  Queue full(1);
  Queue empty(1);
  ASSERT_TRUE(full.push(1)) << "a push into an empty open queue was refused";
  std::atomic<bool> producer_refused{false};
  std::atomic<int> consumers_out{0};
  {
    const HangGuard guard("close() did not wake every waiting thread (C4)");
    std::vector<std::jthread> threads;
    threads.emplace_back([&] { producer_refused = !full.push(2); });  // waits for room
    for (int c = 0; c < 3; ++c) {
      threads.emplace_back([&] {
        if (!empty.pop()) consumers_out.fetch_add(1);  // waits for a job
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    full.close();
    empty.close();
    threads.clear();  // joins them, or the guard ends the process
  }
  EXPECT_TRUE(producer_refused.load()) << "a push woken by close() must be refused (C4)";
  EXPECT_EQ(consumers_out.load(), 3)
      << 3 - consumers_out.load() << " of 3 consumers returned a job from an empty, closed queue";
  const std::optional<Job> before_close = full.pop();
  EXPECT_EQ(before_close, std::optional<Job>(1))
      << "job 1, pushed before close(), must still be popped (C3); pop() returned "
      << ::testing::PrintToString(before_close);
  const std::optional<Job> drained = full.pop();
  EXPECT_EQ(drained, std::nullopt) << "pop() on a closed, drained queue must return nullopt (C3), "
                                   << "not " << ::testing::PrintToString(drained);
}

// C1: a push into a full queue waits until a pop makes room. (A queue that does not wait is seen
// when its push returns before the pop, given 50 ms to do so; one that waits is never failed.)
template <JobQueueLike Queue>
void expect_push_waits_while_full() {
  Queue queue(2);
  ASSERT_TRUE(queue.push(1)) << "a push into an empty open queue was refused";
  ASSERT_TRUE(queue.push(2)) << "a push into an open queue with room was refused";
  std::atomic<bool> pushed{false};
  const HangGuard guard("a push into a full queue was not woken by a pop (C1, C5)");
  std::jthread producer([&] {
    EXPECT_TRUE(queue.push(3)) << "a push that waited for room on an open queue was refused";
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load()) << "push() returned while the queue held `capacity` jobs (C1)";
  const std::optional<Job> first = queue.pop();
  EXPECT_EQ(first, std::optional<Job>(1))
      << "the first pop must return job 1, the first pushed, not "
      << ::testing::PrintToString(first);
  producer.join();
  const std::optional<Job> second = queue.pop();
  const std::optional<Job> third = queue.pop();
  EXPECT_EQ(second, std::optional<Job>(2))
      << "the second pop must return job 2, not " << ::testing::PrintToString(second);
  EXPECT_EQ(third, std::optional<Job>(3))
      << "the push that waited for room must be popped third, as job 3, not "
      << ::testing::PrintToString(third);
}

}  // namespace racelab::lost_wakeup
