// jobs_model.hpp — the job queue as a Relacy test suite.
//
// The same queue code as the real program, with threads that are Relacy's. `Producers` threads
// push `JobsEach` numbered jobs each into a queue of `Capacity` slots; the last producer to finish
// closes it; `Consumers` threads pop until pop() says closed and drained. Every job must be
// popped exactly once (C2, C3), every push must be accepted (nobody closes before the last
// producer is done, C4), and every thread must finish: a thread left asleep with nothing left to
// wake it is Relacy's DEADLOCK, which is how a lost wake-up shows in a model (C5). Under the random
// search Relacy also wakes a condition variable's waiters spuriously, as the standard allows, so a
// wait that does not test its condition again after waking fails there (its consumer pops from an
// empty ring, and a job is popped twice).
#pragma once

#include "model_check.hpp"

#include <array>

#include <lost_wakeup/job_queue.hpp>

namespace racelab::lost_wakeup {

template <JobQueueLike Queue, unsigned Producers, unsigned Consumers, unsigned JobsEach,
          std::size_t Capacity>
struct JobsModel : rl::test_suite<JobsModel<Queue, Producers, Consumers, JobsEach, Capacity>,
                                  Producers + Consumers> {
  static constexpr unsigned kJobs = Producers * JobsEach;

  Queue queue{Capacity};
  // Test machinery, not the system under test: relaxed is enough, since after() runs once every
  // thread has finished.
  std::array<sync::atomic<unsigned>, kJobs> times_popped{};
  sync::atomic<unsigned> producers_done{0};

  void thread(unsigned index) {
    if (index < Producers) {
      for (unsigned i = 0; i < JobsEach; ++i) RL_ASSERT(queue.push(index * JobsEach + i));
      if (producers_done.fetch_add(1, std::memory_order_acq_rel) + 1 == Producers) queue.close();
      return;
    }
    while (const std::optional<Job> job = queue.pop()) {
      RL_ASSERT(*job < kJobs);  // a job never pushed: a slot read that no push wrote
      if (*job < kJobs) times_popped[*job].fetch_add(1, std::memory_order_relaxed);
    }
  }

  void after() {
    for (const sync::atomic<unsigned>& popped : times_popped) {
      RL_ASSERT(popped.load(std::memory_order_relaxed) == 1);
    }
  }
};

}  // namespace racelab::lost_wakeup
