#include "relacy_timeline.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace racelab::reader::relacy {
namespace {

// "DepositModel<bug::Account, 2, 1>" for the model's mangled type name: racelab's namespaces and
// the integer literals' suffixes say nothing to a student.
std::string model_name(const std::string& mangled) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status), std::free);
  if (status != 0 || !demangled) return mangled;
  std::string name = demangled.get();
  static const std::regex lab_namespace(R"(racelab::(?:[a-z_0-9]+::)?)");
  static const std::regex suffix(R"(\b([0-9]+)(?:u|l|ul|ll|ull)\b)");
  name = std::regex_replace(name, lab_namespace, "");
  return std::regex_replace(name, suffix, "$1");
}

// "[5] 0: <0x55d0> load, value=0, in deposit, /src/labs/lost_update/bug.hpp(16)". The operation
// may hold commas, the function none: the last ", in NAME, " splits them.
std::optional<Step> parse_step(const std::string& line) {
  static const std::regex shape(R"(^\[[0-9]+\] ([0-9]+): (.*), in [^ ,]+, (\S.*)\(([0-9]+)\)$)");
  std::smatch match;
  if (!std::regex_match(line, match, shape)) return std::nullopt;
  Step step;
  step.thread = static_cast<unsigned>(std::stoul(match[1]));
  std::string operation = match[2];
  step.file = match[3];
  step.line = static_cast<unsigned>(std::stoul(match[4]));
  static const std::regex address(R"(^<(0x[0-9a-f]+)> ?(.*)$)");
  std::smatch found;
  if (std::regex_match(operation, found, address)) {
    step.address = found[1];
    operation = found[2];
  }
  static const std::regex value(R"(\bvalue=([^ ,\]]+))");
  static const std::regex previous(R"(\bprev=([^ ,]+))");
  static const std::regex next(R"(\bnew=([^ ,]+))");
  if (std::regex_search(operation, found, next)) {
    step.value = found[1];
    if (std::smatch before; std::regex_search(operation, before, previous)) {
      step.previous = before[1];
    }
  } else if (std::regex_search(operation, found, value)) {
    step.value = found[1];
  }
  step.not_current = operation.find("[NOT CURRENT]") != std::string::npos;
  // "load, value=0" -> "load"; "fetch_add , prev=0, ..." -> "fetch_add"; "mutex: blocking" stays.
  const auto comma = operation.find(',');
  if (comma != std::string::npos) operation.erase(comma);
  operation.erase(operation.find_last_not_of(' ') + 1);
  step.operation = operation;
  return step;
}

bool is_own_line(const Step& step) {
  const std::string path = repository_path(step.file);
  return (path.starts_with("labs/") || path.starts_with("solutions/")) &&
         !path.starts_with("labs/common/racelab/sync/");
}

// A step on a line of racelab's (a lab's, or a check's model), not one of Relacy's own headers.
bool in_repository(const Step& step) { return !repository_path(step.file).empty(); }

bool is_lock(const Step& step) {
  return step.operation.starts_with("mutex:") || step.operation.starts_with("cond_var:");
}

std::string file_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The kept steps' memory and locks, each by the expression the lab's line names it with; where
// two share an expression ("accounts_[from].lock" in two calls) or a line names none, by number.
class Names {
 public:
  Names(const std::vector<Step>& steps, const Context& context) {
    std::map<std::string, std::string> first;
    std::vector<std::string> order;
    for (const Step& step : steps) {
      if (step.address.empty() || first.contains(step.address)) continue;
      order.push_back(step.address);
      first[step.address] = expression(step, context);
    }
    std::map<std::string, int> uses;
    for (const auto& entry : first) ++uses[entry.second];
    int locks = 0, variables = 0;
    for (const std::string& address : order) {
      const std::string& expression = first[address];
      const bool lock = std::any_of(steps.begin(), steps.end(), [&](const Step& step) {
        return step.address == address && is_lock(step);
      });
      const std::string numbered =
          lock ? fmt::format("lock {}", ++locks) : fmt::format("variable {}", ++variables);
      names_[address] = expression.empty() || uses[expression] > 1 ? numbered : expression;
    }
  }
  [[nodiscard]] std::string of(const std::string& address) const {
    const auto found = names_.find(address);
    return found == names_.end() ? address : found->second;
  }

