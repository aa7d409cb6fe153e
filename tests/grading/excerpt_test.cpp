// What a student reads of a failed run: the headline that says why, and an excerpt of the output
// with the tools' noise left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "excerpt.hpp"

namespace racelab::grade {
namespace {

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

TEST(Excerpt, TheHeadlineOfAModelPartIsTheVerdictThatFailed) {
  // Two model checks in one run: the first passed, the second found the race. The headline is
  // the failure's, not the first verdict printed.
  const std::string output = "[ RUN      ] mutex.ModelTwoDepositors\n"
                             "Relacy verdict: SUCCESS after 20 executions (0.01 s)\n"
                             "[       OK ] mutex.ModelTwoDepositors (10 ms)\n"
                             "[ RUN      ] mutex.ModelThreeDepositors\n"
                             "model_test.cpp:31: Failure\n"
                             "Value of: verdict.passed()\n"
                             "Relacy verdict: DATA RACE after 7 executions (0.01 s)\n"
                             "[  FAILED  ] mutex.ModelThreeDepositors (12 ms)\n";
  EXPECT_EQ(headline(PartKind::model, output),
            "Relacy verdict: DATA RACE after 7 executions (0.01 s)");
}

TEST(Excerpt, TheHeadlineOfATsanReportIsItsKind) {
  const std::string output = "some output\n"
                             "WARNING: ThreadSanitizer: data race (pid=42)\n"
                             "  Write of size 8 at 0x1 by thread T2:\n";
  EXPECT_EQ(headline(PartKind::functional, output), "ThreadSanitizer: data race (pid=42)");
}

// Captured from g++ 12's AddressSanitizer (a table freed by one thread and read by another),
// shortened to the frames that matter here.
constexpr const char* kAsanUseAfterFree =
    "[ RUN      ] mutex.ServesAThousandRequestsWithinBudget\n"
    "=================================================================\n"
    "==3362==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc "
    "0x55e4a6e58600 bp 0x7ffcbaaa4bf0 sp 0x7ffcbaaa4be8\n"
    "READ of size 4 at 0x602000000010 thread T0\n"
    "    #0 0x55e4a6e585ff in main /root/labs/event_loop/mutex.hpp:7\n"
    "\n"
    "freed by thread T1 here:\n"
    "    #0 0x7f3fcc0ba3c8 in operator delete(void*, unsigned long) "
    "../../../../src/libsanitizer/asan/asan_new_delete.cpp:164\n"
    "    #1 0x55e4a6e58277 in operator() /root/labs/event_loop/mutex.hpp:5\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-use-after-free /root/labs/event_loop/mutex.hpp:7 in main\n"
    "Shadow bytes around the buggy address:\n"
    "  0x0c047fff7fb0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "==3362==ABORTING\n";

TEST(Excerpt, TheHeadlineOfAnAsanReportIsItsKind) {
  EXPECT_EQ(headline(PartKind::functional, kAsanUseAfterFree),
            "AddressSanitizer: heap-use-after-free");
  const std::string leak = "==3434==ERROR: LeakSanitizer: detected memory leaks\n"
                           "\n"
                           "Direct leak of 24 byte(s) in 1 object(s) allocated from:\n"
                           "    #0 0x7f41696b89cf in __interceptor_malloc "
                           "../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69\n"
                           "    #1 0x56378fd4a1c3 in main /tmp/asan/leak.cpp:2\n"
                           "\n"
                           "SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).\n";
  EXPECT_EQ(headline(PartKind::functional, leak), "LeakSanitizer: detected memory leaks");
}

TEST(Excerpt, AnAsanExcerptEndsAtItsSummary) {
  const std::string excerpt = excerpt_for_student(PartKind::functional, kAsanUseAfterFree, "/root");
  EXPECT_TRUE(contains(excerpt, "freed by thread T1 here:")) << excerpt;
  EXPECT_TRUE(contains(excerpt, "SUMMARY: AddressSanitizer: heap-use-after-free "
                                "labs/event_loop/mutex.hpp:7"))
      << excerpt;
  EXPECT_FALSE(contains(excerpt, "Shadow bytes")) << excerpt;
}

TEST(Excerpt, TheHeadlineOfALabProgramIsItsLastVerdict) {
  const std::string output = "deadlock  variant bug\n\n"
                             "DEADLOCK no transfer completed for 2.0 s\n"
                             "The watchdog's wait-for cycle:\n";
  EXPECT_EQ(headline(PartKind::criteria, output), "DEADLOCK no transfer completed for 2.0 s");
}

TEST(Excerpt, TheHeadlineOfAFailedCheckIsItsOwnMessage) {
  const std::string output = "[ RUN      ] mutex.NoDepositIsLost\n"
                             "functional_test.cpp:40: Failure\n"
                             "Expected equality of these values:\n"
                             "  lost deposits: 17\n"
                             "[  FAILED  ] mutex.NoDepositIsLost (5 ms)\n";
  EXPECT_EQ(headline(PartKind::functional, output), "a check failed:   lost deposits: 17");
}

// A functional check that says what failed in its own message: the excerpt shows that, not
// GoogleTest's wording of the expectation; one that gives no message keeps the wording.
TEST(Excerpt, AFailedExpectationIsShownInTheChecksOwnWords) {
  const std::string output = "[ RUN      ] mutex.EveryDepositReachesTheBalance\n"
                             "/r/tests/lost_update/functional_test.cpp:27: Failure\n"
                             "Expected equality of these values:\n"
                             "  result.actual\n"
                             "    Which is: 14357049\n"
                             "  result.expected\n"
                             "    Which is: 20687872\n"
                             "6330823 deposits were lost\n"
                             "/r/tests/lost_update/functional_test.cpp:99: Failure\n"
                             "Expected: (readings) > (0U), actual: 0 vs 0\n"
                             "[  FAILED  ] mutex.EveryDepositReachesTheBalance (5 ms)\n";
  const std::string excerpt = excerpt_for_student(PartKind::functional, output, "/r", "");
  EXPECT_TRUE(contains(excerpt, "6330823 deposits were lost")) << excerpt;
  EXPECT_FALSE(contains(excerpt, "Which is:")) << excerpt;
  EXPECT_FALSE(contains(excerpt, "Expected equality")) << excerpt;
  EXPECT_TRUE(contains(excerpt, "Expected: (readings) > (0U), actual: 0 vs 0")) << excerpt;
}

TEST(Excerpt, PrintableDropsColourAndMendsBrokenText) {
  EXPECT_EQ(printable("\x1b[31mWRONG\x1b[0m"), "WRONG");
  EXPECT_EQ(printable("ok \xff\xfe end"), "ok ?? end");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a?b");
  EXPECT_EQ(printable("caf\xc3\xa9\n\t"), "caf\xc3\xa9\n\t");
}

// A model part's output as the grader sees it: the unfixed mutex draft's three failing checks
// (tests/reader/fixtures), each with Relacy's whole report.
TEST(Excerpt, AModelExcerptIsTheReplayCommandAndATimelineOfTheLabsSteps) {
  std::ifstream in(std::string(RACELAB_SOURCE_DIR) +
                   "/tests/reader/fixtures/gcc.lost_update.mutex.relacy.txt");
  std::ostringstream recorded;
  recorded << in.rdbuf();
  ASSERT_FALSE(recorded.str().empty());
  const std::string excerpt =
      excerpt_for_student(PartKind::model, recorded.str(), RACELAB_SOURCE_DIR, "raw/x.txt");
  EXPECT_TRUE(contains(excerpt, "replay: scripts/lab replay lost_update mutex ModelTwoDepositors "))
      << excerpt;
  EXPECT_TRUE(contains(excerpt, "DATA RACE in DepositModel<using_mutex::Account, 2, 2> "
                                "(mutex.ModelTwoDepositors)"))
      << excerpt;
  EXPECT_TRUE(contains(excerpt, "reads balance_ = 0  mutex.hpp:20")) << excerpt;
  // Each failed check in one line, with its verdict; GoogleTest's own words for it are folded.
  EXPECT_TRUE(contains(excerpt, "✗ mutex.ModelTwoDepositors: DATA RACE after ")) << excerpt;
  EXPECT_FALSE(contains(excerpt, "Value of: verdict.passed()")) << excerpt;
  EXPECT_TRUE(contains(excerpt, "labs/lost_update/mutex.hpp:20")) << excerpt;
  for (const char* folded : {"/usr/include/relacy", "execution history", "<0x", "N7racelab"}) {
    EXPECT_FALSE(contains(excerpt, folded)) << folded << " survived in:\n" << excerpt;
  }
  EXPECT_LE(std::count(excerpt.begin(), excerpt.end(), '\n'), 40) << excerpt;
  EXPECT_TRUE(contains(excerpt, "raw output: raw/x.txt\n")) << excerpt;
}

TEST(Excerpt, AnExcerptIsCutLongBeforeItIsPagesOfLog) {
  std::string output;
  for (int i = 0; i < 5000; ++i) output += "line " + std::to_string(i) + " of a runaway program\n";
  const std::string excerpt = excerpt_for_student(PartKind::criteria, output, "");
  EXPECT_LT(excerpt.size(), 9000U);
  EXPECT_TRUE(contains(excerpt, "line 4999")) << "the tail is what a crash leaves";
}

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  return text.substr(text.rfind('\n', end) + 1, end - text.rfind('\n', end));
}

// A tsan part's output (tsan-verdict's FAIL line, then the report) as the grader saw it in the
// tree it built: the recorded report of tests/reader/fixtures, moved into this checkout.
TEST(Excerpt, ATsanPartShowsTheReportInTheLabsWordsAndNamesTheRawFile) {
  std::ifstream in(std::string(RACELAB_SOURCE_DIR) +
                   "/tests/reader/fixtures/gcc.lost_update.bug.txt");
  std::ostringstream recorded;
  recorded << in.rdbuf();
  std::string output = "FAIL: run 1 of 1: ThreadSanitizer reported:\n" + recorded.str();
  const std::string recorded_root = "/work/wt-reader/";
  const std::string root = std::string(RACELAB_SOURCE_DIR) + "/";
  for (auto at = output.find(recorded_root); at != std::string::npos;
       at = output.find(recorded_root, at + root.size())) {
    output.replace(at, recorded_root.size(), root);
  }
  const std::string excerpt = excerpt_for_student(PartKind::tsan, output, RACELAB_SOURCE_DIR,
                                                  "raw/lost_update.mutex.tsan.txt");
  EXPECT_TRUE(contains(excerpt, "FAIL: run 1 of 1")) << excerpt;
  EXPECT_TRUE(contains(excerpt, "DATA RACE on balance_")) << excerpt;
  EXPECT_TRUE(contains(excerpt, "depositor 2  writes  labs/lost_update/bug.hpp:17  "
                                "balance_.write(seen + amount);"))
      << excerpt;
  EXPECT_TRUE(contains(excerpt, "auditor")) << excerpt;
  EXPECT_FALSE(contains(excerpt, "__invoke")) << excerpt;
  EXPECT_FALSE(contains(excerpt, RACELAB_SOURCE_DIR)) << excerpt;
  EXPECT_LE(lines_in(excerpt), kMaxExcerptLines);
  EXPECT_EQ(last_line(excerpt), "raw output: raw/lost_update.mutex.tsan.txt");
}

TEST(Excerpt, AFailedPartIsAtMostFortyLinesWithTheRawFileLast) {
  std::string output;
  for (int i = 0; i < 200; ++i) output += "Relacy verdict: DATA RACE " + std::to_string(i) + "\n";
  const std::string excerpt = excerpt_for_student(PartKind::model, output, "", "raw/x.txt");
  // Two lines above it in results.json: the part's reason and a blank line.
  EXPECT_EQ(lines_in(excerpt) + 2, kMaxExcerptLines) << excerpt;
  EXPECT_EQ(last_line(excerpt), "raw output: raw/x.txt");
}

}  // namespace
}  // namespace racelab::grade
