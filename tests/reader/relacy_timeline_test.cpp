// The timeline reader (scripts/reader/relacy_timeline.hpp) on real Relacy output of the model
// checks (fixtures/README.md): each failing execution once, a column per thread, only the lab's
// own lines (and the failing step), each with its text; nothing of Relacy's own files survives.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "fixture.hpp"
#include "relacy_timeline.hpp"

namespace racelab::reader::relacy {
namespace {

using reader::fixture;
using reader::kSources;
using reader::line_of;

Context sources() {
  Context context;
  context.sources = kSources;
  return context;
}

// The timeline of the first report in a fixture, as text; its source lines read under `root`.
std::string timeline_of(const std::string& name, const std::string& root = kSources) {
  const auto blocks = report_blocks(fixture(name));
  EXPECT_FALSE(blocks.empty()) << name << " has no Relacy report";
  if (blocks.empty()) return {};
  const auto report = parse(blocks.front().text);
  EXPECT_TRUE(report.has_value()) << name;
  if (!report) return {};
  Context context;
  context.sources = root;
  return verdict::render(timeline(*report, context), false);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t found = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++found;
  return found;
}

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The timeline shows `part` somewhere.
void expect_shows(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "not shown: " << part << "\nin:\n" << text;
}

// What no timeline may show: Relacy's own files and words, addresses, the mangled model name,
// the sync layer.
void expect_nothing_of_relacy_survives(const std::string& text) {
  for (const char* folded : {"/usr/include/relacy", "relacy/", "context.hpp", "fiber_proc", "CTOR",
                             "BEFORE", "THREAD FINISHED", "<0x", "N7racelab", "racelab/sync/",
                             "execution history", "iteration:"}) {
    EXPECT_EQ(text.find(folded), std::string::npos) << folded << " survived in:\n" << text;
  }
}

// The README's interleaving: both depositors read the balance, then thread 0's write races with
// thread 1's read. The racing access and the verdict are one row, without the value Relacy
// records for it (its type's default, not a value anyone wrote); the write that would lose a
// deposit, which Relacy never runs, is told in two lines.
TEST(RelacyTimeline, TheShippedBugsRaceIsBothReadsThenTheRacingWrite) {
  const std::string text = timeline_of("gcc.lost_update.bug.relacy.txt");
  EXPECT_EQ(text.find("DATA RACE in DepositModel<bug::Account, 2, 1>"), 0U) << text;
  expect_shows(text, "execution 1");
  const auto read0 = text.find("  reads balance_ = 0  bug.hpp:16");
  const auto read1 = text.find("  reads balance_ = 0  bug.hpp:16", read0 + 1);
  const auto write = text.find("  writes balance_: DATA RACE  bug.hpp:17");
  ASSERT_NE(read0, std::string::npos) << "the lab's read was dropped:\n" << text;
  ASSERT_NE(read1, std::string::npos) << "thread 1's read was dropped:\n" << text;
  ASSERT_NE(write, std::string::npos) << "the racing write was dropped:\n" << text;
  EXPECT_LT(read0, read1);
  EXPECT_LT(read1, write);
  // Thread 0's read is in thread 0's column, thread 1's to the right, in thread 1's.
  const auto column = [&](std::size_t at) { return at - text.rfind('\n', at); };
  EXPECT_LT(column(read0), column(read1)) << text;
  EXPECT_EQ(column(read0), column(write)) << text;
  EXPECT_EQ(count(text, "DATA RACE"), 2U) << "the verdict, and its one row:\n" << text;
  EXPECT_EQ(text.find("writes balance_ = 0"), std::string::npos)
      << "the racing write shows Relacy's placeholder as a value:\n"
      << text;
  expect_shows(text, "thread 0's write (bug.hpp:17) and thread 1's read (bug.hpp:16) of "
                     "balance_: nothing orders them");
  expect_shows(text, "thread 1 read balance_ before this write: its own write, next, would undo "
                     "thread 0's");
  expect_shows(text, "(a lost update; Relacy stops at the first racing access, before that write)");
  expect_shows(text, "labs/lost_update/bug.hpp:16  " + line_of("labs/lost_update/bug.hpp", 16));
  expect_shows(text, "labs/lost_update/bug.hpp:17  " + line_of("labs/lost_update/bug.hpp", 17));
  expect_nothing_of_relacy_survives(text);
  EXPECT_LE(lines_in(text), 40U) << text;
}

// The first failing execution of a plain search: thread 0 reads and writes, then thread 1's read
// races. A racing read is one row too, and no lost update is told: nobody read before the write.
TEST(RelacyTimeline, ARacingReadAfterTheWriteIsOneRowAndNoLostUpdate) {
  const std::string text = timeline_of("gcc.lost_update.bug.first_found.relacy.txt");
  const auto read0 = text.find("reads balance_ = 0  bug.hpp:16");
  const auto write = text.find("writes balance_ = 1  bug.hpp:17");
  const auto race = text.find("reads balance_: DATA RACE  bug.hpp:16");
  ASSERT_NE(read0, std::string::npos) << "the lab's read was dropped:\n" << text;
  ASSERT_NE(write, std::string::npos) << "the lab's write was dropped:\n" << text;
  ASSERT_NE(race, std::string::npos) << "the racing read was dropped:\n" << text;
  EXPECT_LT(read0, write);
  EXPECT_LT(write, race);
  EXPECT_EQ(count(text, "writes balance_"), 1U) << "the history is printed once:\n" << text;
  expect_shows(text, "thread 1's read (bug.hpp:16) and thread 0's write (bug.hpp:17) of "
                     "balance_: nothing orders them");
  EXPECT_EQ(text.find("lost update"), std::string::npos) << text;
  expect_nothing_of_relacy_survives(text);
}

// The mutex exercise half done (deposit() locked, balance() not): a depositor's write races with
// the other thread's read in balance(), which computes nothing from it. That read is on another
// line than the writer's own read, so no lost update is told.
TEST(RelacyTimeline, AnAuditorsRacingReadIsNoLostUpdate) {
  // The student's file as it was (fixtures/half_done/), where the report's lines point.
  const std::string text = timeline_of("gcc.lost_update.mutex_deposit_locked.relacy.txt",
                                       kSources + "/tests/reader/fixtures/half_done");
  expect_shows(text, "writes balance_: DATA RACE  mutex.hpp:24");
  expect_shows(text, "thread 1's write (mutex.hpp:24) and thread 0's read (mutex.hpp:30) of "
                     "balance_: nothing orders them");
  EXPECT_EQ(text.find("lost update"), std::string::npos) << text;
  EXPECT_EQ(text.find("would undo"), std::string::npos) << text;
  expect_nothing_of_relacy_survives(text);
}

TEST(RelacyTimeline, TheSplitAtomicTrapShowsTheAssertionAndTheOlderValue) {
  const std::string text = timeline_of("gcc.lost_update.split_atomic.relacy.txt");
  EXPECT_EQ(text.find("USER ASSERT FAILED `account.balance() == kExpected`, in "
                      "DepositModel<split_atomic::Account, 2, 1>"),
            0U)
      << text;
  expect_shows(text, "loads balance_ = 0*  split_atomic.hpp:23");
  expect_shows(text, "stores balance_ = 1  split_atomic.hpp:24");
  expect_shows(text, "USER ASSERT FAILED  deposit_model.hpp:38");
  expect_shows(text, "* thread 1 loaded balance_ = 0 (split_atomic.hpp:23), not thread 0's "
                     "latest store of 1 (split_atomic.hpp:24)");
  EXPECT_EQ(count(text, "* thread"), 1U) << "one line on the older value:\n" << text;
  // The test's own machinery (the finished counter) is not the lab's.
  EXPECT_EQ(text.find("fetch_add"), std::string::npos) << text;
  expect_nothing_of_relacy_survives(text);
  EXPECT_LE(lines_in(text), 40U) << text;
}

TEST(RelacyTimeline, TheDeadlockNamesEachLockItsHolderAndItsWaiter) {
  const std::string text = timeline_of("gcc.deadlock.bug.relacy.txt");
  EXPECT_EQ(text.find("DEADLOCK in BankModel<bug::Bank"), 0U) << text;
  expect_shows(text, "locks lock 1  bug.hpp:28");
  expect_shows(text, "locks lock 2  bug.hpp:28");
  expect_shows(text, "waits for lock 2  bug.hpp:29");
  expect_shows(text, "waits for lock 1  bug.hpp:29");
  EXPECT_NE(text.find("thread 0 waits for lock 2, which thread 1 holds; thread 1 waits for "
                      "lock 1, which thread 0 holds"),
            std::string::npos)
      << text;
  // The bank's constructor runs before any thread: its writes are no step of the execution.
  EXPECT_EQ(text.find("bug.hpp:23"), std::string::npos) << text;
  expect_shows(text, "labs/deadlock/bug.hpp:29  " + line_of("labs/deadlock/bug.hpp", 29));
  expect_nothing_of_relacy_survives(text);
  EXPECT_LE(lines_in(text), 40U) << text;
}

TEST(RelacyTimeline, EveryFailingCheckOfTheUnfixedMutexDraftHasItsTimeline) {
  const std::string output = fixture("gcc.lost_update.mutex.relacy.txt");
  const auto blocks = report_blocks(output);
  ASSERT_EQ(blocks.size(), 3U);
  for (const Block& block : blocks) {
    const auto report = parse(block.text);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->result, "DATA RACE");
    const std::string text = verdict::render(timeline(*report, sources()), false);
    EXPECT_NE(text.find("mutex.hpp:20"), std::string::npos) << "the lab's read:\n" << text;
    EXPECT_NE(
        text.find("labs/lost_update/mutex.hpp:20  " + line_of("labs/lost_update/mutex.hpp", 20)),
        std::string::npos)
        << text;
    expect_nothing_of_relacy_survives(text);
    EXPECT_LE(lines_in(text), 40U) << text;
  }
}

// A report cut to size (model_check.hpp keeps the first 20,000 bytes) has lost its failing step:
// the timeline says so, and names no step as the failure.
TEST(RelacyTimeline, AReportCutShortSaysSoAndNamesNoStepAsTheFailure) {
  const auto blocks = report_blocks(fixture("gcc.lost_update.bug.first_found.relacy.txt"));
  ASSERT_FALSE(blocks.empty());
  const std::string& whole = blocks.front().text;
  const auto report = parse(whole.substr(0, whole.find("[10] 1:")));
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->cut);
  const std::string text = verdict::render(timeline(*report, sources()), false);
  expect_shows(text, "the report was cut");
  EXPECT_EQ(text.find("DATA RACE  bug.hpp"), std::string::npos) << text;
  EXPECT_EQ(text.find(": DATA RACE"), std::string::npos) << text;
  expect_shows(text, "writes balance_ = 1  bug.hpp:17");
}

TEST(RelacyTimeline, NoReportIsNoTimeline) {
  EXPECT_FALSE(parse("Relacy verdict: SUCCESS after 12 executions (0.1 s)\n").has_value());
  EXPECT_TRUE(report_blocks("[ RUN      ] mutex.ModelTwoDepositors\n").empty());
}

}  // namespace
}  // namespace racelab::reader::relacy
