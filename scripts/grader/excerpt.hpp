// excerpt.hpp — the part of a check's output that a student needs: the assertion that failed,
// ThreadSanitizer's reports in the lab's words, Relacy's verdict, its replay command and the
// failing execution as a timeline of the lab's steps, the watchdog's cycle; never pages of logs
// (those go to a raw file).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rubric.hpp"

namespace racelab::grade {

// With the part's reason above it (two lines, reports.cpp), at most kMaxExcerptLines lines.
// `root` (the tree that was built) is cut from paths, and its files give the source lines of
// ThreadSanitizer's reports, which are shown in the lab's words (scripts/reader). `raw_file`,
// where the whole output is kept, is named on the last line.
inline constexpr std::size_t kMaxExcerptLines = 40;
std::string excerpt_for_student(PartKind kind, std::string_view output, std::string_view root,
                                std::string_view raw_file = {});

// The one line that says why a run failed, if the output has one ("Relacy verdict: DATA RACE
// after 1 executions", "ThreadSanitizer: data race", "DEADLOCK no transfer completed ...").
std::string headline(PartKind kind, std::string_view output);

// Valid UTF-8, without terminal colour codes: student output can contain anything.
std::string printable(std::string_view text);

}  // namespace racelab::grade