 private:
  static std::string expression(const Step& step, const Context& context) {
    const std::string text = source_of(step, context);
    if (is_lock(step)) {
      std::string lock = lock_expression(text);
      if (lock.empty())
        lock = called_object(text, "lock|unlock|lock_shared|unlock_shared|try_lock");
      if (lock.empty())
        lock = called_object(text, "wait|wait_for|wait_until|notify_one|notify_all");
      return lock;
    }
    if (step.operation == "load") return variable_expression(text, false);
    if (step.operation == "store") return variable_expression(text, true);
    return called_object(text, "load|store|exchange|fetch_[a-z]+|compare_exchange_[a-z]+");
  }

 public:
  static std::string source_of(const Step& step, const Context& context) {
    const std::string path = repository_path(step.file);
    const std::string file =
        context.sources.empty() || path.empty() ? step.file : (context.sources / path).string();
    return verdict::source_line(file, step.line);
  }

 private:
  std::map<std::string, std::string> names_;
};

// What a step did, in a few words: "reads balance_ = 0", "locks lock 1", "waits for lock 2".
std::string words(const Step& step, const Names& names) {
  const std::string what = names.of(step.address);
  const std::string& op = step.operation;
  const std::string stale = step.not_current ? "*" : "";
  if (op == "load") return fmt::format("reads {} = {}", what, step.value);
  if (op == "store") return fmt::format("writes {} = {}", what, step.value);
  if (op == "atomic load") return fmt::format("loads {} = {}{}", what, step.value, stale);
  if (op == "atomic store") return fmt::format("stores {} = {}", what, step.value);
  if (!step.previous.empty()) {
    return fmt::format("{} {}: {} -> {}", op, what, step.previous, step.value);
  }
  static const std::map<std::string, std::string> lock_words = {
      {"mutex: exclusive lock", "locks {}"},
      {"mutex: exclusive unlock", "unlocks {}"},
      {"mutex: shared lock", "locks {} (shared)"},
      {"mutex: shared unlock", "unlocks {} (shared)"},
      {"mutex: blocking", "waits for {}"},
      {"mutex: failed exclusive try lock", "fails try_lock of {}"},
      {"cond_var: wait enter", "waits on {}"},
      {"cond_var: wait exit due to notified", "is woken by {}"},
  };
  if (const auto found = lock_words.find(op); found != lock_words.end()) {
    return fmt::format(fmt::runtime(found->second), what);
  }
  if (op.starts_with("cond_var: notify")) {
    return "notifies " + what + (op.find("all") != std::string::npos ? " (all)" : "");
  }
  if (step.address.empty()) return op;
  return op + " " + what;
}

std::string where(const Step& step) {
  return step.line == 0 ? std::string() : fmt::format("{}:{}", file_name(step.file), step.line);
}

// The steps a student reads: those on the lab's lines after the model is set up (its
// constructor and before() run on thread 0, before any thread starts), and the failing step.
std::vector<Step> own_steps(const std::vector<Step>& history, bool cut) {
  std::vector<Step> kept;
  std::size_t from = 0;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history[i].operation == "[BEFORE END]") from = i + 1;
  }
  for (std::size_t i = from; i < history.size(); ++i) {
    const Step& step = history[i];
    const bool failing = !cut && i + 1 == history.size();
    if (failing || (is_own_line(step) && !step.address.empty())) kept.push_back(step);
  }
  return kept;
}

bool writes(const Step& step) {
  return !step.value.empty() && step.operation.find("load") == std::string::npos;
}

// Why a load saw an older value, from the latest store to the same memory before it: two lines.
std::vector<std::string> why_older(const std::vector<Step>& steps, const Names& names) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& load = steps[i];
    if (!load.not_current) continue;
    for (std::size_t j = i; j-- > 0;) {
      const Step& store = steps[j];
      if (store.address != load.address || !writes(store)) continue;
      return {
          fmt::format("* thread {} loaded {} = {} ({}), not thread {}'s latest store of {} ({}):",
                      load.thread, names.of(load.address), load.value, where(load), store.thread,
                      store.value, where(store)),
          "  nothing made that store happen before the load, so an older value was allowed"};
    }
    return {fmt::format("* thread {} loaded {} = {} ({}): not the latest value stored there",
                        load.thread, names.of(load.address), load.value, where(load))};
  }
  return {};
}

// A data race: the failing thread's access, and the latest access to the same memory by another
// thread before it, one of the two a write (two reads never race).
std::optional<std::string> why_race(const std::vector<Step>& steps, const Names& names) {
  if (steps.size() < 2) return std::nullopt;
  const unsigned racer = steps.back().thread;
  const auto verb = [](const Step& step) { return writes(step) ? "write" : "read"; };
  for (std::size_t i = steps.size() - 1; i-- > 0;) {
    const Step& access = steps[i];
    if (access.thread != racer || access.address.empty()) continue;
    for (std::size_t j = i; j-- > 0;) {
      const Step& other = steps[j];
      if (other.thread == racer || other.address != access.address) continue;
      if (!writes(access) && !writes(other)) continue;
      return fmt::format("thread {}'s {} ({}) and thread {}'s {} ({}) of {}: nothing orders them",
                         access.thread, verb(access), where(access), other.thread, verb(other),
                         where(other), names.of(access.address));
    }
    break;
  }
  return std::nullopt;
}

