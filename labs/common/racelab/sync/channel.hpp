// racelab/sync/channel.hpp — a bounded, blocking, closable channel for message passing.
//
// Written once on top of sync::mutex and sync::condition_variable, so the same code is what runs
// in real builds and what Relacy checks in model builds (tests/sync/channel_model_test.cpp).
//
//   send(value)   blocks while the channel is full; returns false if it was closed
//   receive()     blocks while it is empty; returns std::nullopt once closed *and* drained,
//                 so a receiver never loses a message sent before close()
//   close()       wakes every waiter; later sends fail, pending messages are still received
//
// The bound is the point: an unbounded queue hides a producer that outruns its consumer until the
// memory runs out, while a full bounded channel pushes back on the producer.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include <racelab/sync.hpp>

namespace racelab::sync {

template <class T>
class channel {
 public:
  explicit channel(std::size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}
  channel(const channel&) = delete;
  channel& operator=(const channel&) = delete;

  bool send(T value) {
    unique_lock<mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_.read() || count_.read() < slots_.size(); });
    if (closed_.read()) return false;
    const std::size_t count = count_.read();
    slots_[(head_.read() + count) % slots_.size()] = std::move(value);
    count_.write(count + 1);
    // Notify while still holding the lock: a receiver cannot miss the wake-up between testing its
    // predicate and going to sleep, and cannot destroy the channel while we still touch it.
    not_empty_.notify_one();
    return true;
  }

  std::optional<T> receive() {
    unique_lock<mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_.read() || count_.read() > 0; });
    const std::size_t count = count_.read();
    if (count == 0) return std::nullopt;  // closed and drained
    const std::size_t head = head_.read();
    std::optional<T> value(std::move(slots_[head]));
    head_.write((head + 1) % slots_.size());
    count_.write(count - 1);
    not_full_.notify_one();
    return value;
  }

  void close() {
    const lock_guard<mutex> lock(mutex_);
    closed_.write(true);
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  mutex mutex_;
  condition_variable not_full_;
  condition_variable not_empty_;
  // The slots are plain storage: every access happens under mutex_, at an index computed from
  // head_ and count_, which are var<>s, so the model check sees every access that guards a slot.
  std::vector<T> slots_;
  var<std::size_t> head_{0};
  var<std::size_t> count_{0};
  var<bool> closed_{false};
};

}  // namespace racelab::sync
