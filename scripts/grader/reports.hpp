// reports.hpp — one grade, written for every reader: a table for the terminal, results.json for
// Gradescope, JUnit XML for any CI, Markdown for a GitHub job summary, Autolab's scores line.
#pragma once

#include <filesystem>
#include <string>

#include "grade.hpp"

namespace racelab::grade {

// results.json, junit.xml and summary.md in `directory`, each replaced atomically (a reader never
// sees half a file, and an interrupted grader leaves the last complete one).
void write_reports(const Grade& grade, const std::filesystem::path& directory);

std::string markdown_summary(const Grade& grade);
void print_table(const Grade& grade);
// {"scores": {"lab/technique/part": points, ...}, "scoreboard": [total]}; a part not gradable
// here whose points the rubric leaves out is left out of the scores, so Autolab leaves it unscored.
std::string autolab_line(const Grade& grade);

}  // namespace racelab::grade