// Whether the last step before the verdict is the racing access itself: the failing thread's,
// on the verdict's line, touching memory.
bool is_racing_access(const std::vector<Step>& steps, bool cut) {
  if (cut || steps.size() < 2) return false;
  const Step& verdict = steps.back();
  const Step& access = steps[steps.size() - 2];
  return !access.address.empty() && access.thread == verdict.thread &&
         access.file == verdict.file && access.line == verdict.line;
}

// A lost update, where the race is a write: the writer and another thread both read the memory
// before it, on the same line (the read half of the same read-modify-write), and the other has not
// written since. Its write, which Relacy does not run, would store what it computed from the
// older value: two lines. A read on another line (an auditor's) races, but loses no update.
std::vector<std::string> why_lost_update(const std::vector<Step>& steps, const Names& names) {
  if (!is_racing_access(steps, false)) return {};
  const Step& write = steps[steps.size() - 2];
  if (!writes(write)) return {};
  // The thread's latest access to the memory before the write, when it is a read.
  const auto read_before = [&](unsigned thread) -> const Step* {
    for (std::size_t i = steps.size() - 2; i-- > 0;) {
      const Step& step = steps[i];
      if (step.thread != thread || step.address != write.address) continue;
      return writes(step) ? nullptr : &step;
    }
    return nullptr;
  };
  const Step* const own_read = read_before(write.thread);
  if (own_read == nullptr) return {};
  for (const Step& other : steps) {
    if (other.thread == write.thread || other.address != write.address) continue;
    const Step* const other_read = read_before(other.thread);
    if (other_read == nullptr || other_read->file != own_read->file ||
        other_read->line != own_read->line)
      continue;
    return {fmt::format("thread {} read {} before this write: its own write, next, would undo "
                        "thread {}'s",
                        other.thread, names.of(write.address), write.thread),
            "  (a lost update; Relacy stops at the first racing access, before that write)"};
  }
  return {};
}

// A deadlock: what each blocked thread waits for, and who holds it.
std::optional<std::string> why_deadlock(const std::vector<Step>& steps, const Names& names) {
  std::map<std::string, unsigned> holder;
  std::map<unsigned, std::string> waiting;
  for (const Step& step : steps) {
    if (step.operation == "mutex: exclusive lock") holder[step.address] = step.thread;
    if (step.operation == "mutex: exclusive unlock") holder.erase(step.address);
    if (step.operation == "mutex: blocking") waiting[step.thread] = step.address;
  }
  std::vector<std::string> parts;
  for (const auto& [thread, address] : waiting) {
    const auto held = holder.find(address);
    parts.push_back(held == holder.end()
                        ? fmt::format("thread {} waits for {}", thread, names.of(address))
                        : fmt::format("thread {} waits for {}, which thread {} holds", thread,
                                      names.of(address), held->second));
  }
  if (parts.empty()) return std::nullopt;
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out + ": none can go on";
}

}  // namespace

std::optional<Report> parse(std::string_view text) {
  const std::vector<std::string> lines = lines_of(text);
  static const std::regex result_line(R"(^([A-Z][A-Z ]+[A-Z]) \((.*)\)$)");
  Report report;
  std::size_t at = 0;
  for (; at < lines.size(); ++at) {
    std::smatch match;
    if (std::regex_match(lines[at], match, result_line) && at + 1 < lines.size() &&
        lines[at + 1].starts_with("iteration: ")) {
      report.result = match[1];
      report.detail = match[2];
      report.iteration = lines[at + 1].substr(11);
      if (at > 0) report.test = model_name(lines[at - 1]);
      break;
    }
  }
  if (report.result.empty()) return std::nullopt;
  for (; at < lines.size() && !lines[at].starts_with("execution history"); ++at) {
  }
  // "execution history (14):": the steps Relacy recorded, to tell a history cut short.
  const std::size_t recorded =
      at < lines.size() ? std::strtoul(lines[at].c_str() + 19, nullptr, 10) : 0;
  for (++at; at < lines.size() && !lines[at].empty(); ++at) {
    if (auto step = parse_step(lines[at])) report.history.push_back(std::move(*step));
  }
  report.cut = report.history.size() < recorded;
  return report;
}

