// model_check.hpp — run a Relacy test suite from a GoogleTest test and get a verdict back.
//
// Include this first in a model-check test: it includes GoogleTest before the sync layer pulls in
// Relacy (whose macros would otherwise break gtest's headers).
//
// Relacy writes its report (the failing interleaving, step by step) to a stream. A
// std::ostringstream crashes here (Relacy's allocator meets libstdc++'s), so the report goes to a
// temporary file, read back once the simulation is over.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <racelab/sync.hpp>

namespace racelab::model {

enum class Search { full, context_bound, random };

struct SearchPlan {
  Search search = Search::full;
  unsigned context_bound = 2;    // for Search::context_bound
  unsigned iterations = 10'000;  // for Search::random
};

struct Verdict {
  rl::test_result_e result = rl::test_result_success;
  std::string result_name;            // Relacy's own words: "DATA RACE", "DEADLOCK", ...
  unsigned long long iterations = 0;  // executions explored (the failing one, if it failed)
  std::string replay_state;           // pass as test_params::initial_state to replay the failure
  std::string report;                 // Relacy's report of the failing execution
  double seconds = 0;

  [[nodiscard]] bool passed() const { return result == rl::test_result_success; }
};

inline std::string summary(const Verdict& verdict) {
  std::ostringstream out;
  out << "Relacy verdict: " << verdict.result_name << " after " << verdict.iterations
      << " executions (" << verdict.seconds << " s)";
  return out.str();
}

inline std::string describe(const Verdict& verdict) {
  std::ostringstream out;
  out << summary(verdict);
  if (!verdict.passed()) {
    out << "\nreplay state (test_params::initial_state): " << verdict.replay_state;
    constexpr std::size_t kReportLimit = 6000;
    out << "\nRelacy's report" << (verdict.report.size() > kReportLimit ? " (first part)" : "")
        << ":\n"
        << verdict.report.substr(0, kReportLimit);
  }
  return out.str();
}

template <class Suite>
Verdict check(const SearchPlan& plan) {
  namespace fs = std::filesystem;
  static unsigned run_number = 0;
  const fs::path report_path =
      fs::temp_directory_path() /
      ("racelab-relacy-" + std::to_string(::getpid()) + "-" + std::to_string(++run_number));

  rl::test_params params;
  switch (plan.search) {
    case Search::full: params.search_type = rl::sched_full; break;
    case Search::context_bound:
      params.search_type = rl::sched_bound;
      params.context_bound = plan.context_bound;
      break;
    case Search::random:
      params.search_type = rl::sched_random;
      params.iteration_count = plan.iterations;
      break;
  }
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
    rl::simulate<Suite>(params);
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
  // One line in every test log, pass or fail; scripts/lab compare reads it.
  std::cout << summary(verdict) << std::endl;
  return verdict;
}

}  // namespace racelab::model
