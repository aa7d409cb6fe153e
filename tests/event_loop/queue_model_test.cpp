// Relacy model checks of the event loop's cross-thread queue (racelab/loop/cross_thread_queue.hpp):
// two threads post, the loop thread sleeps until woken and takes what was posted. No item may be
// lost or duplicated, and no wake-up lost: a lost one leaves the loop asleep with an item in the
// queue, which the model reports as a DEADLOCK.
#include "model_check.hpp"

#include <vector>

#include <racelab/loop/cross_thread_queue.hpp>

#include "model_signal.hpp"

namespace racelab::loop {
namespace {

using event_loop::model_support::ModelWaker;

template <template <class, class> class Queue>
struct TwoPostersOneLoop : rl::test_suite<TwoPostersOneLoop<Queue>, 3> {
  static constexpr unsigned kLoop = 2;
  ModelWaker waker;
  Queue<int, ModelWaker> queue{waker};

  void thread(unsigned index) {
    if (index != kLoop) {
      queue.post(static_cast<int>(index) + 1);
      return;
    }
    int sum = 0;
    int count = 0;
    while (count < 2) {
      waker.wait();  // epoll_wait on the eventfd
      for (const int item : queue.take_all()) {
        sum += item;
        ++count;
      }
    }
    RL_ASSERT(count == 2);
    RL_ASSERT(sum == 1 + 2);
  }
};

TEST(CrossThreadQueue, NoItemOrWakeUpIsLostFullSearch) {
  const model::Verdict verdict =
      model::check<TwoPostersOneLoop<CrossThreadQueue>>(model::FullSearch{});
  EXPECT_TRUE(verdict.passed()) << model::describe(verdict);
}

// The check can fail: the same queue with the consumer's two steps swapped (take the items, then
// clear the wake-up) loses a wake-up, as cross_thread_queue.hpp explains.
template <class Item, class WakerType>
class SwapThenClear : public CrossThreadQueue<Item, WakerType> {
 public:
  using CrossThreadQueue<Item, WakerType>::CrossThreadQueue;
  std::vector<Item> take_all() {
    std::vector<Item> taken = this->take_items();
    this->waker().clear();
    return taken;
  }
};

TEST(CrossThreadQueue, ClearingTheWakeUpLateLosesItDeadlock) {
  const model::Verdict verdict =
      model::check<TwoPostersOneLoop<SwapThenClear>>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "DEADLOCK") << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::loop
