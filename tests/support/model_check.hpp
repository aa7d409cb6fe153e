// model_check.hpp — run a Relacy test suite from a GoogleTest test and get a verdict back.
//
// Include this first in a model-check test: it includes GoogleTest before the sync layer pulls in
// Relacy (whose macros would otherwise break gtest's headers).
//
// Relacy writes its report (the failing interleaving, step by step) to a stream. A
// std::ostringstream crashes here (Relacy's allocator meets libstdc++'s), so the report goes to a
// temporary file, read back once the simulation is over.
//
// A failing check prints the command that replays its failing execution (scripts/lab replay),
// which runs it again with RACELAB_REPLAY_STATE="Suite.Test:STATE": that one test then starts its
// search at STATE, Relacy's own record of the schedule, and prints the report even where the
// check expected the failure (a shipped bug's).
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include <racelab/sync.hpp>

namespace racelab::model {

// How much of a model's interleavings a check explores. Each search is its own type, so that a
// check compiles Relacy's simulator for its one scheduler: rl::simulate chooses the scheduler at
// run time and so compiles all three for every model, which doubled the build of the model checks.
struct FullSearch {  // every interleaving: for two threads and a few steps each
  // For a check that expects a failure: try the other threads first after each plain read, so
  // that the failure found first is the one where threads read before any writes (the sync
  // layer's Relacy backend, detail::yield_after_plain_reads, says why and what it costs).
  bool yield_after_plain_reads = false;
};
struct ContextBound {  // every interleaving with at most `preemptions` forced thread switches
  unsigned preemptions = 2;
};
struct RandomSearch {  // `iterations` random interleavings
  unsigned iterations = 10'000;
};

struct Verdict {
  rl::test_result_e result = rl::test_result_success;
  std::string result_name;            // Relacy's own words: "DATA RACE", "DEADLOCK", ...
  unsigned long long iterations = 0;  // executions explored (the failing one, if it failed)
  std::string replay_state;           // Relacy's test_params::final_state: the failing schedule
  std::string report;                 // Relacy's report of the failing execution
  double seconds = 0;
  std::string search;          // how the interleavings were chosen, when not as asked
  std::string replay_command;  // the one command that runs the failing execution again
  // Shared state of the exercise the model cannot see (unmodelled_state.hpp): one line each. A
  // model check cannot vouch for such an exercise, whatever the search found.
  std::vector<std::string> unmodelled;

  [[nodiscard]] bool passed() const {
    return result == rl::test_result_success && unmodelled.empty();
  }
};

inline std::string summary(const Verdict& verdict) {
  std::ostringstream out;
  if (!verdict.unmodelled.empty()) {
    out << "Relacy verdict: SHARED STATE THE MODEL CANNOT SEE, " << verdict.unmodelled.front();
    if (verdict.unmodelled.size() > 1) out << " (and " << verdict.unmodelled.size() - 1 << " more)";
    out << "\n";
  }
  out << "Relacy verdict: " << verdict.result_name << " after " << verdict.iterations
      << " executions (" << verdict.seconds << " s)";
  if (!verdict.search.empty()) out << "; " << verdict.search;
  return out.str();
}

inline std::string describe(const Verdict& verdict) {
  std::ostringstream out;
  out << summary(verdict);
  if (!verdict.unmodelled.empty()) {
    out << "\nThe model sees only sync:: types, and switches threads only at their operations: a"
           " race on any other variable passes it unseen. So it cannot vouch for this file until"
           " each of these is a sync:: type (or const, if nothing writes it after construction;"
           " even state one thread owns, so that the model can check that only that one touches"
           " it):";
    for (const std::string& line : verdict.unmodelled) out << "\n  " << line;
  }
  if (verdict.result != rl::test_result_success) {
    // The whole report: the reader (scripts/reader, relacy_timeline.hpp) cuts it to the lab's
    // steps, and its failing step is the last. A model of the labs' size writes a few kB.
    constexpr std::size_t kReportLimit = 20000;
    out << "\nRelacy's report" << (verdict.report.size() > kReportLimit ? " (first part)" : "")
        << ":\n"
        << verdict.report.substr(0, kReportLimit) << "end of Relacy's report";
  }
  return out.str();
}

namespace detail {

inline void configure(rl::test_params& params, FullSearch) { params.search_type = rl::sched_full; }

// The sync layer's search-order settings, for one search: set, then put back.
class SearchOrder {
 public:
  explicit SearchOrder(FullSearch plan)
      : saved_(
            std::exchange(sync::detail::yield_after_plain_reads(), plan.yield_after_plain_reads)) {}
  template <class Plan>
  explicit SearchOrder(Plan /*plan*/) : saved_(sync::detail::yield_after_plain_reads()) {}
  ~SearchOrder() { sync::detail::yield_after_plain_reads() = saved_; }
  SearchOrder(const SearchOrder&) = delete;
  SearchOrder& operator=(const SearchOrder&) = delete;

