// grader.hpp — the grader: select the parts the rubric awards, check the manifest and the rules
// for exercise files, stage and build the tree, run each part's commands in the sandbox, judge
// them and write the reports. (main.cpp reads the command line and the rubric, and calls grade.)
#pragma once

#include "options.hpp"
#include "rubric.hpp"

namespace racelab::grade {

// The exit status: 0 graded (whatever the score), kInterrupted, or kUsage for the grader's defect.
int grade(Options options, Rubric rubric);

}  // namespace racelab::grade
