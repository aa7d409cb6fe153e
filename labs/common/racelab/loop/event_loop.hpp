// racelab/loop/event_loop.hpp — a small single-threaded event loop with C++20 coroutine tasks.
//
// A teaching model of what libuv (Node), asyncio and every other event loop do, small enough to
// read in one sitting:
//
//   one thread       every handler runs on the thread that called run(), one at a time, to
//                    completion: no handler is ever interrupted by another, so loop-only state
//                    needs no lock. The price: a handler that blocks stops *everything*.
//   timers           `co_await loop.sleep(200ms)` parks the coroutine in a heap ordered by
//                    deadline; one timerfd, armed for the earliest deadline, wakes the loop.
//   other threads    `loop.post(name, fn)` (any thread) queues fn for the loop thread and wakes it
//                    through an eventfd (cross_thread_queue.hpp has the protocol); a Posted<T> is
//                    a value another thread delivers and a coroutine `co_await`s.
//   epoll            the loop sleeps in epoll_wait on those two file descriptors, and nowhere else.
//
// It measures itself, because a blocked loop is invisible from inside a handler:
//   timer lag        how late each timer fired (fire time - deadline): a loop that is free fires
//                    within microseconds, a blocked loop fires everything late at once;
//   slow handlers    every handler is timed; one whose own time runs past the budget is
//                    reported by name ("handler handle_request ran 503 ms, budget 20 ms"), as
//                    asyncio's debug mode does with its slow_callback_duration;
//   heartbeat        heartbeat.hpp adds a task that ticks every few milliseconds and keeps the
//                    lag of every tick, for percentiles.
//
// Whose fault is a late timer? On a busy machine the loop thread is sometimes runnable and not
// running (descheduled: the OS gave its core to another program), and a handler that ran for
// 40 ms of wall time may have run for 40 us. So the loop also reads how long its thread waited
// for a CPU (runqueue_clock.hpp) and splits each figure in two:
//   own time         wall time minus the time the thread was descheduled: running, or blocked
//                    (on a lock, a sleep, a read). The code's doing; the budget applies to this.
//   descheduled      the machine's doing: reported, never blamed on the code.
// A handler is slow when its own time exceeds the budget. A timer's lag is blamed on the code as
// far as the code's handlers were busy (own time) between its deadline and its firing; the rest
// is the machine's (or the loop's own steps'). The runqueue wait is read at most once a
// millisecond (kSampleEvery) and after any handler whose wall time passed the budget, so a slow
// handler's own time is exact to within that millisecond and never overstated; many short
// handlers share the wait of their millisecond with the loop's steps between them (take_sample).
// Where the kernel does not publish the wait (measures_descheduling() is false), nothing is
// subtracted: every wall time counts as the code's.
//
// Handlers have a Role: code (the default) or harness, the measurement's own machinery (a
// heartbeat, a supervisor). Harness handlers are timed and run like any other, but are never
// reported as slow, and their time never counts against a late timer.
//
// A handler that never returns (one that waits for something only the loop could make happen)
// stops the loop for good, and nothing inside the loop can say so. progress() and in_flight() are
// for a watchdog on another thread (racelab/watchdog.hpp): the count of handlers run, and the
// handler the loop thread is inside, and since when.
//
// Linux only (epoll, timerfd, eventfd). Not thread-safe except post(), Posted<T>::deliver(),
// progress() and in_flight().
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <racelab/loop/cross_thread_queue.hpp>
#include <racelab/loop/runqueue_clock.hpp>

namespace racelab::loop {

// steady_clock is CLOCK_MONOTONIC on Linux, the clock the timerfd below is armed on.
using Clock = std::chrono::steady_clock;
using Duration = Clock::duration;

class EventLoop;

// Whose time a handler's is: the code being measured, or the measurement's own machinery.
enum class Role : bool { code, harness };

// A coroutine the loop runs. Create one by calling a coroutine function that returns Task; it does
// not start until EventLoop::spawn hands it to a loop, which then owns it: the frame is destroyed
// when the coroutine returns. An exception that escapes a task ends run(), which rethrows it.
class [[nodiscard]] Task {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  struct promise_type {
    EventLoop* loop = nullptr;
    // The name the loop's reports use for every handler this task runs, and whose they are.
    std::string_view name = "task";
    Role role = Role::code;

