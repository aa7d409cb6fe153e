// merge_model.hpp — the merge step as a Relacy test suite.
//
// Two workers each add one small chunk to the same sum. How the precision changes:
//   none        it does not: the total is the two chunks at the start's precision;
//   meanwhile   a third thread changes it while the workers add, so each chunk may be computed at
//               the old or the new one: the total must be one of those four sums, exactly;
//   first       worker 0 changes it and then adds its chunk, which must use the new precision
//               (contract C4), while worker 1 adds its own at either.
// Nothing may race. A message-passing sum's owner thread (serve()) comes on top. The last
// participant to finish checks the total (or, for an owned sum, closes it, and the owner checks
// once serve() has returned).
#pragma once

#include "model_check.hpp"

#include <parallelism/roots.hpp>

namespace racelab::parallelism {

inline constexpr unsigned kModelWorkers = 2;

enum class Reconfiguration { none, meanwhile, first };

template <SumOfRootsLike Sum, Reconfiguration Mode>
struct MergeModel : rl::test_suite<MergeModel<Sum, Mode>,
                                   kModelWorkers + (Mode == Reconfiguration::meanwhile ? 1 : 0) +
                                       (OwnedSum<Sum> ? 1 : 0)> {
  static constexpr unsigned kParticipants =
      kModelWorkers + (Mode == Reconfiguration::meanwhile ? 1 : 0);
  static constexpr unsigned kOwner = kParticipants;  // the thread index of an owned sum's owner
  static constexpr unsigned kBefore = 4;             // precision at the start, and after
  static constexpr unsigned kAfter = 8;              // a reconfiguration
  static constexpr Chunk kChunks[kModelWorkers] = {{.first = 2, .count = 2},
                                                   {.first = 7, .count = 2}};

  Sum sum{kBefore};
  // Test machinery, not the system under test. acq_rel makes the last participant's read of the
  // total happen after every add(), as the join does in the program.
  sync::atomic<unsigned> finished{0};

  static bool allowed(Total total) {
    const Total first_before = chunk_sum(kChunks[0], kBefore);
    const Total second_before = chunk_sum(kChunks[1], kBefore);
    const Total first_after = chunk_sum(kChunks[0], kAfter);
    const Total second_after = chunk_sum(kChunks[1], kAfter);
    switch (Mode) {
      case Reconfiguration::none: return total == first_before + second_before;
      case Reconfiguration::first:
        return total == first_after + second_before || total == first_after + second_after;
      case Reconfiguration::meanwhile: break;
    }
    return total == first_before + second_before || total == first_before + second_after ||
           total == first_after + second_before || total == first_after + second_after;
  }

  void thread(unsigned index) {
    if constexpr (OwnedSum<Sum>) {
      if (index == kOwner) {
        sum.serve();
        RL_ASSERT(allowed(sum.total()));
        return;
      }
    }
    if (index < kModelWorkers) {
      if (Mode == Reconfiguration::first && index == 0) sum.set_precision(kAfter);
      sum.add(kChunks[index]);
    } else {
      sum.set_precision(kAfter);
    }
    if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kParticipants) {
      if constexpr (OwnedSum<Sum>) {
        sum.close();
      } else {
        RL_ASSERT(allowed(sum.total()));
      }
    }
  }
};

}  // namespace racelab::parallelism
