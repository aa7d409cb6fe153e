// corpus: wrong: a channel with room for 1,024 jobs, whatever capacity it is given
// fails: model
#pragma once

#include <cstddef>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_channel {

class JobQueue {
 public:
  explicit JobQueue(std::size_t /*capacity*/) : jobs_(1024) {}  // roomy, so nobody waits

  bool push(Job job) { return jobs_.send(job); }
  std::optional<Job> pop() { return jobs_.receive(); }
  void close() { jobs_.close(); }

 private:
  sync::channel<Job> jobs_;
};

}  // namespace racelab::lost_wakeup::using_channel
