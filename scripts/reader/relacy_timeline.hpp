// relacy_timeline.hpp — a failing Relacy model check, read as a timeline in the lab's words.
//
// What Relacy's report says, and what a student reads instead:
//   N7racelab11lost_update12DepositModelINS0_3bug7AccountELj2ELl1EEE
//                                   DepositModel<bug::Account, 2, 1>
//   the execution history, twice    once: a column per thread, a row per step on the lab's own
//   (all of it, then per thread)    lines (labs/, solutions/), the sync layer's, Relacy's and the
//                                   test's own steps folded away, but for the failing step itself
//   <0x55d0...> load, value=0       reads balance_ = 0   bug.hpp:16 (the name from the line's text)
//   value=0 [NOT CURRENT]           a `*`, and one line on why a load saw an older value
// then each line the timeline names, with its text.
//
//   DATA RACE in DepositModel<bug::Account, 2, 1>, execution 1
//     step  thread 0                       thread 1
//        1  reads balance_ = 0  bug.hpp:16
//        ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <racelab/verdict.hpp>

#include "explain.hpp"

namespace racelab::reader::relacy {

// One step of the failing execution, as Relacy recorded it.
struct Step {
  unsigned thread = 0;
  std::string address;       // the memory or lock it touches ("0x55d0..."), "" for none
  std::string operation;     // Relacy's words without the address: "load", "mutex: blocking", ...
  std::string value;         // the value loaded or stored, where Relacy prints it
  std::string previous;      // a read-modify-write's value before it
  bool not_current = false;  // a load that saw an older value than the latest store
  std::string file;
  unsigned line = 0;
};

struct Report {
  std::string test;    // the model's type, demangled and without racelab's namespaces
  std::string result;  // "DATA RACE", "DEADLOCK", "USER ASSERT FAILED", ...
  std::string detail;  // Relacy's words in parentheses: "assertion: account.balance() == 3"
  std::string iteration;
  std::vector<Step> history;  // the execution history (Relacy prints it twice: the first)
  bool cut = false;  // the history ends early (a report cut to size): its failing step is lost
};

// The first report in `text` (from the model's mangled name, or its result line, on); nullopt
// when there is none.
std::optional<Report> parse(std::string_view text);

// The timeline: the verdict's word and the model, then its lines (conclusions) in the shared
// shape of racelab/verdict.hpp. `test_name` (the GoogleTest test, "mutex.ModelTwoDepositors")
// is added to the first line when known.
verdict::Verdict timeline(const Report& report, const Context& context,
                          const std::string& test_name = {});

// `text`'s "Relacy's report:" blocks (model_check.hpp's describe), in order: each block's text,
// and its first and last line (0-based) in `text`.
struct Block {
  std::string text;
  std::size_t first_line = 0;
  std::size_t last_line = 0;
};
std::vector<Block> report_blocks(std::string_view text);

}  // namespace racelab::reader::relacy
