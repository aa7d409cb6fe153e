// racelab/loop/heartbeat.hpp — a task that ticks every few milliseconds and keeps how late each
// tick was: the loop's pulse. A free loop ticks within microseconds of the deadline; a loop that
// a handler has blocked for 300 ms ticks once, 300 ms late, when it is free again.
//
// Each tick sleeps one period from *now*, not from the last deadline: after a stall the heartbeat
// reports one late tick, instead of firing a burst of catch-up ticks that would hide the stall in
// the percentiles.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include <racelab/loop/event_loop.hpp>

namespace racelab::loop {

struct LagSummary {
  std::size_t samples = 0;
  Duration p50{};
  Duration p99{};
  Duration max{};
};

// Nearest-rank percentiles: the p-th percentile is the smallest sample that at least p percent of
// the samples do not exceed, so it is always a lag that was actually measured.
inline LagSummary summarize(std::vector<Duration> lags) {
  LagSummary summary;
  summary.samples = lags.size();
  if (lags.empty()) return summary;
  std::sort(lags.begin(), lags.end());
  const auto percentile = [&](std::size_t percent) {
    const std::size_t rank = (percent * lags.size() + 99) / 100;  // ceil(p/100 * n), 1-based
    return lags[std::clamp<std::size_t>(rank, 1, lags.size()) - 1];
  };
  summary.p50 = percentile(50);
  summary.p99 = percentile(99);
  summary.max = lags.back();
  return summary;
}

class Heartbeat {
 public:
  explicit Heartbeat(Duration period) : period_(period) {}

  // Spawn this: loop.spawn(heartbeat.beat(loop), "heartbeat"). It ticks until stop().
  Task beat(EventLoop& loop) {
    while (!stopped_) lags_.push_back(co_await loop.sleep(period_));
  }

  // Loop thread. The heartbeat returns after its current tick.
  void stop() { stopped_ = true; }

  [[nodiscard]] LagSummary summary() const { return summarize(lags_); }
  [[nodiscard]] Duration period() const { return period_; }

 private:
  Duration period_;
  bool stopped_ = false;
  std::vector<Duration> lags_;
};

}  // namespace racelab::loop
