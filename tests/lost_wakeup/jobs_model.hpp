// jobs_model.hpp — the job queue as Relacy test suites.
//
// The same queue code as the real program, with threads that are Relacy's.
//
// JobsModel: `Producers` threads push `JobsEach` numbered jobs each into a queue of `Capacity`
// slots; the last producer to finish closes it; `Consumers` threads pop until pop() says closed
// and drained. Every job must be popped exactly once (C2, C3), every push must be accepted (nobody
// closes before the last producer is done, C4), and every thread must finish: a thread left asleep
// with nothing left to wake it is Relacy's DEADLOCK, which is how a lost wake-up shows in a model
// (C5). Under the random search Relacy also wakes a condition variable's waiters spuriously, as
// the standard allows, so a wait that does not test its condition again after waking fails there
// (its consumer pops from an empty ring, and a job is popped twice).
//
// CloseModel: the close comes at any moment, while the producer may be waiting for room that
// nobody will make and the consumer for a job (C4: close() wakes every waiting thread; C5:
// whenever it comes); a push after it is refused (C4); and no push returns while the queue is full
// (C1).
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

// C1, seen from outside the queue: a job is in it from before its push returns until after its
// pop begins, so the pushes returned, less the pops begun, are at most the jobs it holds. A push
// that returns while the queue is full makes that difference exceed the capacity, in the
// interleaving where no pop has begun since. Test machinery, seq_cst: a pop begun before the
// room a push took was made is counted when that push reads the count.
class BoundWatch {
 public:
  void pop_begins() { pops_begun_.fetch_add(1); }
  // After each push that returned true.
  [[nodiscard]] bool push_returned_within(std::size_t capacity) {
    const unsigned returned = pushes_returned_.fetch_add(1) + 1;
    return returned <= pops_begun_.load() + capacity;
  }

 private:
  sync::atomic<unsigned> pushes_returned_{0};
  sync::atomic<unsigned> pops_begun_{0};
};

// Three threads on a queue of one slot: a producer pushing three jobs, a consumer popping once,
// and a thread that closes the queue at any moment and then pushes a job of its own; after them,
// the test pops what is left until pop() says closed and drained. With one pop for three jobs the
// producer waits for room with nobody left to make it in some interleavings, and the consumer
// waits for a job in others, so the close must wake either (C4, C5). Any job of the producer's may
// be refused, if the close came first; the closer's must be (C4). An accepted job must be popped
// exactly once and a refused one never (C2, C3); no push may return while the slot is taken
// (C1); and every thread must return, whatever it was waiting for when the close came (else a
// DEADLOCK).
template <JobQueueLike Queue>
struct CloseModel : rl::test_suite<CloseModel<Queue>, 3> {
  static constexpr unsigned kJobs = 3;  // the producer's; the closer's is job kJobs

  Queue queue{1};
  // Test machinery; after() reads them once every thread has finished.
  std::array<sync::atomic<unsigned>, kJobs> times_accepted{};
  std::array<sync::atomic<unsigned>, kJobs> times_popped{};
  BoundWatch bound;

  void popped(const Job job) {
    RL_ASSERT(job < kJobs);  // the closer's job, refused or not, or one never pushed
    if (job < kJobs) times_popped[job].fetch_add(1, std::memory_order_relaxed);
  }

  void thread(unsigned index) {
    if (index == 0) {
      for (unsigned job = 0; job < kJobs; ++job) {
        if (!queue.push(job)) continue;
        RL_ASSERT(bound.push_returned_within(1));  // C1
        times_accepted[job].fetch_add(1, std::memory_order_relaxed);
      }
    } else if (index == 1) {
      bound.pop_begins();
      if (const std::optional<Job> job = queue.pop()) popped(*job);
    } else {
      queue.close();
      RL_ASSERT(!queue.push(kJobs));  // C4: after close(), refused
    }
  }

  void after() {
    // Every thread has returned, and the queue is closed: what it holds comes out, then nullopt.
    while (const std::optional<Job> job = queue.pop()) popped(*job);
    for (unsigned job = 0; job < kJobs; ++job) {
      // Accepted: popped once (C2, C3). Refused: never queued (C4).
      RL_ASSERT(times_popped[job].load(std::memory_order_relaxed) ==
                times_accepted[job].load(std::memory_order_relaxed));
    }
  }
};

}  // namespace racelab::lost_wakeup
