// The rules for exercise files (scripts/grader/exercise_rules.hpp): each forgery they exist to
// stop is refused at the line it is on, in every spelling tried here (digraphs, line splices,
// CR line ends, comments inside and after a directive), and nothing a fix legitimately contains
// is: not the text of comments and string literals, not digit separators, not a reader lock named
// rl, and not one shipped exercise file or reference fix.
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
  EXPECT_EQ(breaches("/* a */ # /* b */ define X 1\n"), Lines{"1: #define"});
  EXPECT_EQ(breaches("/* one\ntwo */\n\n#define X\n"), Lines{"4: #define"});
  EXPECT_EQ(breaches("int a; # define X\n"), Lines{"1: #define"});  // '#' is never plain code
  // GCC ends a line at CR LF and at a lone CR too.
  EXPECT_EQ(breaches("// a comment\r#define X\n"), Lines{"2: #define"});
  EXPECT_EQ(breaches("int a;\r\n#define X\r\n"), Lines{"2: #define"});
  // A comment that opens after an #include's header name hides nothing from the scanner.
  EXPECT_EQ(breaches("#include <vector> /*\nR\"( */\n#define EXPECT_EQ(a, b) (void)0\n// )\"\n"),
            Lines{"3: #define"});
}

// A splice (a backslash, perhaps white space, then the line's end) is refused wherever it is: the
// compiler splices outside raw strings only, so a splice could make the two disagree.
TEST(ExerciseRules, RefuseEveryLineSplice) {
  const Lines splice{"1: a backslash at the end of the line"};
  EXPECT_EQ(breaches("int a; // \\\n"), splice);
  EXPECT_EQ(breaches("int a; // \\  \t\n"), splice);  // GCC splices these too, with a warning
  EXPECT_EQ(breaches("int a; // \\\r\n"), splice);
  EXPECT_EQ(breaches("const char* s = R\"()\\\n\"/*)\";\n"), splice);
  EXPECT_EQ(breaches("#de\\\nfine X 1\n"),
            (Lines{"1: a backslash at the end of the line", "1: #de"}));
  EXPECT_EQ(breaches("const char* s = \"a\\\\\";\n"), Lines{});  // an escaped backslash
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
  EXPECT_EQ(breaches("void f() { __builtin__Exit(0); }"), Lines{"1: __builtin__Exit"});
  EXPECT_EQ(breaches("void f() { pthread_exit(nullptr); }"), Lines{"1: pthread_exit"});
  EXPECT_EQ(breaches("void f() { execl(\"/bin/true\", \"true\", nullptr); }"), Lines{"1: execl"});
  EXPECT_EQ(breaches("void f() { syscall(231, 0); }"), Lines{"1: syscall"});
  EXPECT_EQ(breaches("auto p = dlsym(nullptr, \"_exit\");"), Lines{"1: dlsym"});
  EXPECT_EQ(breaches("void f() { execveat(0, \"\", nullptr, nullptr, 0); }"), Lines{"1: execveat"});
  EXPECT_EQ(breaches("enum class Step { Enter, Exit, EXIT };"), Lines{});
}

TEST(ExerciseRules, RefuseCompilerSpecificWaysAroundThem) {
  EXPECT_EQ(breaches("static void bye(int) __attribute__((weakref(\"_exit\")));"),
            Lines{"1: __attribute__"});
  EXPECT_EQ(breaches("[[gnu::alias(\"_exit\")]] void bye(int);"), Lines{"1: gnu"});
  EXPECT_EQ(breaches("[[nodiscard]] int f(); [[maybe_unused]] int gnu = 0;"), Lines{});
}

TEST(ExerciseRules, RefuseChangesToTheChecksSettings) {
  EXPECT_EQ(breaches("bool b = setenv(\"GTEST_SHARD_INDEX\", \"1\", 1);"), Lines{"1: setenv"});
  EXPECT_EQ(breaches("void f() { environ = nullptr; }"), Lines{"1: environ"});
  EXPECT_EQ(breaches("char* p = program_invocation_name;"), Lines{"1: program_invocation_name"});
}

TEST(ExerciseRules, RefuseTheChecksOwnFrameworks) {
  EXPECT_EQ(breaches("bool b = (GTEST_FLAG_SET(filter, \"-*\"), true);"),
            Lines{"1: GTEST_FLAG_SET"});
  EXPECT_EQ(breaches("namespace t = testing;"), Lines{"1: testing"});
  EXPECT_EQ(breaches("using namespace testing;"), Lines{"1: testing"});
  EXPECT_EQ(breaches("auto m = ::testing /* */ ::Message();"), Lines{"1: testing"});
  EXPECT_EQ(breaches("void f() { GTEST_SKIP(); }"), Lines{"1: GTEST_SKIP"});
  EXPECT_EQ(breaches("void f() { EXPECT_TRUE(true); }"), Lines{"1: EXPECT_TRUE"});
  EXPECT_EQ(breaches("template <> bool rl::simulate<int>();"), Lines{"1: rl"});
  EXPECT_EQ(breaches("void f() { RL_ASSERT(true); }"), Lines{"1: RL_ASSERT"});
  // A reader lock may well be called rl.
  EXPECT_EQ(breaches("void f() { std::shared_lock rl(lock_); rl.unlock(); bool testing = rl; }"),
            Lines{});
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
