// The rule of tests/support/unmodelled_state.hpp on the types clang spells: what the model sees,
// and what it cannot.
#include <gtest/gtest.h>

#include "unmodelled_state.hpp"

namespace racelab::unmodelled {
namespace {

TEST(UnmodelledState, SyncTypesAreSeenWhateverTheyHold) {
  EXPECT_FALSE(why_unmodelled("racelab::sync::var<long>"));
  EXPECT_FALSE(why_unmodelled("racelab::sync::atomic<const racelab::event_loop::PriceTable *>"));
  EXPECT_FALSE(why_unmodelled("std::array<racelab::sync::var<long>, 4>"));
  EXPECT_FALSE(why_unmodelled("racelab::sync::channel<std::variant<Deposit, Query>>"));
}

TEST(UnmodelledState, ClassesWithoutPlainDataAreTrusted) {
  EXPECT_FALSE(why_unmodelled("std::unique_ptr<racelab::event_loop::PriceTable>"));
  EXPECT_FALSE(why_unmodelled("std::vector<racelab::deadlock::using_mutex::Bank::Account>"));
  EXPECT_FALSE(
      why_unmodelled("std::function<void (std::basic_string_view<char>, std::function<void ()>)>"));
  EXPECT_FALSE(why_unmodelled("std::shared_ptr<const racelab::event_loop::PriceTable>"));
}

TEST(UnmodelledState, PlainDataIsNamed) {
  EXPECT_TRUE(why_unmodelled("long"));
  EXPECT_TRUE(why_unmodelled("unsigned int"));
  EXPECT_TRUE(why_unmodelled("bool"));
  EXPECT_TRUE(why_unmodelled("volatile long"));
  EXPECT_TRUE(why_unmodelled("long *"));
  EXPECT_TRUE(why_unmodelled("const racelab::event_loop::PriceTable *"));  // the pointer moves
  EXPECT_TRUE(why_unmodelled("std::vector<long>"));
  EXPECT_TRUE(why_unmodelled("std::optional<unsigned long>"));
  EXPECT_TRUE(why_unmodelled("std::basic_string<char>"));
  EXPECT_TRUE(why_unmodelled("std::unique_ptr<long[]>"));
  EXPECT_TRUE(why_unmodelled("long[4]"));
  EXPECT_FALSE(why_unmodelled("racelab::sync::var<long>[4]"));
}

TEST(UnmodelledState, StdSynchronizersNameTheirSyncEquivalent) {
  const auto atomic = why_unmodelled("std::atomic<long>");
  ASSERT_TRUE(atomic);
  EXPECT_NE(atomic->find("sync::atomic"), std::string::npos) << *atomic;
  const auto mutex = why_unmodelled("std::mutex");
  ASSERT_TRUE(mutex);
  EXPECT_NE(mutex->find("sync::mutex"), std::string::npos) << *mutex;
  EXPECT_TRUE(why_unmodelled("std::vector<std::atomic<long>>"));
}

TEST(UnmodelledState, ConstIsFine) {
  EXPECT_FALSE(why_unmodelled("long *const"));
  EXPECT_FALSE(why_unmodelled("const std::vector<long>"));
}

}  // namespace
}  // namespace racelab::unmodelled
