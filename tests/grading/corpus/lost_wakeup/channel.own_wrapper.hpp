// corpus: valid: the channel kept behind a unique_ptr, pop() written as a loop-free receive
// fails: none
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include <racelab/sync.hpp>

#include "job_queue.hpp"

namespace racelab::lost_wakeup::using_channel {

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : jobs_(std::make_unique<sync::channel<Job>>(capacity)) {}

  bool push(Job job) { return jobs_->send(job); }
  std::optional<Job> pop() {
    std::optional<Job> job = jobs_->receive();
    return job;
  }
  void close() { jobs_->close(); }

 private:
  const std::unique_ptr<sync::channel<Job>> jobs_;
};

}  // namespace racelab::lost_wakeup::using_channel