    Task get_return_object() noexcept { return Task(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept;
    void return_void() noexcept {}
    void unhandled_exception() noexcept;
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&&) = delete;
  Task(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();  // never spawned
  }

 private:
  friend class EventLoop;
  explicit Task(Handle handle) noexcept : handle_(handle) {}
  Handle handle_;
};

// A handler whose own time ran past the budget.
struct SlowHandler {
  std::string name;
  Duration wall;         // from its start to its end
  Duration descheduled;  // of the wall time: the loop thread was runnable but not running

  // Running or blocked: the handler's own doing.
  [[nodiscard]] Duration own() const { return wall - descheduled; }
};

class EventLoop {
 public:
  static constexpr std::size_t kSlowHandlersKept = 32;
  // How often, at most, the loop reads its thread's runqueue wait while it works; own times are
  // exact to within this. A read costs about 5 us: well under 1% of the time it covers.
  static constexpr Duration kSampleEvery = std::chrono::milliseconds(1);

  // What sleep() and sleep_until() return: co_await it in a Task.
  struct TimerAwaiter {
    EventLoop& loop;
    Clock::time_point deadline;
    Duration lag{};

    bool await_ready() const noexcept { return false; }
    void await_suspend(Task::Handle waiter) {
      loop.timers_.push(Timer{deadline, loop.next_timer_sequence_++, waiter, &lag});
    }
    Duration await_resume() const noexcept { return lag; }
  };

