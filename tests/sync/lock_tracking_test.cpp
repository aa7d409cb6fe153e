// Checks of the tracked sync backend itself (racelab/sync/lock_tracking.hpp, wait_for.hpp): the
// lock-order checker reports a cycle the first time it forms and stays quiet about consistent
// orders and try_locks; the wait-for table shows who holds and who waits; the cycle finder finds
// the cycle that makes a deadlock.
//
// Several tests take locks in inverted orders on purpose, on one thread, where no hang is
// possible. ThreadSanitizer's detector, which this binary also runs under in the tsan presets,
// would rightly report those; it is turned off for this binary only (below), since what is
// checked here is racelab's own checker.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <racelab/sync.hpp>
#include <racelab/sync/wait_for.hpp>

extern "C" const char* __tsan_default_options() { return "detect_deadlocks=0"; }

namespace racelab::sync {
namespace {

static_assert(std::is_same_v<mutex, tracked_mutex>, "this test needs RACELAB_SYNC_TRACKING=1");

// Collects the checker's reports for one test.
class LockOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    before_ = tracking::potential_deadlocks();
    tracking::set_report_handler([this](const std::string& text) { reports_.push_back(text); });
  }
  void TearDown() override { tracking::set_report_handler(nullptr); }

  [[nodiscard]] std::uint64_t new_cycles() const {
    return tracking::potential_deadlocks() - before_;
  }
  std::vector<std::string> reports_;  // only this test's thread reports in these tests

 private:
  std::uint64_t before_ = 0;
};

TEST_F(LockOrderTest, OppositeOrdersOnOneThreadAreReportedWithoutAHang) {
  mutex a;
  mutex b;
  name_lock(a, "account A");
  name_lock(b, "account B");
  {
    const lock_guard<mutex> first(a);
    const lock_guard<mutex> second(b);
  }
  EXPECT_EQ(new_cycles(), 0U);
  {
    const lock_guard<mutex> first(b);
    const lock_guard<mutex> second(a);
  }
  ASSERT_EQ(new_cycles(), 1U);
  ASSERT_EQ(reports_.size(), 1U);
  EXPECT_NE(reports_[0].find("potential deadlock"), std::string::npos) << reports_[0];
  EXPECT_NE(reports_[0].find("took account A"), std::string::npos) << reports_[0];
  EXPECT_NE(reports_[0].find("while holding account B"), std::string::npos) << reports_[0];
  EXPECT_NE(reports_[0].find("tests/sync/lock_tracking_test.cpp:"), std::string::npos)
      << reports_[0];
}

TEST_F(LockOrderTest, ACycleIsReportedOnlyTheFirstTime) {
  mutex a;
  mutex b;
  for (int round = 0; round < 3; ++round) {
    {
      const lock_guard<mutex> first(a);
      const lock_guard<mutex> second(b);
    }
    const lock_guard<mutex> first(b);
    const lock_guard<mutex> second(a);
  }
  EXPECT_EQ(new_cycles(), 1U);
  EXPECT_EQ(reports_.size(), 1U);
}

TEST_F(LockOrderTest, OneGlobalOrderIsNeverReported) {
  std::vector<mutex> locks(4);
  for (std::size_t i = 0; i < locks.size(); ++i) {
    for (std::size_t j = i + 1; j < locks.size(); ++j) {
      const lock_guard<mutex> first(locks[i]);
      const lock_guard<mutex> second(locks[j]);
    }
  }
  EXPECT_EQ(new_cycles(), 0U);
  EXPECT_TRUE(reports_.empty());
}

TEST_F(LockOrderTest, ALongerCycleIsReportedWithEveryEdge) {
  mutex a;
  mutex b;
  mutex c;
  name_lock(a, "A");
  name_lock(b, "B");
  name_lock(c, "C");
  auto in_order = [](mutex& first, mutex& second) {
    const lock_guard<mutex> hold_first(first);
    const lock_guard<mutex> hold_second(second);
  };
  in_order(a, b);
  in_order(b, c);
  EXPECT_EQ(new_cycles(), 0U);
  in_order(c, a);  // A -> B -> C -> A
  ASSERT_EQ(reports_.size(), 1U);
  for (const char* edge : {"took A at", "took B at", "took C at"}) {
    EXPECT_NE(reports_[0].find(edge), std::string::npos) << edge << " missing in\n" << reports_[0];
  }
}

