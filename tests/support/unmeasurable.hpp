// unmeasurable.hpp — how a timing check says "this machine cannot measure my claim".
//
// A claim about time (a speedup, overlap) needs a machine that can show it: two cores, and cores
// not so busy that two threads get no more than one. A check that finds, by a baseline measured
// in the same run, that the machine cannot show its claim skips with this prefix instead of
// failing. scripts/grade reads the prefix and reports the part as "not gradable here" (the
// rubric's when-unmeasurable setting decides its points); any other skip is still a failure there,
// since a skipped check proves nothing.
#pragma once

#include <gtest/gtest.h>

// The prefix scripts/grade looks for in GoogleTest's skip message.
#define RACELAB_UNMEASURABLE_PREFIX "not measurable on this machine: "

// Use as a statement: RACELAB_SKIP_UNMEASURABLE() << "one core";
#define RACELAB_SKIP_UNMEASURABLE() GTEST_SKIP() << RACELAB_UNMEASURABLE_PREFIX
