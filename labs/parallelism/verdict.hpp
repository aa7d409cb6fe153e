// verdict.hpp — whether a pool ran in parallel, judged against what this machine gave threads
// that share nothing, measured in the same rounds. The program (main.cpp) and the checks
// (tests/parallelism) judge by this one rule.
//
// A fixed bound on the pool's speedup ("at least 1.5x on two cores") encodes the machine it was
// tuned on: two idle cores give ~1.9x, a core shared with another job ~1.4x, one core 1.0x. So each
// round also runs the ceiling (cpu_workload.hpp): the same work on the same number of threads, each
// adding into a local of its own. Its gain over serial is what two threads get here and now; the
// pool is parallel when it keeps a good share of that gain, serialized when it does not.
#pragma once

#include <chrono>
#include <span>
#include <string>

#include <fmt/format.h>

#include "measure.hpp"

namespace racelab::parallelism {

// The pool is parallel when it gains at least half of what the ceiling gains over serial. A fix
// merges once per chunk of a million terms and keeps nearly all of the ceiling's gain (70% to
// 100% measured beside other work, more when idle); a pool whose workers take turns keeps none
// (the shipped bug: -5% to 5% where measurable). The line sits halfway, as far from both as it
// can be.
inline constexpr double kShareOfCeilingGain = 0.5;

// Below this the claim cannot be measured here: one core, or cores so busy that threads sharing
// nothing barely beat one. At 1.5x the line sits 0.25x above a serialized pool's 1.0x and 0.25x
// below the ceiling: beside other work the pool and the ceiling of one round differ by up to 20%
// (measured: a reference kept 15% of a 1.32x ceiling, so 1.3x was too close).
inline constexpr double kCeilingSpeedupAtLeast = 1.5;

// Nor can it when the serial run itself got less than 40% of a core (its CPU time over its wall
// time): the machine's other work then decides every wall time, and it comes and goes between one
// run and the next. An idle machine or a hog on one core leaves the serial run a whole core, a
// hog on each core half of one; beside builds that load both cores six times over, a serialized
// pool "kept" 97% of the ceiling's gain when the serial run had a core's 33%, and 56% at 26%.
inline constexpr double kSerialShareOfACoreAtLeast = 0.4;

// The cause, where the kernel shows it (WorkerTimes): a pool whose workers spent at least a
// quarter of their lives blocked took turns. On two cores the shipped bug's two workers block for
// about half of theirs (one waits while the other computes under the lock), idle or beside a hog
// on each core (measured: 50%); the fixes' block for a few percent (3% to 5%: a merge per chunk).
// So this decides where speedups cannot. It does not decide everything: where the scheduler puts
// both workers on one core (a hog on the other), the one woken by the other's unlock mostly waits
// for that core instead (measured: 5% blocked, 45% waiting), and the speedup rule below, or NOT
// MEASURABLE, decides.
inline constexpr double kBlockedShareOfTakingTurns = 0.25;

// Speedups are compared only where the pool's workers waited for a CPU (runnable, while the
// machine ran something else) for at most a fifth of their lives: beyond that the machine's other
// work decides the pool's wall time. Seen with a CPU hog on each core: a reference's pool at
// 1.22x beside a 1.62x ceiling in the same round, which the speedup rule alone called SERIALIZED.
inline constexpr double kWaitingShareForSpeedupsAtMost = 0.2;

enum class Parallelism { parallel, serialized, unmeasurable };

struct ParallelismJudgment {
  Parallelism verdict = Parallelism::unmeasurable;
  double pool_speedup = 0;        // over serial, wall time
  double ceiling_speedup = 0;     // over serial, wall time
  double share_of_gain = 0;       // of the ceiling's gain that the pool kept: 1 all, 0 none
  double serial_core_share = 0;   // the serial run's CPU time over its wall time
  unsigned threads = 0;           // the ceiling's, as the pool's
  bool workers_measured = false;  // whether the kernel told the pool's workers' times
  double blocked_share = 0;       // of the pool's workers' lives: blocked on each other
  double waiting_share = 0;       // of the pool's workers' lives: waiting for a CPU
  bool took_turns = false;        // blocked_share reached kBlockedShareOfTakingTurns

