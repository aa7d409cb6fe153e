// Relacy model checks of sync::channel, the queue under every message-passing fix: no message is
// lost or duplicated, no wake-up is lost (a lost one is a DEADLOCK in the model), close() lets the
// receiver drain what was sent before it, and a full channel makes the sender wait.
#include "model_check.hpp"

namespace racelab::sync {
namespace {

// Two producers send distinct values through a channel of capacity 1 (so both "full" and "empty"
// waits happen); one consumer receives until the channel is closed and drained.
struct TwoProducersOneConsumer : rl::test_suite<TwoProducersOneConsumer, 3> {
  channel<int> messages{1};
  atomic<int> producers_left{2};
  int received_sum = 0;  // consumer thread only
  int received_count = 0;

  void thread(unsigned index) {
    if (index < 2) {
      RL_ASSERT(messages.send(static_cast<int>(index) + 1));
      // acq_rel: the last producer's close() must come after both sends.
      if (producers_left.fetch_sub(1, std::memory_order_acq_rel) == 1) messages.close();
      return;
    }
    while (const std::optional<int> value = messages.receive()) {
      received_sum += *value;
      ++received_count;
    }
    RL_ASSERT(received_count == 2);
    RL_ASSERT(received_sum == 1 + 2);
  }
};

// Three threads around a mutex and two condition variables: a full search would take days, so
// every interleaving with at most three preemptions.
TEST(Channel, NoMessageIsLostOrDuplicatedContextBound) {
  const model::Verdict verdict =
      model::check<TwoProducersOneConsumer>(model::ContextBound{.preemptions = 3});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

// A send after close() fails and is never received; a receiver waiting on an empty channel is
// woken by close() and gets nullopt.
struct CloseWakesReceiver : rl::test_suite<CloseWakesReceiver, 2> {
  channel<int> messages{2};

  void thread(unsigned index) {
    if (index == 0) {
      RL_ASSERT(messages.send(7));
      messages.close();
      RL_ASSERT(!messages.send(8));
      return;
    }
    const std::optional<int> first = messages.receive();
    RL_ASSERT(first.has_value() && *first == 7);
    RL_ASSERT(!messages.receive().has_value());
  }
};

TEST(Channel, CloseDrainsThenEndsFullSearch) {
  const model::Verdict verdict = model::check<CloseWakesReceiver>(model::FullSearch{});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

// The check can fail: a consumer that expects a message nobody sends waits forever, and the model
// reports the DEADLOCK instead of hanging.
struct ReceiveWithoutSender : rl::test_suite<ReceiveWithoutSender, 2> {
  channel<int> messages{1};
  void thread(unsigned index) {
    if (index == 0) {
      RL_ASSERT(messages.send(1));
    } else {
      (void)messages.receive();
      (void)messages.receive();
    }
  }
};

TEST(Channel, AWaitNobodyEndsIsReportedAsDeadlock) {
  const model::Verdict verdict = model::check<ReceiveWithoutSender>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "DEADLOCK") << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::sync