// try_lock never waits, so it cannot be part of a cycle of waits: lock one, try the other, back
// off on failure (std::scoped_lock's algorithm) is deadlock-free and must not be reported.
TEST_F(LockOrderTest, TryLockAddsNoOrder) {
  mutex a;
  mutex b;
  {
    const lock_guard<mutex> first(a);
    ASSERT_TRUE(b.try_lock());
    b.unlock();
  }
  {
    const lock_guard<mutex> first(b);
    ASSERT_TRUE(a.try_lock());
    a.unlock();
  }
  EXPECT_EQ(new_cycles(), 0U);
}

TEST_F(LockOrderTest, SharedAcquisitionsCountAsOrder) {
  shared_mutex table;
  mutex row;
  {
    const shared_lock<shared_mutex> reading(table);
    const lock_guard<mutex> writing(row);
  }
  {
    const lock_guard<mutex> writing(row);
    const lock_guard<shared_mutex> exclusive(table);
  }
  EXPECT_EQ(new_cycles(), 1U);
}

// Past kMaxHeldLocks, locks are left out of the table; releasing and retaking one must not leave
// stale or duplicate entries behind (which would look like a lock taken twice).
TEST_F(LockOrderTest, LocksBeyondTheTableAreLeftOutNotDuplicated) {
  std::vector<mutex> locks(tracking::kMaxHeldLocks + 2);
  for (mutex& lock : locks) lock.lock();
  for (std::size_t i = 0; i + 4 < tracking::kMaxHeldLocks; ++i) locks[i].unlock();
  mutex& last_tracked = locks[tracking::kMaxHeldLocks - 1];
  last_tracked.unlock();
  last_tracked.lock();
  for (std::size_t i = tracking::kMaxHeldLocks - 4; i < locks.size(); ++i) locks[i].unlock();
  EXPECT_EQ(new_cycles(), 0U);
  ASSERT_EQ(reports_.size(), 1U) << reports_.back();  // the one notice that tracking stopped
  EXPECT_NE(reports_[0].find("holds more than"), std::string::npos) << reports_[0];
}

tracking::ThreadState find_thread(const std::string& name) {
  for (tracking::ThreadState& state : tracking::snapshot()) {
    if (state.thread == name) return state;
  }
  return {};
}