  // Why the claim cannot be measured here, in one line; empty when it can.
  [[nodiscard]] std::string unmeasurable_because() const {
    if (verdict != Parallelism::unmeasurable) return {};
    if (workers_measured && waiting_share > kWaitingShareForSpeedupsAtMost) {
      return fmt::format("the pool's workers waited for a CPU for {:.0f}% of their time (at "
                         "most {:.0f}% to compare speedups), and blocked on each other for only "
                         "{:.0f}%: its cores are busy with other work",
                         100 * waiting_share, 100 * kWaitingShareForSpeedupsAtMost,
                         100 * blocked_share);
    }
    if (serial_core_share < kSerialShareOfACoreAtLeast) {
      return fmt::format("this machine gave one thread {:.0f}% of a core (at least {:.0f}% is "
                         "needed): its cores are busy with other work",
                         100 * serial_core_share, 100 * kSerialShareOfACoreAtLeast);
    }
    return fmt::format("this machine gave {} threads sharing nothing {:.2f}x of one (at least "
                       "{:.2f}x is needed): {}",
                       threads, ceiling_speedup, kCeilingSpeedupAtLeast,
                       threads < 2 ? "one thread cannot run in parallel"
                                   : "one core, or cores busy with other work");
  }
};

inline double wall_seconds(const Measurement& m) {
  return std::chrono::duration<double>(m.wall).count();
}

// The ceiling and the pool of one round, run one after the other: what the rest of the machine
// did to one, it did to the other. Comparing the fastest ceiling of all rounds with the fastest
// pool would set a lull against a busy second (seen: a reference "kept" 10% of a 1.97x ceiling).
struct ParallelismRound {
  Measurement ceiling;
  Measurement pool;
};

// `serial` is the fastest serial run of the rounds: the least disturbed, so that nothing runs
// faster than it for want of a second core. The verdict is the best round's: a pool whose
// workers take turns is no faster than that serial run in any round, so one round where the pool
// kept half of its ceiling's gain shows that its workers computed at once.
inline ParallelismJudgment judge_parallelism(const Measurement& serial,
                                             std::span<const ParallelismRound> rounds) {
  ParallelismJudgment best;
  bool measurable = false;
  for (const ParallelismRound& round : rounds) {
    ParallelismJudgment judged;
    judged.threads = round.ceiling.threads;
    judged.pool_speedup = wall_seconds(serial) / wall_seconds(round.pool);
    judged.ceiling_speedup = wall_seconds(serial) / wall_seconds(round.ceiling);
    judged.serial_core_share =
        std::chrono::duration<double>(serial.cpu).count() / wall_seconds(serial);
    // Where the ceiling gained nothing there was no gain to keep: 0, not a division by zero.
    judged.share_of_gain =
        judged.ceiling_speedup > 1 ? (judged.pool_speedup - 1) / (judged.ceiling_speedup - 1) : 0;
    const WorkerTimes& workers = round.pool.workers;
    judged.workers_measured = workers.measured;
    judged.blocked_share = workers.share(workers.blocked());
    judged.waiting_share = workers.share(workers.waiting);
    judged.took_turns = workers.measured && judged.blocked_share >= kBlockedShareOfTakingTurns;
    const bool undisturbed =
        !workers.measured || judged.waiting_share <= kWaitingShareForSpeedupsAtMost;
    const bool speedups_comparable =
        judged.threads >= 2 && judged.ceiling_speedup >= kCeilingSpeedupAtLeast &&
        judged.serial_core_share >= kSerialShareOfACoreAtLeast && undisturbed;
    const bool round_measurable = judged.took_turns || speedups_comparable;
    judged.verdict = !round_measurable                             ? Parallelism::unmeasurable
                     : judged.took_turns                           ? Parallelism::serialized
                     : judged.share_of_gain >= kShareOfCeilingGain ? Parallelism::parallel
                                                                   : Parallelism::serialized;
    // A measurable round beats any that is not; among those alike, the larger share wins (where
    // none is measurable, the largest ceiling says how close the machine came).
    const bool better = &round == rounds.data() || (round_measurable && !measurable) ||
                        (round_measurable == measurable &&
                         (measurable ? judged.share_of_gain > best.share_of_gain
                                     : judged.ceiling_speedup > best.ceiling_speedup));
    if (better) {
      best = judged;
      measurable = round_measurable;
    }
  }
  return best;
}

}  // namespace racelab::parallelism