  // Handlers that run longer than `handler_budget` are reported (slow_handlers()).
  explicit EventLoop(Duration handler_budget = std::chrono::milliseconds(20))
      : handler_budget_(handler_budget),
        epoll_(check(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
        timer_(
            check(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd_create")),
        wake_(check(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd")),
        waker_{wake_.fd},
        posted_(waker_) {
    watch(timer_.fd);
    watch(wake_.fd);
  }
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  // Tasks still waiting for a timer, or never started (run() ended early, by an exception), are
  // destroyed with the loop. A task waiting for a Posted<T> is the Posted's owner's to end.
  ~EventLoop() {
    for (const Task::Handle task : ready_) task.destroy();
    for (; !timers_.empty(); timers_.pop()) timers_.top().waiter.destroy();
  }

  // Hands `task` to the loop under `name` (which must outlive the task: a string literal, say);
  // it starts on the loop's next turn, or when run() starts. Loop thread only, or before run().
  void spawn(Task task, std::string_view name, Role role = Role::code) {
    const Task::Handle handle = std::exchange(task.handle_, {});
    handle.promise().loop = this;
    handle.promise().name = name;
    handle.promise().role = role;
    ++live_tasks_;
    ready_.push_back(handle);
  }

  // Runs `work` on the loop thread, soon. Any thread. `name` (a string literal, say) is what
  // slow-handler reports call it.
  void post(std::string_view name, std::function<void()> work, Role role = Role::code) {
    posted_.post(PostedWork{name, role, std::move(work)});
  }

  // `co_await loop.sleep(d)` suspends the calling task for at least d and evaluates to how late
  // it woke (the timer's lag). sleep_until takes a deadline instead.
  TimerAwaiter sleep(Duration duration) { return sleep_until(Clock::now() + duration); }
  TimerAwaiter sleep_until(Clock::time_point deadline) { return TimerAwaiter{*this, deadline}; }

  // Runs until every spawned task has returned, then returns (or rethrows the first exception a
  // task let escape). Work posted after that stays queued until the next run().
  void run() {
    runqueue_.attach_to_calling_thread();  // the loop thread is whichever thread runs the loop
    const Duration waited_before = runqueue_.waited();
    samples_.clear();  // another run() may have had another thread, with its own wait
    take_sample(Clock::now());
    while (!failure_) {
      run_ready_tasks();
      if (live_tasks_ == 0 || failure_) break;
      arm_timer();
      std::array<epoll_event, 2> events{};
      const int count = ::epoll_wait(epoll_.fd, events.data(), events.size(), -1);
      if (count < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "epoll_wait");
      }
      for (int i = 0; i < count; ++i) {
        if (events[i].data.fd == timer_.fd) fire_due_timers();
        if (events[i].data.fd == wake_.fd) run_posted_work();
      }
    }
    descheduled_ += runqueue_.waited() - waited_before;
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

  // What the loop measured about itself.
  [[nodiscard]] Duration worst_timer_lag() const { return worst_timer_lag_; }
  // The most that any timer's lag was the code's doing: its handlers' own time between the
  // timer's deadline and its firing. The rest of a lag is the machine's (see the top).
  [[nodiscard]] Duration worst_timer_lag_by_code() const { return worst_timer_lag_by_code_; }
  // How long, in all of run(), the loop thread was runnable but not running.
  [[nodiscard]] Duration descheduled() const { return descheduled_; }
  // Whether this kernel publishes the runqueue wait; if not, own time is wall time.
  [[nodiscard]] bool measures_descheduling() const { return runqueue_.available(); }
  [[nodiscard]] std::uint64_t timers_fired() const { return timers_fired_; }
  [[nodiscard]] std::uint64_t handlers_run() const {
    return handlers_run_.load(std::memory_order_relaxed);
  }
  // Any thread: the handlers run so far, for a racelab::Watchdog to watch.
  [[nodiscard]] const std::atomic<std::uint64_t>& progress() const { return handlers_run_; }
  // Any thread: the handler the loop thread is inside now, or nullopt between handlers.
  struct InFlight {
    std::string name;
    Role role = Role::code;
    Clock::time_point since;
  };
  [[nodiscard]] std::optional<InFlight> in_flight() const {
    const std::lock_guard<std::mutex> hold(in_flight_mutex_);
    return in_flight_;
  }
  [[nodiscard]] Duration handler_budget() const { return handler_budget_; }
  // The first kSlowHandlersKept slow code handlers, in the order they ran; slow_handler_count()
  // counts them all.
  [[nodiscard]] const std::vector<SlowHandler>& slow_handlers() const { return slow_handlers_; }
  [[nodiscard]] std::uint64_t slow_handler_count() const { return slow_handler_count_; }

 private:
  friend struct Task::promise_type;
  template <class T>
  friend class Posted;

  struct Timer {
    Clock::time_point deadline;
    std::uint64_t sequence;  // equal deadlines fire in the order they were set
    Task::Handle waiter;
    Duration* lag;  // where the waiter finds its lag when it resumes

    bool operator>(const Timer& other) const {
      return std::pair(deadline, sequence) > std::pair(other.deadline, other.sequence);
    }
  };

  struct PostedWork {
    std::string_view name;
    Role role;
    std::function<void()> work;
  };

  // A reading of the loop thread's runqueue wait, with the code's busy time at that moment.
  struct Sample {
    Clock::time_point at;
    Duration waited;     // the thread's runqueue wait so far
    Duration code_busy;  // the wall time of every code handler so far
    Duration code_own;   // the own time of every code handler so far (see take_sample)
  };

  // A file descriptor, closed once.
  struct Fd {
    int fd;
    explicit Fd(int descriptor) : fd(descriptor) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { ::close(fd); }
  };

  // The eventfd as a Waker: a counter the kernel keeps; epoll sees it readable while non-zero.
  struct EventFdWaker {
    int fd;
    void wake() const {
      const std::uint64_t one = 1;
      // A write fails only if the counter would overflow 2^64-2: the loop is readable then anyway.
      [[maybe_unused]] const auto written = ::write(fd, &one, sizeof one);
    }
    void clear() const {
      std::uint64_t count = 0;
      // EAGAIN (nothing to clear) is fine: the fd is non-blocking.
      [[maybe_unused]] const auto read = ::read(fd, &count, sizeof count);
    }
  };

  static int check(int result, const char* what) {
    if (result < 0) throw std::system_error(errno, std::generic_category(), what);
    return result;
  }

  void watch(int fd) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    check(::epoll_ctl(epoll_.fd, EPOLL_CTL_ADD, fd, &event), "epoll_ctl");
  }

  // Every handler goes through here: it is timed, and a slow code handler is reported by name.
  // The runqueue wait is read before it only if the last reading is over kSampleEvery old, and
  // after it only if its wall time passed the budget: own time can exceed the budget only then.
  template <class Handler>
  void run_handler(std::string_view name, Role role, Handler&& handler) {
    const Clock::time_point started = Clock::now();
    sample_if_stale(started);
    const Duration waited_before = samples_.back().waited;
    set_in_flight(InFlight{std::string(name), role, started});
    try {
      std::forward<Handler>(handler)();
    } catch (...) {
      set_in_flight(std::nullopt);
      throw;
    }
    set_in_flight(std::nullopt);
    const Clock::time_point finished = Clock::now();
    const Duration wall = finished - started;
    handlers_run_.fetch_add(1, std::memory_order_relaxed);
    if (role == Role::code) code_busy_ += wall;
    if (wall <= handler_budget_) return;
    take_sample(finished);
    // The wait since the reading before the start, which is at most kSampleEvery older than it:
    // a descheduling just before the handler may be subtracted too, never one missed.
    const Duration descheduled = std::min(wall, samples_.back().waited - waited_before);
    if (role == Role::harness || wall - descheduled <= handler_budget_) return;
    if (slow_handlers_.size() < kSlowHandlersKept) {
      slow_handlers_.push_back(SlowHandler{std::string(name), wall, descheduled});
    }
    ++slow_handler_count_;
  }

  // A lock, not atomics: the watchdog reads the name, and a name is more than one word. It is
  // taken twice per handler and never contended but by a watchdog's rare look.
  void set_in_flight(std::optional<InFlight> now) {
    const std::lock_guard<std::mutex> hold(in_flight_mutex_);
    in_flight_ = std::move(now);
  }

  void sample_if_stale(Clock::time_point now) {
    if (now - samples_.back().at >= kSampleEvery) take_sample(now);
  }

  // Keeps the readings that a pending timer may still need: those since the earliest pending
  // deadline, and the last one before it. Between two readings, the loop thread's wait is spread
  // over the code's handlers and everything else (the loop's own steps, harness handlers) in
  // proportion to their wall time: with readings a millisecond apart, and one around every
  // handler longer than the budget, a long handler's wait is its own, and a thousand short ones
  // share theirs with the steps between them.
  void take_sample(Clock::time_point now) {
    const Duration waited = runqueue_.waited();
    if (!samples_.empty()) {
      const Sample& last = samples_.back();
      const Duration code_wall = code_busy_ - last.code_busy;
      const Duration wall = now - last.at;
      if (code_wall > Duration{} && wall > Duration{}) {
        const double waiting = std::min(1.0, std::chrono::duration<double>(waited - last.waited) /
                                                 std::chrono::duration<double>(wall));
        code_own_ += std::chrono::duration_cast<Duration>(code_wall * (1.0 - waiting));
      }
    }
    samples_.push_back(Sample{now, waited, code_busy_, code_own_});
    const Clock::time_point oldest_needed = timers_.empty() ? now : timers_.top().deadline;
    while (samples_.size() >= 2 && samples_[1].at <= oldest_needed) samples_.pop_front();
  }

  // How much of a timer's lag the code's handlers' own time accounts for: their own time since
  // the last reading at or before the deadline, and their wall time since the latest reading
  // (under kSampleEvery of it: sample_if_stale has just run). Both ends may be up to kSampleEvery
  // off, which blames the code for at most about that much more of a lag.
  [[nodiscard]] Duration lag_by_code(Clock::time_point deadline, Duration lag) const {
    const auto after = std::upper_bound(
        samples_.begin(), samples_.end(), deadline,
        [](Clock::time_point point, const Sample& sample) { return point < sample.at; });
    const Sample& then = after == samples_.begin() ? samples_.front() : *std::prev(after);
    const Duration own_now = code_own_ + (code_busy_ - samples_.back().code_busy);
    return std::clamp(own_now - then.code_own, Duration{}, lag);
  }

  void run_ready_tasks() {
    while (!ready_.empty() && !failure_) {
      std::vector<Task::Handle> starting;
      starting.swap(ready_);
      for (const Task::Handle task : starting) {
        // Read the name first: the task may finish, and its frame go, inside resume().
        run_handler(task.promise().name, task.promise().role, [task] { task.resume(); });
      }
    }
  }

  void fire_due_timers() {
    std::uint64_t expirations = 0;
    [[maybe_unused]] const auto read = ::read(timer_.fd, &expirations, sizeof expirations);
    // Timers that fall due while this batch runs wait for the next turn, after posted work: a long
    // batch cannot starve the other threads' posts.
    const Clock::time_point now = Clock::now();
    while (!timers_.empty() && timers_.top().deadline <= now && !failure_) {
      const Clock::time_point firing = Clock::now();
      sample_if_stale(firing);  // before the pop: the readings kept are those the heap needs
      const Timer timer = timers_.top();
      timers_.pop();
      *timer.lag = firing - timer.deadline;
      worst_timer_lag_ = std::max(worst_timer_lag_, *timer.lag);
      worst_timer_lag_by_code_ =
          std::max(worst_timer_lag_by_code_, lag_by_code(timer.deadline, *timer.lag));
      ++timers_fired_;
      const Task::promise_type& waiter = timer.waiter.promise();
      run_handler(waiter.name, waiter.role, [&timer] { timer.waiter.resume(); });
    }
  }

  // An exception from posted work ends run() like one from a task, after the rest of the batch
  // has run: the items were already taken from the queue, and one may be another task's Posted.
  void run_posted_work() {
    for (PostedWork& posted : posted_.take_all()) {
      try {
        run_handler(posted.name, posted.role, posted.work);
      } catch (...) {
        task_failed(std::current_exception());
      }
    }
  }

  // A task a Posted<T> woke: it runs on the next turn, timed under its own name.
  void resume_soon(Task::Handle task) { ready_.push_back(task); }

  void arm_timer() {
    itimerspec when{};
    if (!timers_.empty()) {
      const auto since_epoch = timers_.top().deadline.time_since_epoch();
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
      when.it_value.tv_sec = static_cast<std::time_t>(seconds.count());
      when.it_value.tv_nsec = static_cast<long>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds).count());
      // All zeroes would disarm the timer; a deadline at the clock's epoch is long past anyway.
      if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) when.it_value.tv_nsec = 1;
    }
    check(::timerfd_settime(timer_.fd, TFD_TIMER_ABSTIME, &when, nullptr), "timerfd_settime");
  }

  void task_finished() { --live_tasks_; }
  void task_failed(std::exception_ptr error) {
    if (!failure_) failure_ = std::move(error);
  }

  Duration handler_budget_;
  Fd epoll_;
  Fd timer_;
  Fd wake_;
  EventFdWaker waker_;
  CrossThreadQueue<PostedWork, EventFdWaker> posted_;

  std::vector<Task::Handle> ready_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t next_timer_sequence_ = 0;
  std::size_t live_tasks_ = 0;
  std::exception_ptr failure_;

  RunqueueClock runqueue_;
  std::deque<Sample> samples_;  // oldest first; never empty while run() runs
  Duration code_busy_{};
  Duration code_own_{};  // as of the latest reading
  Duration descheduled_{};

  Duration worst_timer_lag_{};
  Duration worst_timer_lag_by_code_{};
  std::uint64_t timers_fired_ = 0;
  std::atomic<std::uint64_t> handlers_run_{0};
  mutable std::mutex in_flight_mutex_;
  std::optional<InFlight> in_flight_;  // guarded by in_flight_mutex_
  std::vector<SlowHandler> slow_handlers_;
  std::uint64_t slow_handler_count_ = 0;
};

inline auto Task::promise_type::final_suspend() noexcept {
  struct Finish {
    bool await_ready() const noexcept { return false; }
    void await_suspend(Handle finished) const noexcept {
      EventLoop* const owner = finished.promise().loop;
      finished.destroy();
      owner->task_finished();
    }
    void await_resume() const noexcept {}
  };
  return Finish{};
}

inline void Task::promise_type::unhandled_exception() noexcept {
  loop->task_failed(std::current_exception());
}

// A value that another thread delivers and a task on the loop awaits:
//
//   Posted<Table> fresh(loop);
//   worker = std::jthread([&] { fresh.deliver(build_table()); });   // any thread, once
//   Table table = co_await fresh;                                    // on the loop
//
// deliver() goes through loop.post(): a handler on the loop thread stores the value and makes the
// waiting task ready, so the hand-off between the threads is the cross-thread queue's and nothing
// else; the task then runs on the loop's next turn, timed under its own name. The Posted must
// outlive the delivery, and one task at a time may await it.
template <class T>
class Posted {
 public:
  explicit Posted(EventLoop& loop, std::string_view name = "posted result", Role role = Role::code)
      : loop_(loop), name_(name), role_(role) {}
  Posted(const Posted&) = delete;
  Posted& operator=(const Posted&) = delete;

  void deliver(T value) {
    loop_.post(
        name_,
        [this, value = std::move(value)]() mutable {
          value_ = std::move(value);
          if (const Task::Handle waiter = std::exchange(waiter_, {})) loop_.resume_soon(waiter);
        },
        role_);
  }

  auto operator co_await() {
    struct Awaiter {
      Posted& posted;
      bool await_ready() const noexcept { return posted.value_.has_value(); }
      void await_suspend(Task::Handle waiter) noexcept { posted.waiter_ = waiter; }
      T await_resume() { return *std::exchange(posted.value_, std::nullopt); }
    };
    return Awaiter{*this};
  }

 private:
  EventLoop& loop_;
  std::string_view name_;
  Role role_;
  // Loop-thread state: only deliver()'s posted handler and the awaiter touch it.
  std::optional<T> value_;
  Task::Handle waiter_;
};

}  // namespace racelab::loop
