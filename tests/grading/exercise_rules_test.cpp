// The rules for exercise files (scripts/grader/exercise_rules.hpp): each forgery they exist to
// stop is refused at the line it is on, however it is spelt (digraphs, line splices, comments
// inside a directive), and nothing a fix legitimately contains is: not the text of comments and
// string literals, not digit separators, and not one shipped exercise file or reference fix.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exercise_rules.hpp"

namespace racelab::grade {
namespace {

// "LINE: WHAT" for every breach, in order.
std::vector<std::string> breaches(std::string_view source) {
  std::vector<std::string> found;
  for (const auto& breach : exercise_rule_breaches(source)) {
    found.push_back(std::to_string(breach.line) + ": " + breach.what);
  }
  return found;
}

using Lines = std::vector<std::string>;

TEST(ExerciseRules, RefuseMacrosAndEveryOtherDirective) {
  EXPECT_EQ(breaches("#define EXPECT_EQ(a, b) (void)0\n"), Lines{"1: #define"});
  EXPECT_EQ(breaches("int x;\n#undef EXPECT_EQ\n"), Lines{"2: #undef"});
  EXPECT_EQ(breaches("#if 0\n#endif\n"), (Lines{"1: #if", "2: #endif"}));
  EXPECT_EQ(breaches("#line 1 \"other.hpp\"\n"), Lines{"1: #line"});
  EXPECT_EQ(breaches("# 1 \"other.hpp\"\n"), Lines{"1: #1"});
  EXPECT_EQ(breaches("#pragma GCC poison x\n"), Lines{"1: #pragma other than once"});
  EXPECT_EQ(breaches("#pragma once x\n"), Lines{"1: #pragma other than once"});
}

TEST(ExerciseRules, SeeADirectiveHoweverItIsSpelt) {
  EXPECT_EQ(breaches("  #   define X 1\n"), Lines{"1: #define"});
  EXPECT_EQ(breaches("%:define X 1\n"), Lines{"1: #define"});  // the digraph of '#'
  EXPECT_EQ(breaches("#de\\\nfine X 1\n"), Lines{"1: #define"});  // a line splice
  EXPECT_EQ(breaches("/* a */ # /* b */ define X 1\n"), Lines{"1: #define"});
  EXPECT_EQ(breaches("/* one\ntwo */\n\n#define X\n"), Lines{"4: #define"});
  EXPECT_EQ(breaches("int a; # define X\n"), Lines{"1: #define"});  // '#' is never plain code
}

TEST(ExerciseRules, AllowOnlyHeadersByARelativePath) {
  EXPECT_EQ(breaches("#include \"/etc/shadow\"\n"), Lines{"1: #include \"/etc/shadow\""});
  EXPECT_EQ(breaches("#include <../../tests/lost_update/functional_test.cpp>\n"),
            Lines{"1: #include <../../tests/lost_update/functional_test.cpp>"});
  EXPECT_EQ(breaches("#include <racelab/../../../../etc/passwd>\n"),
            Lines{"1: #include <racelab/../../../../etc/passwd>"});
  EXPECT_EQ(breaches("#include SECRET_FILE\n"), Lines{"1: #include of a computed name"});
  EXPECT_EQ(breaches("#include <vector\n>\n"), Lines{"1: #include of a computed name"});
  EXPECT_EQ(breaches("#include_next <vector>\n"), Lines{"1: #include_next"});
}

TEST(ExerciseRules, RefuseInlineAssemblyAndPragmaOperators) {
  EXPECT_EQ(breaches("asm(\".incbin \\\"/etc/shadow\\\"\");\n"), Lines{"1: asm"});
  EXPECT_EQ(breaches("void f() { __asm__ volatile(\"\"); }\n"), Lines{"1: __asm__"});
  EXPECT_EQ(breaches("_Pragma(\"GCC poison x\")\n"), Lines{"1: _Pragma"});
}

TEST(ExerciseRules, RefuseEveryWayToEndOrReplaceTheProcess) {
  EXPECT_EQ(breaches("void f() { std::_Exit(0); }"), Lines{"1: _Exit"});
  EXPECT_EQ(breaches("void f() { std::exit(0); }"), Lines{"1: exit"});
  EXPECT_EQ(breaches("void f() { ::_exit(0); }"), Lines{"1: _exit"});
  EXPECT_EQ(breaches("void f() { std::quick_exit(0); }"), Lines{"1: quick_exit"});
  EXPECT_EQ(breaches("void f() { __builtin__exit(0); }"), Lines{"1: __builtin__exit"});
  EXPECT_EQ(breaches("void f() { __Exit(0); }"), Lines{"1: __Exit"});
  EXPECT_EQ(breaches("void f() { pthread_exit(nullptr); }"), Lines{"1: pthread_exit"});
  EXPECT_EQ(breaches("void f() { execl(\"/bin/true\", \"true\", nullptr); }"), Lines{"1: execl"});
  EXPECT_EQ(breaches("void f() { syscall(231, 0); }"), Lines{"1: syscall"});
  EXPECT_EQ(breaches("auto p = dlsym(nullptr, \"_exit\");"), Lines{"1: dlsym"});
}

TEST(ExerciseRules, RefuseTheChecksOwnFrameworks) {
  EXPECT_EQ(breaches("bool b = (GTEST_FLAG_SET(filter, \"-*\"), true);"),
            Lines{"1: GTEST_FLAG_SET"});
  EXPECT_EQ(breaches("namespace t = testing;"), Lines{"1: testing"});
  EXPECT_EQ(breaches("void f() { GTEST_SKIP(); }"), Lines{"1: GTEST_SKIP"});
  EXPECT_EQ(breaches("void f() { EXPECT_TRUE(true); }"), Lines{"1: EXPECT_TRUE"});
  EXPECT_EQ(breaches("template <> bool rl::simulate<int>();"), Lines{"1: rl"});
  EXPECT_EQ(breaches("void f() { RL_ASSERT(true); }"), Lines{"1: RL_ASSERT"});
}

TEST(ExerciseRules, IgnoreCommentsLiteralsAndNamesThatOnlyLookAlike) {
  EXPECT_EQ(breaches("// #define X, exit(0), asm, testing\n"
                     "/* #undef Y\n   _Exit */\n"
                     "const char* a = \"#define exit asm \\\" testing\";\n"
                     "const char* b = R\"x(#include \"/etc/shadow\" )\" exit)x\";\n"
                     "const char* c = u8\"exit\";\n"
                     "char d = '#', e = '\\'';\n"
                     "long f = 1'000'000, g = 0x1p-3;\n"
                     "long h = 10'000;\n"
                     "int exit_code_ = 0, exiting = 0, testing_mode = 0;\n"),
            Lines{});
  EXPECT_EQ(breaches("#pragma once\n#include <vector>\n#include <racelab/sync.hpp>\n"
                     "#include \"bank.hpp\"\n#\n"),
            Lines{});
}

TEST(ExerciseRules, RefuseWhatCannotBeRead) {
  EXPECT_EQ(breaches("int a;\n/* never closed\n#define X\n"), Lines{"2: unterminated"});
  EXPECT_EQ(breaches("const char* s = \"never closed\n#define X\n"), Lines{"1: unterminated"});
}

// What the rules must never refuse: every shipped exercise file, and every reference fix (the
// handout has no solutions/; there only the exercises are read).
TEST(ExerciseRules, AllowEveryShippedExerciseAndReference) {
  namespace fs = std::filesystem;
  int read = 0;
  for (const char* tree : {"labs", "solutions"}) {
    const fs::path root = fs::path(RACELAB_SOURCE_DIR) / tree;
    if (!fs::is_directory(root)) continue;
    for (const auto& lab : fs::directory_iterator(root)) {
      for (const char* technique : {"mutex", "atomic", "rwlock", "channel"}) {
        const fs::path file = lab.path() / (std::string(technique) + ".hpp");
        if (!fs::is_regular_file(file)) continue;
        std::ifstream in(file);
        std::stringstream content;
        content << in.rdbuf();
        EXPECT_EQ(breaches(content.str()), Lines{}) << file;
        ++read;
      }
    }
  }
  EXPECT_GE(read, 16) << "the exercise files were not found under " << RACELAB_SOURCE_DIR;
}

}  // namespace
}  // namespace racelab::grade