// A thread blocked on a lock shows up in the table as waiting for it, holding what it holds; once
// the lock is released it moves on and its record is given back.
TEST(WaitForTable, ShowsWhoHoldsAndWhoWaits) {
  mutex outer;
  mutex contended;
  name_lock(outer, "outer");
  name_lock(contended, "contended");
  std::atomic<bool> done{false};
  unique_lock<mutex> main_holds(contended);
  std::thread worker([&] {
    tracking::name_this_thread("worker");
    const lock_guard<mutex> hold_outer(outer);
    const lock_guard<mutex> hold_contended(contended);
    done.store(true, std::memory_order_release);
  });
  // Generous: the worker needs microseconds to block; a minute of waiting means it never did.
  tracking::ThreadState worker_state;
  for (int tries = 0; tries < 60'000; ++tries) {
    worker_state = find_thread("worker");
    // (Not just any lock wait: the worker also waits, briefly, for `outer`.)
    if (worker_state.waiting == tracking::WaitKind::lock &&
        worker_state.waiting_for == contended.tracking_id() && worker_state.held.size() == 1) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(worker_state.waiting, tracking::WaitKind::lock);
  EXPECT_EQ(tracking::lock_name(worker_state.waiting_for), "contended");
  ASSERT_EQ(worker_state.held.size(), 1U);
  EXPECT_EQ(tracking::lock_name(worker_state.held[0].lock), "outer");
  const std::vector<std::string> lines = tracking::describe_threads({worker_state});
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_NE(lines[0].find("worker: holds outer ("), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("waits for contended ("), std::string::npos) << lines[0];

  main_holds.unlock();
  worker.join();
  EXPECT_TRUE(done.load(std::memory_order_acquire));
  EXPECT_EQ(find_thread("worker").thread, "") << "the record outlived its thread";
}

tracking::ThreadState waiting_thread(std::string name, tracking::LockId holds,
                                     tracking::LockId waits_for,
                                     tracking::WaitKind kind = tracking::WaitKind::lock) {
  tracking::ThreadState state;
  state.thread = std::move(name);
  if (holds != 0) state.held.push_back({holds, tracking::Mode::exclusive, {}});
  state.waiting = kind;
  state.waiting_for = waits_for;
  return state;
}

TEST(WaitForCycle, FindsTheABBACycle) {
  const std::vector<tracking::ThreadState> threads{
      waiting_thread("auditor", 0, 1000101),
      waiting_thread("thread 1", 1000101, 1000102),
      waiting_thread("thread 2", 1000102, 1000101),
  };
  const auto cycle = tracking::find_wait_cycle(threads);
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(*cycle, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(tracking::describe_cycle(threads, *cycle),
            "thread 1 holds lock #1000101, waits for lock #1000102; "
            "thread 2 holds lock #1000102, waits for lock #1000101");
}

// Threads in the same state share a line (a hang with eight threads waiting for one lock is one
// line, not eight), in the plural, and the line comes where the first of them did.
TEST(WaitForCycle, ThreadsInTheSameStateShareALine) {
  const std::vector<tracking::ThreadState> threads{
      waiting_thread("auditor 1", 0, 1000101),
      waiting_thread("thread 1", 1000101, 1000102),
      waiting_thread("auditor 2", 0, 1000101),
      waiting_thread("thread 2", 1000102, 1000101),
  };
  const std::vector<std::string> lines = tracking::describe_threads(threads);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].find("auditor 1, auditor 2: hold no lock, wait for lock #1000101 ("), 0U)
      << lines[0];
  EXPECT_EQ(lines[1].find("thread 1: holds lock #1000101 ("), 0U) << lines[1];
  EXPECT_NE(lines[1].find("), waits for lock #1000102 ("), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].find("thread 2: holds lock #1000102 ("), 0U) << lines[2];
}

TEST(WaitForCycle, WaitingForALockYouHoldIsACycleOfOne) {
  tracking::ThreadState self = waiting_thread("thread 1", 1000401, 1000401);
  const auto cycle = tracking::find_wait_cycle({self});
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(*cycle, (std::vector<std::size_t>{0}));
}

TEST(WaitForCycle, AChainThatEndsIsNoCycle) {
  const std::vector<tracking::ThreadState> threads{
      waiting_thread("thread 1", 1000101, 1000102),
      waiting_thread("thread 2", 1000102, 0, tracking::WaitKind::none),
  };
  EXPECT_FALSE(tracking::find_wait_cycle(threads).has_value());
}

// Readers do not block readers: two threads each holding one shared lock and waiting for the
// other shared are not deadlocked.
TEST(WaitForCycle, SharedWaitsOnSharedHoldersAreNoCycle) {
  std::vector<tracking::ThreadState> threads{
      waiting_thread("reader 1", 0, 1000201, tracking::WaitKind::shared_lock),
      waiting_thread("reader 2", 0, 1000202, tracking::WaitKind::shared_lock),
  };
  threads[0].held.push_back({1000202, tracking::Mode::shared, {}});
  threads[1].held.push_back({1000201, tracking::Mode::shared, {}});
  EXPECT_FALSE(tracking::find_wait_cycle(threads).has_value());
}

TEST(WaitForCycle, ConditionWaitsAreNeverPartOfACycle) {
  const std::vector<tracking::ThreadState> threads{
      waiting_thread("consumer", 1000301, 1000302, tracking::WaitKind::condition),
      waiting_thread("producer", 1000302, 1000301),
  };
  EXPECT_FALSE(tracking::find_wait_cycle(threads).has_value());
}

}  // namespace
}  // namespace racelab::sync
