// exercise_rules.hpp — what an exercise file may contain, checked before any of it is compiled.
//
// An exercise file is compiled into the very checks that grade it, so a few constructs would let
// it grade itself instead of fixing a race:
//   - a macro rewrites every assertion after it (#define EXPECT_EQ ...), and a line splice can
//     hide a directive from a check like this one;
//   - an early end of the process (std::_Exit, execv, pthread_exit, or an alias of _exit made
//     with a compiler attribute) stops a check after it printed success and before it could fail;
//   - the test frameworks' own names (GTEST_FLAG_SET(filter, ...), testing::, rl::) and their
//     settings (the environment: GTEST_SHARD_INDEX; the program's arguments) can switch checks
//     off or change how they judge;
//   - an #include of any path, or inline assembly (.incbin), can read a file the compiler can
//     read, the grader's own when it runs as root, into the report.
// None of them has a place in a fix for a race, so the grader refuses a file that uses one, with
// the line, and grades the shipped draft in its place: only that file's parts score 0. (The
// grader also refuses a file that is a link, symbolic or hard: main.cpp, why_not_compiled.)
//
// The rules hold back the forgeries named above, not a determined one: C++ written to deceive the
// checks it is compiled into (an overload that the harness's own call prefers, or a pointer that
// walks the stack to the program's arguments) is beyond any grader that links student code into
// its checks, and is for a person reading the code to find.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace racelab::grade {

struct RuleBreach {
  int line = 0;
  std::string what;  // "#define EXPECT_EQ", "#include \"/etc/shadow\"", "_Exit", ...
  std::string why;   // the rule, in a sentence a student reads
};

// Every breach in `source`, in order of appearance (at most `limit`).
std::vector<RuleBreach> exercise_rule_breaches(std::string_view source, std::size_t limit = 20);

}  // namespace racelab::grade
