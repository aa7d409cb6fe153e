// What the model backend must still catch where it models the standard API generously: an atomic
// wait that nobody notifies, a back-off that can retry in lockstep forever, and a race beside a
// std::scoped_lock, whose search is bounded (model_check.hpp) and must not go blind for it.
#include "model_check.hpp"

#include <mutex>

namespace racelab::sync {
namespace {

// The waiter sleeps on `ready`; the other thread changes it and forgets notify_one().
struct WaitWithoutNotify : rl::test_suite<WaitWithoutNotify, 2> {
  atomic<bool> ready{false};

  void thread(unsigned index) {
    if (index == 0) {
      ready.wait(false);
    } else {
      ready.store(true);
    }
  }
};

TEST(ModelVerdicts, AWaitNobodyNotifiesIsADeadlock) {
  const model::Verdict verdict = model::check<WaitWithoutNotify>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_deadlock) << model::describe(verdict);
}

// Each thread holds one lock, tries the other, and on failure lets go and tries the same again.
struct SymmetricBackOff : rl::test_suite<SymmetricBackOff, 2> {
  mutex first;
  mutex second;

  void thread(unsigned index) {
    mutex& one = index == 0 ? first : second;
    mutex& other = index == 0 ? second : first;
    for (;;) {
      one.lock();
      if (other.try_lock()) break;
      one.unlock();
    }
    other.unlock();
    one.unlock();
  }
};

TEST(ModelVerdicts, ASymmetricBackOffIsALivelock) {
  const model::Verdict verdict = model::check<SymmetricBackOff>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_livelock) << model::describe(verdict);
  EXPECT_NE(verdict.search, "") << "the bounded search for lock retries was not used";
}

// Thread 0 takes both locks with std::scoped_lock; thread 1 writes the balance with no lock.
struct RaceBesideAScopedLock : rl::test_suite<RaceBesideAScopedLock, 2> {
  mutex first;
  mutex second;
  var<int> balance{0};

  void thread(unsigned index) {
    if (index == 0) {
      const std::scoped_lock both(first, second);
      balance.write(balance.read() + 1);
    } else {
      { const std::scoped_lock both(second, first); }
      balance.write(balance.read() + 1);
    }
  }
};

TEST(ModelVerdicts, TheBoundedSearchStillFindsARace) {
  const model::Verdict verdict = model::check<RaceBesideAScopedLock>(model::FullSearch{});
  EXPECT_EQ(verdict.result, rl::test_result_data_race) << model::describe(verdict);
  EXPECT_NE(verdict.search, "") << "the bounded search for lock retries was not used";
}

}  // namespace
}  // namespace racelab::sync
