// job_queue.hpp — what every job queue of this lab promises (its contract), and the ring of slots
// they all keep their jobs in.
//
// A bounded job queue between producer threads and consumer threads, with a shutdown:
//
//   explicit JobQueue(std::size_t capacity)   capacity >= 1
//   bool push(Job job)                        a producer hands over one job
//   std::optional<Job> pop()                  a consumer takes one
//   void close()                              no more jobs will come
//
// The contract, clause by clause (the README lists the checks that hold each one):
//   C1 (bound)      the queue never holds more than `capacity` jobs: push() waits while it is full.
//   C2 (once)       every job whose push() returned true is returned by exactly one pop().
//   C3 (drain)      pop() waits while the queue is open and empty, and returns std::nullopt only
//                   once it is closed *and* empty: jobs pushed before close() are still popped.
//   C4 (shutdown)   after close(), push() returns false without queueing; close() wakes every
//                   thread waiting in push() or pop(), which then return.
//   C5 (no lost wake-up)  a thread that waits is woken by the change it waits for, whenever that
//                   change happens: a job pushed, room made, the queue closed. No interleaving of
//                   the threads leaves one asleep while what it waits for is there, and a
//                   spurious wake-up (which the standard allows any condition variable) breaks
//                   none of C1-C4.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <racelab/sync.hpp>

namespace racelab::lost_wakeup {

using Job = std::uint64_t;

template <class Queue>
concept JobQueueLike = std::constructible_from<Queue, std::size_t> &&
    requires(Queue& queue, Job job) {
  { queue.push(job) } -> std::same_as<bool>;
  { queue.pop() } -> std::same_as<std::optional<Job>>;
  queue.close();
};

// The jobs themselves, in `capacity` slots used in a circle. Not synchronized at all: each queue
// guards it with its own technique. Its state is sync::vars, so that the model check sees every
// access, and reports two threads in it at once as a DATA RACE.
class JobRing {
 public:
  explicit JobRing(std::size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}
  JobRing(const JobRing&) = delete;
  JobRing& operator=(const JobRing&) = delete;

  [[nodiscard]] std::size_t capacity() const { return slots_.size(); }
  [[nodiscard]] std::size_t size() const { return count_.read(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] bool full() const { return size() == capacity(); }

  // Only when not full(), and only when not empty(): a queue that calls them otherwise breaks C1 or
  // C2, and the checks say which.
  void push_back(Job job) {
    const std::size_t count = count_.read();
    slots_[(head_.read() + count) % slots_.size()].write(job);
    count_.write(count + 1);
  }
  Job pop_front() {
    const std::size_t head = head_.read();
    const Job job = slots_[head].read();
    head_.write((head + 1) % slots_.size());
    count_.write(count_.read() - 1);
    return job;
  }

 private:
  std::vector<sync::var<Job>> slots_;
  sync::var<std::size_t> head_{0};
  sync::var<std::size_t> count_{0};
};

}  // namespace racelab::lost_wakeup
