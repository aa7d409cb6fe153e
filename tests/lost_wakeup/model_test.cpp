// Relacy model checks of the four exercise queues. A queue passes only if no explored
// interleaving leaves a thread asleep for good (DEADLOCK: the lost wake-up), races, pops a job
// twice or never, returns from a push into a full queue, or queues a push made after the close.
//
// Three searches per technique, small enough to end in seconds on a busy 2-core machine (the lab's
// README, 'How the fixes are checked', has the figures):
//   OneProducerTwoConsumers   1 producer x 2 jobs, 2 consumers, 1 slot: every interleaving with
//                             up to 2 preemptions (the lost wake-up needs one)
//   SpuriousWakeups           2 producers x 1 job, 2 consumers, 1 slot: random interleavings,
//                             with Relacy waking condition variables spuriously, as only its
//                             random search does; a wait that trusts its wake-up fails here
//   CloseWakesEveryWaiter     a producer of 3 jobs, a consumer of 1, 1 slot, and a close at any
//                             moment: every interleaving with up to 2 preemptions, so the close
//                             lands while each waits, and while each is on its way to sleep
#include "model_check.hpp"

#include <lost_wakeup/atomic.hpp>
#include <lost_wakeup/channel.hpp>
#include <lost_wakeup/mutex.hpp>
#include <lost_wakeup/semaphore.hpp>

#include "jobs_model.hpp"

namespace racelab::lost_wakeup {
namespace {

constexpr model::ContextBound kBounded{.preemptions = 2};
constexpr model::RandomSearch kRandom{.iterations = 20'000};

template <JobQueueLike Queue>
void expect_one_producer_two_consumers_pass() {
  const model::Verdict verdict = model::check<JobsModel<Queue, 1, 2, 2, 1>>(kBounded);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <JobQueueLike Queue>
void expect_spurious_wakeups_pass() {
  const model::Verdict verdict = model::check<JobsModel<Queue, 2, 2, 1, 1>>(kRandom);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

template <JobQueueLike Queue>
void expect_close_wakes_every_waiter() {
  const model::Verdict verdict = model::check<CloseModel<Queue>>(kBounded);
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

TEST(mutex, ModelOneProducerTwoConsumers) {
  expect_one_producer_two_consumers_pass<using_mutex::JobQueue>();
}
TEST(mutex, ModelSpuriousWakeups) { expect_spurious_wakeups_pass<using_mutex::JobQueue>(); }
TEST(mutex, ModelCloseWakesEveryWaiter) {
  expect_close_wakes_every_waiter<using_mutex::JobQueue>();
}
TEST(atomic, ModelOneProducerTwoConsumers) {
  expect_one_producer_two_consumers_pass<using_atomic::JobQueue>();
}
TEST(atomic, ModelSpuriousWakeups) { expect_spurious_wakeups_pass<using_atomic::JobQueue>(); }
TEST(atomic, ModelCloseWakesEveryWaiter) {
  expect_close_wakes_every_waiter<using_atomic::JobQueue>();
}
TEST(semaphore, ModelOneProducerTwoConsumers) {
  expect_one_producer_two_consumers_pass<using_semaphore::JobQueue>();
}
TEST(semaphore, ModelSpuriousWakeups) { expect_spurious_wakeups_pass<using_semaphore::JobQueue>(); }
TEST(semaphore, ModelCloseWakesEveryWaiter) {
  expect_close_wakes_every_waiter<using_semaphore::JobQueue>();
}
TEST(channel, ModelOneProducerTwoConsumers) {
  expect_one_producer_two_consumers_pass<using_channel::JobQueue>();
}
TEST(channel, ModelSpuriousWakeups) { expect_spurious_wakeups_pass<using_channel::JobQueue>(); }
TEST(channel, ModelCloseWakesEveryWaiter) {
  expect_close_wakes_every_waiter<using_channel::JobQueue>();
}

}  // namespace
}  // namespace racelab::lost_wakeup
