// Reference: the queue is a channel; the waiting is written once, in the sync layer.
//
// A bounded job queue with a shutdown is exactly what racelab's sync::channel is
// (labs/common/racelab/sync/channel.hpp): send blocks while full, receive while empty, close
// wakes everyone, and receive returns std::nullopt only once closed and drained. Its waits are
// predicate loops under its lock, checked by its own model checks (tests/sync). So the fix is
// to write no wait at all: each operation hands over to the channel.
//
// What it gives up: nothing in behaviour; in control, the choice of how to wait (the channel
// notifies one waiter per change, under its lock).
#pragma once

#include <cstddef>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_channel {

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : jobs_(capacity) {}

  bool push(Job job) { return jobs_.send(job); }
  std::optional<Job> pop() { return jobs_.receive(); }
  void close() { jobs_.close(); }

 private:
  sync::channel<Job> jobs_;
};

}  // namespace racelab::lost_wakeup::using_channel
