// excerpt.hpp — the part of a check's output that a student needs: the assertion that failed,
// the first ThreadSanitizer report, Relacy's verdict and replay state with the steps in the lab's
// files, the watchdog's cycle; never pages of logs.
#pragma once

#include <string>
#include <string_view>

#include "rubric.hpp"

namespace racelab::grade {

// At most about 80 lines; `root` (the tree that was built) is cut from paths.
std::string excerpt_for_student(PartKind kind, std::string_view output, std::string_view root);

// The one line that says why a run failed, if the output has one ("Relacy verdict: DATA RACE
// after 1 executions", "ThreadSanitizer: data race", "DEADLOCK no transfer completed ...").
std::string headline(PartKind kind, std::string_view output);

// Valid UTF-8, without terminal colour codes: student output can contain anything.
std::string printable(std::string_view text);

}  // namespace racelab::grade
