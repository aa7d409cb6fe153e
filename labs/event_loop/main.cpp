// event_loop — one thread serves a thousand concurrent requests, until one handler waits for a
// lock and freezes them all.
//
// The exercise variants (mutex, atomic, rwlock, channel) come from the tree this binary was built
// against: labs/ for the student's own files (`event_loop`), solutions/ for the references
// (`event_loop-solutions`). See README.md in this directory for the story.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <event_loop/atomic.hpp>
#include <event_loop/bug.hpp>
#include <event_loop/channel.hpp>
#include <event_loop/mutex.hpp>
#include <event_loop/rwlock.hpp>
#include <event_loop/scenario.hpp>
#include <racelab/cli.hpp>
#include <racelab/json.hpp>
#include <racelab/report.hpp>
#include <racelab/sanitizer.hpp>
#include <racelab/verdict.hpp>

namespace {

using namespace racelab;
using namespace racelab::event_loop;

struct Variant {
  std::string_view name;
  std::string_view summary;
  ScenarioResult (*run)(const ScenarioConfig&, const LoopHangHandler&);
};

constexpr std::array kVariants{
    Variant{"bug", "the handler takes the lock the writer holds for the whole refresh",
            &run_scenario<bug::PriceBook>},
    Variant{"mutex", "exercise: the writer builds outside the lock, swaps inside",
            &run_scenario<using_mutex::PriceBook>},
    Variant{"atomic", "exercise: the table is published through an atomic pointer",
            &run_scenario<using_atomic::PriceBook>},
    Variant{"rwlock", "exercise: quotes share the lock, the writer swaps exclusively",
            &run_scenario<using_rwlock::PriceBook>},
    Variant{"channel", "exercise: the writer posts the new table to the loop",
            &run_scenario<using_channel::PriceBook>},
};

constexpr std::uint64_t kMaxRequests = 100'000;
constexpr std::uint64_t kMaxIoMs = 60'000;
constexpr std::uint64_t kMaxBlockMs = 60'000;
constexpr std::uint64_t kMaxHeartbeatMs = 1'000;
constexpr std::uint64_t kMaxBudgetMs = 60'000;

struct Options {
  const Variant* variant = &kVariants[0];
  ScenarioConfig config;
  bool json = false;
  bool help = false;
  bool list_variants = false;
};

void print_help(std::string_view program) {
  fmt::print(
      "usage: {} [--variant NAME] [--requests N] [--io-ms MS] [--block-ms MS]\n"
      "          [--heartbeat-ms MS] [--budget-ms MS] [--json]\n\n"
      "One event-loop thread serves N requests at once; each awaits IO milliseconds of simulated\n"
      "I/O, then asks for a price. A writer thread refreshes the prices meanwhile: it begins\n"
      "before the requests start and finishes BLOCK milliseconds after the first one asks.\n"
      "A heartbeat ticks every HEARTBEAT milliseconds; the loop times every handler and every\n"
      "timer. Within budget means no handler of the lab's ran longer than BUDGET by its own time,\n"
      "and the handlers' own time made no timer later than BUDGET. Own time is wall time minus\n"
      "the time the loop thread was descheduled (runnable, while the OS ran something else):\n"
      "a busy machine is reported, never blamed.\n\n"
      "  --variant NAME       which price book to run (default bug)\n"
      "  --requests N         concurrent requests, 1..{} (default 1,000)\n"
      "  --io-ms MS           each request's simulated I/O, 1..{} (default 200)\n"
      "  --block-ms MS        how long the refresh lasts after the first ask, 0..{} (default 300)\n"
      "  --heartbeat-ms MS    the heartbeat's period, 1..{} (default 5)\n"
      "  --budget-ms MS       the loop's handler and lag budget, 1..{} (default {} here: 20 in a\n"
      "                       plain build, 60 under ThreadSanitizer, whose handlers are slower)\n"
      "  --json               one JSON object on stdout instead of the table\n"
      "  --list-variants      the variant names, one per line\n"
      "  --help               this text\n\n"
      "variants:\n",
      program, report::grouped(kMaxRequests), report::grouped(kMaxIoMs),
      report::grouped(kMaxBlockMs), report::grouped(kMaxHeartbeatMs), report::grouped(kMaxBudgetMs),
      std::chrono::duration_cast<std::chrono::milliseconds>(ScenarioConfig{}.budget).count());
  for (const Variant& v : kVariants) fmt::print("  {:<18} {}\n", v.name, v.summary);
  fmt::print(
      "\nexit status: 0 every request was served and the loop stayed within budget, 1 the loop\n"
      "was blocked, hung or over budget (or a request went wrong), 2 bad usage\n");
}

Duration parse_ms(std::string_view flag, std::string_view text, std::uint64_t min,
                  std::uint64_t max) {
  return std::chrono::milliseconds(cli::parse_count(flag, text, min, max));
}

Options parse(int argc, char** argv) {
  Options options;
  cli::ArgumentCursor args(argc, argv);
  while (!args.done()) {
    const std::string_view flag = args.flag();
    if (cli::parse_standard_flag(args, flag, options)) continue;
    if (flag == "--variant") {
      options.variant = &cli::find_variant(kVariants, args.value());
    } else if (flag == "--requests") {
      options.config.requests = cli::parse_count(flag, args.value(), 1, kMaxRequests);
    } else if (flag == "--io-ms") {
      options.config.io = parse_ms(flag, args.value(), 1, kMaxIoMs);
    } else if (flag == "--block-ms") {
      options.config.block = parse_ms(flag, args.value(), 0, kMaxBlockMs);
    } else if (flag == "--heartbeat-ms") {
      options.config.heartbeat = parse_ms(flag, args.value(), 1, kMaxHeartbeatMs);
    } else if (flag == "--budget-ms") {
      options.config.budget = parse_ms(flag, args.value(), 1, kMaxBudgetMs);
    } else {
      throw cli::UsageError("unknown option '" + std::string(flag) + "' (try --help)");
    }
  }
  return options;
}

double ms(Duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

std::string slow_handler_line(const loop::SlowHandler& slow, Duration budget) {
  return fmt::format("handler {} ran {:.0f} ms, budget {:.0f} ms (own time; {:.0f} ms descheduled)",
                     slow.name, ms(slow.own()), ms(budget), ms(slow.descheduled));
}

const loop::SlowHandler& slowest(const std::vector<loop::SlowHandler>& handlers) {
  return *std::max_element(
      handlers.begin(), handlers.end(),
      [](const loop::SlowHandler& a, const loop::SlowHandler& b) { return a.own() < b.own(); });
}

std::string_view verdict_name(const ScenarioResult& result, bool correct) {
  if (!correct) return "wrong";
  if (result.blocked()) return "blocked";
  if (result.over_budget()) return "over_budget";
  return "within_budget";
}

void print_json(const Options& options, const ScenarioResult& result, bool correct) {
  const ScenarioConfig& config = options.config;
  const auto millis = [](auto duration) { return json::rounded(ms(duration), 3); };
  json::Array slow;
  for (const loop::SlowHandler& handler : result.slow_handlers) {
    slow.push(json::Object()
                  .set("name", handler.name)
                  .set("ran_ms", millis(handler.wall))
                  .set("own_ms", millis(handler.own()))
                  .set("descheduled_ms", millis(handler.descheduled)));
  }
  json::Object out = json::start("event_loop", 1, options.variant->name);
  out.set("requests", config.requests);
  out.set("io_ms", std::llround(ms(config.io)));
  out.set("block_ms", std::llround(ms(config.block)));
  out.set("heartbeat_ms", std::llround(ms(config.heartbeat)));
  out.set("budget_ms", std::llround(ms(config.budget)));
  out.set("verdict", verdict_name(result, correct));
  out.set("hung_in", nullptr);
  out.set("completed", result.completed);
  out.set("inconsistent_quotes", result.inconsistent_quotes);
  out.set("newest_generation_seen", result.newest_generation_seen);
  out.set("requests_done_ms", millis(result.requests_done));
  out.set("requests_done_over_io", json::rounded(ms(result.requests_done) / ms(config.io), 4));
  out.set("wall_ms", millis(result.wall));
  out.set("heartbeat_ticks", result.heartbeat.samples);
  out.set("heartbeat_lag_p50_ms", millis(result.heartbeat.p50));
  out.set("heartbeat_lag_p99_ms", millis(result.heartbeat.p99));
  out.set("heartbeat_lag_max_ms", millis(result.heartbeat.max));
  out.set("worst_timer_lag_ms", millis(result.worst_timer_lag));
  out.set("worst_timer_lag_by_code_ms", millis(result.worst_timer_lag_by_code));
  out.set("descheduled_ms", millis(result.descheduled));
  out.set("measures_descheduling", result.measures_descheduling);
  out.set("under_tsan", kUnderThreadSanitizer);
  out.set("timers_fired", result.timers_fired);
  out.set("handlers_run", result.handlers_run);
  out.set("slow_handler_count", result.slow_handler_count);
  out.set("slow_handlers", slow);
  out.set("within_budget", result.within_budget());
  out.set("correct", correct);
  json::print(out);
}

void print_table(const Options& options, const ScenarioResult& result, bool correct) {
  using report::grouped;
  using report::row;
  const ScenarioConfig& config = options.config;
  fmt::print("event_loop  variant {}  ({} requests x {:.0f} ms I/O, one thread; refresh runs "
             "{:.0f} ms past the I/O)\n\n",
             report::paint(options.variant->name, fmt::emphasis::bold),
             grouped(static_cast<std::int64_t>(config.requests)), ms(config.io), ms(config.block));
  row("requests completed", grouped(static_cast<std::int64_t>(result.completed)),
      result.inconsistent_quotes == 0
          ? "every quote matched its table"
          : fmt::format("{} quotes did not match their table", result.inconsistent_quotes));
  row("requests done in", fmt::format("{:.1f} ms", ms(result.requests_done)),
      fmt::format("{:.2f} x the I/O of one request; one after another: {:.0f} s",
                  ms(result.requests_done) / ms(config.io),
                  ms(config.io) * static_cast<double>(config.requests) / 1e3));
  row("wall time", fmt::format("{:.1f} ms", ms(result.wall)), "the refresh included");
  row("heartbeat lag p50", fmt::format("{:.2f} ms", ms(result.heartbeat.p50)),
      fmt::format("{} ticks, one every {:.0f} ms",
                  grouped(static_cast<std::int64_t>(result.heartbeat.samples)),
                  ms(config.heartbeat)));
  row("heartbeat lag p99", fmt::format("{:.2f} ms", ms(result.heartbeat.p99)));
  row("heartbeat lag max", fmt::format("{:.2f} ms", ms(result.heartbeat.max)));
  row("worst timer lag", fmt::format("{:.2f} ms", ms(result.worst_timer_lag)),
      fmt::format("over all {} timers (I/O and heartbeat)",
                  grouped(static_cast<std::int64_t>(result.timers_fired))));
  row("  made by handlers", fmt::format("{:.2f} ms", ms(result.worst_timer_lag_by_code)),
      fmt::format("the most handlers' own time added to one timer's lag; budget {:.0f} ms",
                  ms(config.budget)));
  if (result.measures_descheduling) {
    row("loop descheduled", fmt::format("{:.1f} ms", ms(result.descheduled)),
        "runnable while the OS ran others: the machine's share");
  } else {
    row("loop descheduled", "?", "not measured here (no /proc/thread-self/schedstat)");
  }
  row("slow handlers", grouped(static_cast<std::int64_t>(result.slow_handler_count)),
      fmt::format("of {} handlers run", grouped(static_cast<std::int64_t>(result.handlers_run))));
  for (const loop::SlowHandler& slow : result.slow_handlers) {
    fmt::print("    {}\n", report::paint(slow_handler_line(slow, config.budget), report::kBad));
  }
  if (result.slow_handler_count > result.slow_handlers.size()) {
    fmt::print("    ... and {} more\n", result.slow_handler_count - result.slow_handlers.size());
  }
  fmt::print("\n");
  if (!correct) {
    fmt::print("{} {} of {} requests completed, {} with a price that did not match its table.\n",
               report::paint("WRONG", report::kBad), result.completed, config.requests,
               result.inconsistent_quotes);
  } else if (result.blocked()) {
    // In racelab/verdict.hpp's shape, as every verdict with a culprit: the thread, what it did,
    // and what that cost the others.
    const loop::SlowHandler& slow = slowest(result.slow_handlers);
    verdict::Verdict blocked;
    blocked.word = "BLOCKED";
    blocked.summary = fmt::format(
        "a handler held the only loop thread for {:.0f} ms of its own time", ms(slow.own()));
    blocked.rows.push_back(
        {"loop thread", fmt::format("ran handler {}", slow.name), "",
         fmt::format("{:.0f} ms of its own time, budget {:.0f} ms ({:.0f} ms descheduled)",
                     ms(slow.own()), ms(config.budget), ms(slow.descheduled)),
         ""});
    blocked.conclusions.push_back(
        fmt::format("every request and every heartbeat due meanwhile waited for it, up to {:.0f} "
                    "ms late",
                    ms(result.worst_timer_lag)));
    fmt::print("{}", verdict::render(blocked, report::colour_enabled()));
  } else if (result.over_budget()) {
    fmt::print("{} no single handler was slow, but together their own time made a timer {:.0f} ms\n"
               "late: the loop had more work due at once than it could do within the budget.\n",
               report::paint("OVER BUDGET", report::kBad), ms(result.worst_timer_lag_by_code));
  } else {
    fmt::print("{} {} requests served on one thread; the handlers' own time made no timer\n"
               "more than {:.1f} ms late.\n",
               report::paint("WITHIN BUDGET", report::kGood),
               grouped(static_cast<std::int64_t>(result.completed)),
               ms(result.worst_timer_lag_by_code));
    if (result.worst_timer_lag > config.budget) {
      fmt::print("Timers fired up to {:.0f} ms late, past the budget, while the loop thread\n"
                 "waited for a CPU ({:.0f} ms in all): the machine was busy, not the loop.\n",
                 ms(result.worst_timer_lag), ms(result.descheduled));
    }
  }
  if (!result.measures_descheduling) {
    fmt::print("This kernel does not say how long a thread waits for a CPU, so own times are wall\n"
               "times here: a busy machine can make a fix look slow.\n");
  }
  if (kUnderThreadSanitizer) {
    fmt::print("Built with ThreadSanitizer: every handler runs several times slower than in a\n"
               "plain build, so the budget is TSan's ({:.0f} ms; 20 ms in a plain build).\n",
               ms(config.budget));
  }
}

// A hung loop's verdict, in racelab/verdict.hpp's shape; its JSON has the keys of every run, with
// null for the figures a run that never ended cannot have.
int report_hang(const Options& options, const LoopHang& hang) {
  const std::string handler =
      hang.handler.empty() ? std::string("(between handlers)") : "handler " + hang.handler;
  if (options.json) {
    json::Object out = json::start("event_loop", 1, options.variant->name);
    const ScenarioConfig& config = options.config;
    out.set("requests", config.requests);
    out.set("io_ms", std::llround(ms(config.io)));
    out.set("block_ms", std::llround(ms(config.block)));
    out.set("heartbeat_ms", std::llround(ms(config.heartbeat)));
    out.set("budget_ms", std::llround(ms(config.budget)));
    out.set("verdict", "hung");
    out.set_text_or_null("hung_in", hang.handler);
    for (const char* figure :
         {"completed", "inconsistent_quotes", "newest_generation_seen", "requests_done_ms",
          "requests_done_over_io", "wall_ms", "heartbeat_ticks", "heartbeat_lag_p50_ms",
          "heartbeat_lag_p99_ms", "heartbeat_lag_max_ms", "worst_timer_lag_ms",
          "worst_timer_lag_by_code_ms", "descheduled_ms", "measures_descheduling", "timers_fired",
          "slow_handler_count", "slow_handlers", "within_budget"}) {
      out.set(figure, nullptr);
    }
    out.set("under_tsan", kUnderThreadSanitizer);
    out.set("handlers_run", hang.handlers_run);
    out.set("correct", false);
    json::print(out);
    return cli::kBugShowed;
  }
  verdict::Verdict hung;
  hung.word = "HUNG";
  hung.summary = fmt::format("the only loop thread has been inside one handler for {:.1f} s",
                             ms(hang.inside_for) / 1e3);
  hung.rows.push_back({"loop thread", fmt::format("runs {}", handler), "",
                       fmt::format("since {:.1f} s into the run, after {} handlers; not returned",
                                   ms(hang.elapsed - hang.inside_for) / 1e3, hang.handlers_run),
                       ""});
  hung.conclusions.push_back(
      "no request, timer or posted work can run until it returns: a handler that waits for "
      "something");
  hung.conclusions.push_back(
      "only the loop could make happen (a request's cue, a table the loop itself would install) "
      "never does");
  fmt::print("{}", verdict::render(hung, report::colour_enabled()));
  return cli::kBugShowed;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const auto status =
          cli::start("event_loop", argc, argv, options, &parse, &print_help, kVariants)) {
    return *status;
  }

  const ScenarioResult result = options.variant->run(
      options.config, [&options](const LoopHang& hang) { return report_hang(options, hang); });
  const bool correct = result.correct(options.config.requests);
  if (options.json) {
    print_json(options, result, correct);
  } else {
    print_table(options, result, correct);
  }
  return correct && result.within_budget() ? cli::kCorrect : cli::kBugShowed;
}