 private:
  bool saved_;
};
inline void configure(rl::test_params& params, ContextBound plan) {
  params.search_type = rl::sched_bound;
  params.context_bound = plan.preemptions;
}
inline void configure(rl::test_params& params, RandomSearch plan) {
  params.search_type = rl::sched_random;
  params.iteration_count = plan.iterations;
}

template <class Suite, class Plan>
struct SchedulerOf;
template <class Suite>
struct SchedulerOf<Suite, FullSearch> {
  using type = rl::full_search_scheduler<Suite::params::thread_count>;
};
template <class Suite>
struct SchedulerOf<Suite, ContextBound> {
  using type = rl::context_bound_scheduler<Suite::params::thread_count>;
};
template <class Suite>
struct SchedulerOf<Suite, RandomSearch> {
  using type = rl::random_scheduler<Suite::params::thread_count>;
};

// rl::simulate<Suite>(params) for one scheduler: run the search; if it fails, replay the failing
// execution with history on, which is what puts the execution, step by step, in Relacy's report.
template <class Suite, class Scheduler>
void simulate(rl::test_params& params) {
  params.test_name = typeid(Suite).name();
  *params.output_stream << params.test_name << std::endl;
  rl::ostringstream state;  // Relacy's own string type: a std::ostringstream meets its allocator
  const rl::test_result_e result = rl::run_test<Suite, Scheduler>(params, state, false);
  if (result != rl::test_result_success && !params.collect_history) {
    params.initial_state = state.str();
    params.final_state = state.str();
    params.collect_history = true;
    rl::ostringstream replayed;
    rl::run_test<Suite, Scheduler>(params, replayed, true);
  }
}

// Whether `state` ("1,2,2,0,0,2,0,0") is one Relacy can replay: the random search's execution
// number alone, or the full and bounded searches' execution, a count N and N decisions (choices,
// the one taken, its kind), each taken below its choices. Relacy crashes on one that is not.
inline bool valid_replay_state(const std::string& state) {
  if (state.empty() || state.find_first_not_of("0123456789,") != std::string::npos ||
      state.front() == ',' || state.back() == ',' || state.find(",,") != std::string::npos) {
    return false;
  }
  std::vector<unsigned long long> numbers;
  std::istringstream in(state);
  for (std::string number; std::getline(in, number, ',');) {
    if (number.size() > 12) return false;
    numbers.push_back(std::stoull(number));
  }
  if (numbers.size() == 1) return true;
  if (numbers.size() != 2 + 3 * numbers[1]) return false;
  constexpr unsigned long long kDecisionKinds = 5;  // rl::sched_type
  for (std::size_t i = 2; i < numbers.size(); i += 3) {
    if (numbers[i + 1] >= numbers[i] || numbers[i + 2] >= kDecisionKinds) return false;
  }
  return true;
}

// The schedule RACELAB_REPLAY_STATE gives this test ("Suite.Test:STATE", STATE Relacy's numbers
// with commas for spaces, as the replay command prints them), in Relacy's own form; nullopt when
// it names another test or none. Numbers only: anything else is refused before Relacy reads it.
inline std::optional<std::string> replay_state_for_this_test() {
  const char* setting = std::getenv("RACELAB_REPLAY_STATE");
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  if (setting == nullptr || test == nullptr) return std::nullopt;
  const std::string_view text(setting);
  const std::string name = std::string(test->test_suite_name()) + "." + test->name() + ":";
  if (!text.starts_with(name)) return std::nullopt;
  std::string state(text.substr(name.size()));
  if (!valid_replay_state(state)) {
    ADD_FAILURE() << "RACELAB_REPLAY_STATE: '" << state << "' is not a replay state (the numbers "
                  << "a failing check's replay: line prints)";
    return std::nullopt;
  }
  for (char& c : state) c = c == ',' ? ' ' : c;
  return state + " ";
}

// Relacy's state as a replay command prints it: its numbers, comma-separated.
inline std::string printed_state(const std::string& state) {
  std::string printed;
  std::istringstream numbers(state);
  for (std::string number; numbers >> number;) printed += (printed.empty() ? "" : ",") + number;
  return printed;
}

template <class Suite, class Plan>
Verdict search(Plan plan, const std::optional<std::string>& replay_state = std::nullopt) {
  namespace fs = std::filesystem;
  static unsigned run_number = 0;
  const fs::path report_path =
      fs::temp_directory_path() /
      ("racelab-relacy-" + std::to_string(::getpid()) + "-" + std::to_string(++run_number));

  rl::test_params params;
  configure(params, plan);
  const SearchOrder order(plan);
  if (replay_state) params.initial_state = *replay_state;
  Verdict verdict;
  {
    std::ofstream report(report_path);
    // Progress ("37% (1234/3333)") goes to the terminal only when asked for: a long search is
    // then visibly alive, and test logs stay free of thousands of progress lines.
    std::ofstream discard("/dev/null");
    params.output_stream = &report;
    params.progress_stream = std::getenv("RACELAB_MODEL_PROGRESS") != nullptr
                                 ? static_cast<std::ostream*>(&std::cerr)
                                 : static_cast<std::ostream*>(&discard);
    const auto started = std::chrono::steady_clock::now();
    simulate<Suite, typename SchedulerOf<Suite, Plan>::type>(params);
    verdict.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  verdict.result = params.test_result;
  verdict.result_name = rl::test_result_str(params.test_result);
  verdict.iterations = params.stop_iteration;
  verdict.replay_state = params.final_state;
  {
    std::ifstream report(report_path);
    std::ostringstream text;
    text << report.rdbuf();
    verdict.report = text.str();
  }
  std::error_code ignored;
  fs::remove(report_path, ignored);
  return verdict;
}

// Whether the code under check retries a lock it failed to take: std::lock (and so
// std::scoped_lock over several mutexes), or a try_lock back-off of the student's own. A few
// random executions tell, deterministically (Relacy's random scheduler is seeded).
template <class Suite>
bool retries_locks() {
  constexpr unsigned kProbeExecutions = 2'000;
  const unsigned long long failed_before = sync::detail::failed_try_locks();
  search<Suite>(RandomSearch{.iterations = kProbeExecutions});
  return sync::detail::failed_try_locks() != failed_before;
}

}  // namespace detail

// A fix that retries a lock makes a full search endless: each failed try_lock can be followed by
// another, in a schedule that lets the other thread win every time (a ping-pong that real threads
// leave within microseconds). Such a fix is searched with a bound on preemptions instead, as the
// three-thread checks are: every interleaving with at most three forced switches, which covers
// every bug of two threads the labs ship (each needs one or two) and ends in seconds.
inline constexpr ContextBound kBoundForRetries{.preemptions = 3};

namespace detail {

// The breaches found in this check's exercises, when the build generated them
// (tests/CMakeLists.txt, racelab_check_unmodelled_state): {technique, file, line, declaration,
// why}.
struct UnmodelledState {
  const char* technique;
  const char* file;
  int line;
  const char* declaration;
  const char* why;
};
#if __has_include("unmodelled_state.inc")
inline constexpr UnmodelledState kUnmodelledState[] = {
#include "unmodelled_state.inc"
    {nullptr, nullptr, 0, nullptr, nullptr}};
#else
inline constexpr UnmodelledState kUnmodelledState[] = {{nullptr, nullptr, 0, nullptr, nullptr}};
#endif

// The breaches of the technique this test checks: a lab's model tests are named after it
// (TEST(mutex, ModelTwoDepositors)).
inline std::vector<std::string> unmodelled_state_of_this_test() {
  std::vector<std::string> found;
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  if (test == nullptr) return found;
  for (const UnmodelledState& breach : kUnmodelledState) {
    if (breach.technique == nullptr ||
        std::string_view(breach.technique) != test->test_suite_name())
      continue;
    found.push_back(std::string(breach.file) + ":" + std::to_string(breach.line) + ": `" +
                    breach.declaration + "`: " + breach.why);
  }
  return found;
}

}  // namespace detail

namespace detail {

// Whether this binary checks Suite's models. scripts/lab's build checks one exercise at a time and
// compiles a lab's model checks once per technique (tests/CMakeLists.txt, racelab_add_check's
// TECHNIQUE): an edit to one exercise then compiles that technique's models, not the four
// (lost_update: 7 s instead of 13). RACELAB_MODEL_TECHNIQUE names the technique, "" for all. A
// model left out names another technique's exercise type (DepositModel<using_atomic::Account,
// 2, 1>, as the compiler spells it in __PRETTY_FUNCTION__); one that names none is kept.
template <class Suite>
consteval bool checked_in_this_binary() {
  constexpr std::string_view technique = RACELAB_MODEL_TECHNIQUE;
  if (technique.empty()) return true;
  const std::string_view signature = __PRETTY_FUNCTION__;
  constexpr std::string_view prefix = "using_";
  bool names_a_technique = false;
  for (std::size_t at = signature.find(prefix); at != std::string_view::npos;
       at = signature.find(prefix, at + 1)) {
    const std::string_view rest = signature.substr(at + prefix.size());
    if (rest.starts_with(technique) && rest.substr(technique.size()).starts_with("::")) return true;
    names_a_technique = true;
  }
  return !names_a_technique;
}

// The command that runs this test's failing execution again: scripts/lab replay for a lab's
// check (RACELAB_MODEL_LAB, set by the build), else the test binary itself.
inline std::string replay_command(const std::string& state) {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  if (test == nullptr || state.empty()) return {};
  const std::string printed = printed_state(state);
  const std::string_view lab = RACELAB_MODEL_LAB;
  if (!lab.empty()) {
    return "scripts/lab replay " + std::string(lab) + " " + test->test_suite_name() + " " +
           test->name() + " " + printed;
  }
  std::error_code ignored;
  return "RACELAB_REPLAY_STATE=" + std::string(test->test_suite_name()) + "." + test->name() + ":" +
         printed + " " + std::filesystem::read_symlink("/proc/self/exe", ignored).string() +
         " --gtest_filter=" + test->test_suite_name() + "." + test->name();
}

}  // namespace detail

namespace detail {

// The search, its verdict and its one-line summary (check, below, is what a test calls).
template <class Suite, class Plan>
Verdict run_check(Plan plan) {
  // Found before any search, so that a malformed state fails the test before Relacy reads it.
  const std::optional<std::string> replay_state = detail::replay_state_for_this_test();
  Verdict verdict;
  // The probe of retries_locks runs without the replay state: it decides the scheduler, as in
  // the run that printed the state, and a state is only valid for the scheduler that wrote it.
  if constexpr (std::is_same_v<Plan, FullSearch>) {
    if (detail::retries_locks<Suite>()) {
      verdict = detail::search<Suite>(kBoundForRetries, replay_state);
      verdict.search = "at most " + std::to_string(kBoundForRetries.preemptions) +
                       " preemptions, since a full search cannot end for code that retries a "
                       "lock (std::lock, std::scoped_lock, try_lock)";
    } else {
      verdict = detail::search<Suite>(plan, replay_state);
    }
  } else {
    verdict = detail::search<Suite>(plan, replay_state);
  }
  verdict.unmodelled = detail::unmodelled_state_of_this_test();
  verdict.replay_command = detail::replay_command(verdict.replay_state);
  // One line in every test log, pass or fail; scripts/lab compare reads it. A failure adds its
  // replay command, once, whether or not the test expected it.
  std::cout << summary(verdict) << std::endl;
  if (!verdict.replay_command.empty())
    std::cout << "replay: " << verdict.replay_command << std::endl;
  // A replay shows the execution whether or not the test expected it to fail, and so does any
  // failure when RACELAB_MODEL_REPORTS is set (tests/reader/replay-check compares the two).
  if (verdict.result != rl::test_result_success &&
      (replay_state || std::getenv("RACELAB_MODEL_REPORTS") != nullptr)) {
    std::cout << describe(verdict) << std::endl;
  }
  return verdict;
}

}  // namespace detail

template <class Suite, class Plan>
Verdict check(Plan plan) {
  if constexpr (!detail::checked_in_this_binary<Suite>()) {
    // Never compiled into a search: ctest runs only this binary's technique (TEST_FILTER).
    ADD_FAILURE() << "this binary checks " << RACELAB_MODEL_TECHNIQUE
                  << "'s models only: run the lab's model check of this technique";
    Verdict not_built;
    not_built.result = rl::test_result_user_assert_failed;
    not_built.result_name = "NOT BUILT HERE";
    return not_built;
  } else {
    return detail::run_check<Suite>(plan);
  }
}

}  // namespace racelab::model
