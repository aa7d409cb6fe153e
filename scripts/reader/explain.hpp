// explain.hpp — ThreadSanitizer's reports in the lab's own words (racelab/verdict.hpp's shape).
//
// What a report says in the tools' terms, and what the lab calls it:
//   thread T3                 its name (sync::name_this_thread): "depositor 2", "auditor"
//   mutex M15                 its name (sync::name_lock, recorded in RACELAB_NAMES): "account 0";
//                             else the lock expression on the lab's line that took it: "mutex_"
//   a 9-frame stack           the lab's innermost frame: file:line and that line's text; frames
//                             of std::, libtsan, <null> and the sync layer are folded away
//   an address                the variable the lab's line reads or writes ("balance_"), with its
//                             declaration when the lab's file has it
//   mutexes each access held  "no lock in common", or which lock both held, and how
// Several reports of one variable become one verdict, with each further line that raced on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <racelab/verdict.hpp>

#include "tsan_report.hpp"

namespace racelab::reader {

// The lock names the sync layer recorded (racelab/sync/names.hpp): "lock PID ADDRESS NAME".
class NameTable {
 public:
  // Lines it cannot read are passed over; a missing file is an empty table.
  void load(const std::filesystem::path& file);
  void add(long pid, std::uint64_t address, std::string name);
  [[nodiscard]] std::optional<std::string> lock(long pid, std::uint64_t address) const;

 private:
  std::map<std::pair<long, std::uint64_t>, std::string> locks_;
};

struct Context {
  // Where the lab's files are read from, by their path in the repository (labs/..., tests/...);
  // empty: the report's own absolute paths.
  std::filesystem::path sources;
  // A repository path read from another file instead (the tests' recorded reports of corpus
  // entries, whose exercise file was compiled from elsewhere).
  std::map<std::string, std::filesystem::path> overrides;
  NameTable names;
  // How many steps a Relacy timeline shows at most: the last ones, where the failure is.
  std::size_t most_steps = 20;
};

// "labs/lost_update/bug.hpp" for a report's "/home/a/racelab/labs/lost_update/bug.hpp"; "" for a
// file outside the repository's labs/, solutions/ and tests/.
std::string repository_path(std::string_view file);

// Whether a frame is the lab's: in labs/, solutions/ or tests/, and not in the sync layer.
bool is_lab_frame(const Frame& frame);

// `text`'s lines, without their newlines.
std::vector<std::string> lines_of(std::string_view text);

// The lock a lab's line takes: the argument of a lock holder, or the object of lock().
std::string lock_expression(const std::string& text);

// The object of a call on a lab's line: `balance_` of `balance_.load(...)` for methods "load"
// (a regex alternation: "load|store").
std::string called_object(const std::string& text, const std::string& methods);

// The variable a lab's line reads or writes through the sync layer: `balance_` of
// `balance_.read()`; for a write, the object of write() (a line may read one and write another).
std::string variable_expression(const std::string& text, bool write);

struct Explained {
  std::vector<verdict::Verdict> verdicts;
  std::size_t reports = 0;    // ThreadSanitizer reports read
  std::size_t not_shown = 0;  // reports of other variables past the verdicts shown
};

// At most `max_verdicts` verdicts: one per raced variable (or per lock-order cycle, or per other
// report), in the order the reports came.
Explained explain(const std::vector<Report>& reports, const Context& context,
                  std::size_t max_verdicts = 3);
Explained explain(std::string_view text, const Context& context, std::size_t max_verdicts = 3);

// Every verdict, a blank line between two, and a last line for the reports not shown.
std::string render(const Explained& explained, bool colour);

}  // namespace racelab::reader
