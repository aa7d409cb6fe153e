// The report reader (scripts/reader) on real reports of both compilers (fixtures/README.md): each
// verdict names the lab's file, line and that line's text, the lab's roles and locks, and
// nothing of the frames it folds away.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "explain.hpp"
#include "fixture.hpp"
#include "tsan_report.hpp"

namespace racelab::reader {
namespace {

Context context_for(const std::string& names = {}) {
  Context context;
  context.sources = kSources;
  if (!names.empty()) context.names.load(kSources + "/tests/reader/fixtures/" + names);
  return context;
}

// What no short form may show: the frames it folds away.
void expect_nothing_folded_survives(const std::string& text) {
  for (const char* folded : {"__invoke", "std::thread", "libtsan", "<null>", "std_data.hpp",
                             "tracked_backend.hpp", "gthr-default.h", "pthread_mutex_lock"}) {
    EXPECT_EQ(text.find(folded), std::string::npos) << folded << " survived in:\n" << text;
  }
}

// A verdict's row: the thread's role, what it did, and the lab's line with that line's text.
void expect_row(const verdict::Row& row, const std::string& who, const std::string& what,
                const std::string& file, unsigned line) {
  EXPECT_EQ(row.who, who);
  EXPECT_EQ(row.what, what);
  EXPECT_EQ(row.where, file + ":" + std::to_string(line));
  EXPECT_EQ(row.source, line_of(file, line));
}

class LostUpdateBug : public testing::TestWithParam<const char*> {};

TEST_P(LostUpdateBug, NamesTheBalanceBothLinesAndBothRoles) {
  const std::string raw = fixture(std::string(GetParam()) + ".lost_update.bug.txt");
  const Explained explained = explain(raw, context_for());
  ASSERT_EQ(explained.verdicts.size(), 1U) << "one variable raced: one verdict";
  EXPECT_EQ(explained.reports, 3U);
  const verdict::Verdict& race = explained.verdicts.front();
  EXPECT_EQ(race.word, "DATA RACE");
  EXPECT_EQ(race.summary.find("on balance_ (sync::var<Amount>, labs/lost_update/bug.hpp:23)"), 0U)
      << race.summary;
  EXPECT_NE(race.summary.find("on the main thread's stack"), std::string::npos);

  ASSERT_EQ(race.rows.size(), 2U);
  expect_row(race.rows[0], "depositor 2", "writes", "labs/lost_update/bug.hpp", 17);
  EXPECT_EQ(race.rows[0].source, "balance_.write(seen + amount);");
  expect_row(race.rows[1], "auditor", "reads", "labs/lost_update/bug.hpp", 20);
  for (const auto& row : race.rows) EXPECT_EQ(row.detail, "holding no lock");
  ASSERT_FALSE(race.conclusions.empty());
  EXPECT_EQ(race.conclusions.front().find("no lock in common"), 0U);

  const std::string text = render(explained, false);
  expect_nothing_folded_survives(text);
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 14) << text;
}

INSTANTIATE_TEST_SUITE_P(BothCompilers, LostUpdateBug, testing::Values("gcc", "clang"));

TEST(LostUpdateBug, GccListsTheDepositorsReadOfTheOtherReports) {
  const Explained explained =
      explain(fixture("gcc.lost_update.bug.txt"), context_for(), /*max_verdicts=*/3);
  const auto& conclusions = explained.verdicts.front().conclusions;
  ASSERT_EQ(conclusions.size(), 2U);
  EXPECT_EQ(conclusions[1], "also: depositor 1 reads at labs/lost_update/bug.hpp:16  " +
                                line_of("labs/lost_update/bug.hpp", 16));
}

class DeadlockBug : public testing::TestWithParam<const char*> {};

TEST_P(DeadlockBug, NamesTheCycleByAccountWithTheAcquiringLines) {
  const std::string name = std::string(GetParam()) + ".deadlock.bug";
  const Explained explained = explain(fixture(name + ".txt"), context_for(name + ".names"));
  ASSERT_EQ(explained.verdicts.size(), 1U);
  const verdict::Verdict& cycle = explained.verdicts.front();
  EXPECT_EQ(cycle.word, "LOCK-ORDER INVERSION");
  EXPECT_EQ(cycle.summary, "account 0 -> account 1 -> account 0: a potential deadlock");
  ASSERT_EQ(cycle.rows.size(), 2U);
  expect_row(cycle.rows[0], "auditor", "takes account 1", "labs/deadlock/bug.hpp", 37);
  EXPECT_EQ(cycle.rows[0].detail, "holding account 0, taken on the same line");
  EXPECT_EQ(cycle.rows[1].who.find("thread "), 0U);  // the transfer threads: "thread 1", ...
  EXPECT_NE(cycle.rows[1].who.find_first_of("12"), std::string::npos);
  EXPECT_EQ(cycle.rows[1].what, "takes account 0");
  EXPECT_EQ(cycle.rows[1].where, "labs/deadlock/bug.hpp:29");
  EXPECT_EQ(cycle.rows[1].source, line_of("labs/deadlock/bug.hpp", 29));
  EXPECT_EQ(cycle.rows[1].detail, "holding account 1, taken at labs/deadlock/bug.hpp:28  " +
                                      line_of("labs/deadlock/bug.hpp", 28));
  expect_nothing_folded_survives(render(explained, false));
}

INSTANTIATE_TEST_SUITE_P(BothCompilers, DeadlockBug, testing::Values("gcc", "clang"));

TEST(DeadlockBug, WithoutRecordedNamesTheLocksAreTheLinesExpressionsToldApart) {
  const Explained explained = explain(fixture("gcc.deadlock.bug.txt"), context_for());
  const verdict::Verdict& cycle = explained.verdicts.front();
  // Both accounts' locks are `account.lock` on the auditor's line: TSan's ids tell them apart.
  EXPECT_EQ(cycle.summary.find("account.lock (M"), 0U) << cycle.summary;
  // one name per lock through the verdict, whichever line took it
  EXPECT_EQ(cycle.rows[1].detail.find("holding account.lock (M"), 0U) << cycle.rows[1].detail;
}

TEST(LockedOnOneSide, SaysWhichLockEachHeldAndThatTheyShareNone) {
  Context context = context_for();
  context.overrides["labs/lost_update/mutex.hpp"] =
      kSources + "/tests/grading/corpus/lost_update/mutex.unlocked_balance.hpp";
  const Explained explained =
      explain(fixture("gcc.lost_update.mutex.unlocked_balance.txt"), context);
  ASSERT_EQ(explained.verdicts.size(), 1U);
  const verdict::Verdict& race = explained.verdicts.front();
  ASSERT_EQ(race.rows.size(), 2U);
  EXPECT_EQ(race.rows[0].where, "labs/lost_update/mutex.hpp:18");
  EXPECT_EQ(race.rows[0].source, "balance_.write(seen + amount);");
  EXPECT_EQ(race.rows[0].detail, "holding mutex_");
  EXPECT_EQ(race.rows[1].where, "labs/lost_update/mutex.hpp:22");
  EXPECT_EQ(race.rows[1].detail, "holding no lock");
  EXPECT_EQ(race.conclusions.front(),
            "no lock in common: nothing makes one access wait for the other");
}

TEST(SharedOnBothSides, SaysTheLockWasHeldOnlyShared) {
  Context context = context_for();
  context.overrides["labs/lost_update/rwlock.hpp"] =
      kSources + "/tests/grading/corpus/lost_update/rwlock.shared_deposit.hpp";
  const Explained explained =
      explain(fixture("clang.lost_update.rwlock.shared_deposit.txt"), context);
  ASSERT_FALSE(explained.verdicts.empty());
  const verdict::Verdict& race = explained.verdicts.front();
  ASSERT_EQ(race.rows.size(), 2U);
  EXPECT_EQ(race.rows[0].where, "labs/lost_update/rwlock.hpp:18");
  EXPECT_EQ(race.rows[0].detail, "holding lock_ (shared)");
  EXPECT_EQ(race.rows[1].detail, "holding lock_ (shared)");
  EXPECT_EQ(race.conclusions.front().find("both hold lock_ only shared"), 0U);
  expect_nothing_folded_survives(render(explained, false));
}

TEST(Frames, ReadBothCompilersForms) {
  const auto gcc = parse_frame(
      "racelab::lost_update::bug::Account::deposit(long) /r/labs/lost_update/bug.hpp:17 "
      "(lost_update+0x8a02)");
  ASSERT_TRUE(gcc);
  EXPECT_EQ(gcc->file, "/r/labs/lost_update/bug.hpp");
  EXPECT_EQ(gcc->line, 17U);
  EXPECT_TRUE(is_lab_frame(*gcc));
  // clang: a column, a BuildId, and a lambda's file inside the function's name
  const auto clang =
      parse_frame("__invoke<(lambda at /r/labs/deadlock/transfer_run.hpp:184:34)> "
                  "/usr/include/c++/12/bits/invoke.h:96:14 (deadlock+0xe) (BuildId: 3b04)");
  ASSERT_TRUE(clang);
  EXPECT_EQ(clang->file, "/usr/include/c++/12/bits/invoke.h");
  EXPECT_EQ(clang->line, 96U);
  EXPECT_FALSE(is_lab_frame(*clang));
  const auto unknown = parse_frame("<null> <null> (libstdc++.so.6+0xd44a2)");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(is_lab_frame(*unknown));
  // the sync layer is folded away like the standard library
  EXPECT_FALSE(is_lab_frame({"write", "/r/labs/common/racelab/sync/std_data.hpp", 35}));
}

TEST(Input, WithoutAReportGivesNoVerdict) {
  EXPECT_TRUE(explain("", context_for()).verdicts.empty());
  EXPECT_TRUE(explain("LOST UPDATES 12 deposits vanished\n", context_for()).verdicts.empty());
}

// A report cut short (the watchdog ended the process while TSan was printing) keeps what it has.
TEST(Input, AReportCutShortStillNamesWhatItReached) {
  std::string raw = fixture("gcc.lost_update.bug.txt");
  raw = raw.substr(0, raw.find("  Previous read"));
  const Explained explained = explain(raw, context_for());
  ASSERT_EQ(explained.verdicts.size(), 1U);
  ASSERT_EQ(explained.verdicts.front().rows.size(), 1U);
  EXPECT_EQ(explained.verdicts.front().rows[0].where, "labs/lost_update/bug.hpp:17");
}

}  // namespace
}  // namespace racelab::reader
