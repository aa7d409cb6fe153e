// experiment.hpp — the parallelism program's experiment, apart from its command line and output:
// the I/O-bound modes, the rounds of the CPU-bound ones (the fastest of each kept), and the
// verdict the program's exit status and the grader's criteria part stand on. main.cpp prints what
// this measures; tests/parallelism/experiment_test.cpp holds the verdict's rules.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include <parallelism/cpu_workload.hpp>
#include <parallelism/io_workload.hpp>
#include <parallelism/measure.hpp>
#include <parallelism/verdict.hpp>

namespace racelab::parallelism {

inline double ms(Duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

// One I/O-bound mode's run, and how many tasks it had to complete.
struct IoRow {
  std::string_view key;  // the mode's name in the program's JSON
  IoRun run;
  std::size_t expected = 0;
};

// One CPU-bound mode's kept run: the fastest of the rounds, or the first with a wrong total.
struct CpuRow {
  std::string_view key;
  CpuRun run;
};

// What the program concludes, in the order of precedence: a wrong total is wrong on any
// machine, so it is judged before whether the time can be.
enum class Verdict { wrong, measured, one_core, unmeasurable, parallel, serialized };

inline constexpr std::string_view name_of(Verdict verdict) {
  switch (verdict) {
    case Verdict::wrong: return "wrong";
    case Verdict::measured: return "measured";
    case Verdict::one_core: return "one_core";
    case Verdict::unmeasurable: return "unmeasurable";
    case Verdict::parallel: return "parallel";
    case Verdict::serialized: return "serialized";
  }
  return "?";
}

struct Results {
  unsigned cores = 1;
  bool cores_asked = false;  // --cores: one core is then the lesson, not a machine's limit
  std::vector<IoRow> io;
  std::vector<CpuRow> cpu;  // serial first: every speedup is over it
  Total expected_total = 0;
  double serial_fraction = 0;
  std::vector<ParallelismRound> rounds;  // the ceiling and the pool of each round

  [[nodiscard]] const IoRow* io_row(std::string_view key) const {
    const auto found = std::ranges::find(io, key, &IoRow::key);
    return found == io.end() ? nullptr : &*found;
  }
  [[nodiscard]] const CpuRow* cpu_row(std::string_view key) const {
    const auto found = std::ranges::find(cpu, key, &CpuRow::key);
    return found == cpu.end() ? nullptr : &*found;
  }
  [[nodiscard]] bool io_complete() const {
    return std::ranges::all_of(io,
                               [](const IoRow& row) { return row.run.completed == row.expected; });
  }
  [[nodiscard]] bool exact() const {
    return std::ranges::all_of(cpu,
                               [&](const CpuRow& row) { return row.run.total == expected_total; });
  }
  [[nodiscard]] double speedup(const CpuRow& row) const {
    return ms(cpu.front().run.measurement.wall) / ms(row.run.measurement.wall);
  }
  [[nodiscard]] unsigned cores_used(const CpuRow& row) const {
    return std::min(row.run.measurement.threads, cores);
  }
  [[nodiscard]] double amdahl(const CpuRow& row) const {
    return amdahl_speedup(serial_fraction, cores_used(row));
  }
  [[nodiscard]] const CpuRow* pool() const { return cpu_row("pool"); }
  // The pool against the ceiling of the same rounds (verdict.hpp).
  [[nodiscard]] ParallelismJudgment parallelism() const {
    return judge_parallelism(cpu.front().run.measurement, rounds);
  }
  [[nodiscard]] Verdict verdict() const {
    if (!io_complete() || !exact()) return Verdict::wrong;
    if (cpu.empty()) return Verdict::measured;
    if (cores < 2) return cores_asked ? Verdict::one_core : Verdict::unmeasurable;
    switch (parallelism().verdict) {
      case Parallelism::parallel: return Verdict::parallel;
      case Parallelism::serialized: return Verdict::serialized;
      case Parallelism::unmeasurable: break;
    }
    return Verdict::unmeasurable;
  }
};

// The I/O-bound modes, one after another, into `results.io`; `on_row(results, row)` as each ends.
template <class OnRow>
void run_io_modes(const IoConfig& config, Results& results, OnRow on_row) {
  constexpr std::array<std::pair<std::string_view, IoRun (*)(const IoConfig&)>, 4> kModes{{
      {"serial", &io_serial},
      {"thread_per_task", &io_thread_per_task},
      {"pool", &io_pool},
      {"event_loop", &io_event_loop},
  }};
  for (const auto& [key, run] : kModes) {
    IoRow row{key, run(config), 0};
    row.expected = row.run.measurement.extrapolated ? std::min(config.serial_sample, config.tasks)
                                                    : config.tasks;
    results.io.push_back(row);
    on_row(results, results.io.back());
  }
}

// The CPU-bound modes, `runs` rounds of each, into `results.cpu`, with `run` (a variant's way of
// merging the sums) doing each run.
//
// The fastest of the rounds is kept: the one least disturbed by the rest of the machine (on a
// shared virtual machine, another guest can take a core away for a second). The rounds go round
// the modes, so one busy second costs each mode one run, not one mode all of its runs. A run
// whose total is wrong is kept instead, whatever its time: a result is never retried away. The
// ceiling runs in the same rounds as serial and the pool: the verdict compares the pool with what
// the machine gave threads sharing nothing at the same time (verdict.hpp).
inline void run_cpu_rounds(const CpuConfig& config, unsigned runs,
                           CpuRun (*run)(const CpuConfig&, CpuMode), Results& results) {
  constexpr std::array<std::pair<std::string_view, CpuMode>, 5> kModes{{
      {"serial", CpuMode::serial},
      {"ceiling", CpuMode::ceiling},
      {"pool", CpuMode::pool},
      {"oversubscribed", CpuMode::oversubscribed},
      {"global_lock", CpuMode::global_lock},
  }};
  results.expected_total = expected_total(config);
  std::array<CpuRun, kModes.size()> kept{};
  for (unsigned round_number = 0; round_number < runs; ++round_number) {
    ParallelismRound round;
    for (std::size_t mode = 0; mode < kModes.size(); ++mode) {
      if (round_number > 0 && kept[mode].total != results.expected_total) continue;
      CpuRun next = run(config, kModes[mode].second);
      if (kModes[mode].second == CpuMode::ceiling) round.ceiling = next.measurement;
      if (kModes[mode].second == CpuMode::pool) round.pool = next.measurement;
      if (round_number == 0 || next.total != results.expected_total ||
          next.measurement.wall < kept[mode].measurement.wall) {
        kept[mode] = next;
      }
    }
    results.rounds.push_back(round);
  }
  for (std::size_t mode = 0; mode < kModes.size(); ++mode) {
    results.cpu.push_back({kModes[mode].first, kept[mode]});
  }
  const CpuRun& serial = results.cpu.front().run;
  results.serial_fraction = ms(serial.serial_part) / ms(serial.measurement.wall);
}

}  // namespace racelab::parallelism