verdict::Verdict timeline(const Report& report, const Context& context,
                          const std::string& test_name) {
  verdict::Verdict v;
  v.word = report.result;
  if (report.detail.starts_with("assertion: ")) v.summary = "`" + report.detail.substr(11) + "`";
  std::string model = report.test;
  if (!test_name.empty()) model += model.empty() ? test_name : " (" + test_name + ")";
  if (!model.empty()) v.summary += (v.summary.empty() ? "in " : ", in ") + model;
  if (!report.iteration.empty()) v.summary += ", execution " + report.iteration;

  const std::vector<Step> steps = own_steps(report.history, report.cut);
  const Names names(steps, context);
  // Relacy records a racing access itself, with its type's default in place of a value, and then
  // the verdict on the same line: one row, the access and the verdict, without that value.
  const bool racing_access = report.result == "DATA RACE" && is_racing_access(steps, report.cut);
  unsigned threads = 0;
  for (const Step& step : steps) threads = std::max(threads, step.thread + 1);
  std::vector<std::size_t> width(threads, 0);
  std::vector<std::string> cells;
  const std::size_t rows = racing_access ? steps.size() - 1 : steps.size();
  // A long execution keeps its end, where the failure is; the columns are as wide as the rows
  // shown need.
  const std::size_t most = std::max<std::size_t>(context.most_steps, 1);
  const std::size_t first = rows > most ? rows - most : 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const Step& step = steps[i];
    std::string cell;
    if (racing_access && i + 1 == rows) {
      cell = fmt::format("{} {}: {}", writes(step) ? "writes" : "reads", names.of(step.address),
                         report.result);
    } else if (!report.cut && i + 1 == steps.size()) {
      cell = report.result;
    } else {
      cell = words(step, names);
    }
    // A failure Relacy finds in its own code (a deadlock seen as a thread ends) has no line of
    // the lab's to show.
    if (!where(step).empty() && in_repository(step)) cell += "  " + where(step);
    if (i >= first) width[step.thread] = std::max(width[step.thread], cell.size());
    cells.push_back(std::move(cell));
  }
  std::string header = "step";
  for (unsigned t = 0; t < threads; ++t) {
    width[t] = std::max<std::size_t>(width[t], 8);
    header += fmt::format("  {:<{}}", fmt::format("thread {}", t), width[t]);
  }
  header.erase(header.find_last_not_of(' ') + 1);
  v.conclusions.push_back(header);
  if (first > 0) v.conclusions.push_back(fmt::format("   …  ({} earlier steps)", first));
  for (std::size_t i = first; i < rows; ++i) {
    std::string row = fmt::format("{:>4}", i + 1);
    for (unsigned t = 0; t < steps[i].thread; ++t) row += fmt::format("  {:<{}}", "", width[t]);
    row += "  " + cells[i];
    v.conclusions.push_back(row);
  }
  if (report.cut) {
    v.conclusions.emplace_back("   …  (the report was cut: its last steps "
                               "are in the raw report)");
  }
  for (std::string& line : why_older(steps, names)) v.conclusions.push_back(std::move(line));
  if (report.result == "DATA RACE") {
    if (auto line = why_race(steps, names)) v.conclusions.push_back(*line);
    for (std::string& line : why_lost_update(steps, names))
      v.conclusions.push_back(std::move(line));
  }
  if (report.result == "DEADLOCK") {
    if (auto line = why_deadlock(steps, names)) v.conclusions.push_back(*line);
  }
  // Each line the timeline names, once, with its text.
  std::set<std::pair<std::string, unsigned>> shown;
  for (std::size_t i = first; i < steps.size(); ++i) {
    const Step& step = steps[i];
    if (step.line == 0 || !in_repository(step) || !shown.insert({step.file, step.line}).second) {
      continue;
    }
    const std::string path = repository_path(step.file);
    v.conclusions.push_back(fmt::format("{}:{}  {}", path.empty() ? step.file : path, step.line,
                                        Names::source_of(step, context)));
  }
  return v;
}

std::vector<Block> report_blocks(std::string_view text) {
  std::vector<Block> blocks;
  const std::vector<std::string> lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_with("Relacy's report")) continue;
    Block block;
    block.first_line = i;
    for (++i; i < lines.size() && lines[i] != "end of Relacy's report"; ++i) {
      block.text += lines[i] + "\n";
    }
    block.last_line = std::min(i, lines.size() - 1);
    blocks.push_back(std::move(block));
  }
  return blocks;
}

}  // namespace racelab::reader::relacy
