#include "exercise_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace racelab::grade {
namespace {

constexpr std::string_view kDirectiveWhy =
    "an exercise file may only #include headers and say #pragma once: a macro could rewrite the "
    "checks compiled after it";
constexpr std::string_view kIncludeWhy =
    "only a header named by a relative path may be included (<vector>, <racelab/sync.hpp>, "
    "\"bank.hpp\"): any other path could read a file outside the lab into the report";
constexpr std::string_view kSpliceWhy =
    "a line may not end in a backslash: a line splice can hide a directive from this check";
constexpr std::string_view kCompilerWhy =
    "inline assembly, _Pragma and compiler-specific attributes have no place in an exercise file: "
    "they reach past these rules (an alias of _exit, say)";
constexpr std::string_view kProcessWhy =
    "a call that ends or replaces the process could end a check after it printed success and "
    "before it could fail";
constexpr std::string_view kEnvironmentWhy =
    "the environment and the program's own name and arguments are the checks' settings (which "
    "checks run, and how): an exercise file may not change them";
constexpr std::string_view kFrameworkWhy =
    "an exercise file may not name the checks' own frameworks (GoogleTest, Relacy): they could "
    "switch checks off";
constexpr std::string_view kUnreadableWhy =
    "an unterminated comment or literal: the rest of the file cannot be checked";

// Calls that end or replace the process, each also as a GCC builtin ("__builtin_" + name).
constexpr std::array<std::string_view, 23> kProcessEnders = {
    "exit",     "_exit",   "_Exit",   "quick_exit", "pthread_exit", "thrd_exit",
    "syscall",  "execl",   "execle",  "execlp",     "execv",        "execve",
    "execveat", "execvp",  "execvpe", "fexecve",    "posix_spawn",  "posix_spawnp",
    "dlopen",   "dlmopen", "dlsym",   "dlvsym",     "ptrace"};

// GoogleTest reads its settings from the environment (GTEST_FILTER, GTEST_SHARD_INDEX, ...) and
// its arguments; glibc's program_invocation_name points at the arguments themselves.
constexpr std::array<std::string_view, 9> kEnvironment = {"setenv",
                                                          "putenv",
                                                          "unsetenv",
                                                          "clearenv",
                                                          "environ",
                                                          "__environ",
                                                          "program_invocation_name",
                                                          "program_invocation_short_name",
                                                          "__progname"};

constexpr std::array<std::string_view, 13> kFrameworkMacros = {
    "TEST",        "TEST_F",     "TEST_P",          "TYPED_TEST",     "TYPED_TEST_P",
    "FAIL",        "SUCCEED",    "ADD_FAILURE",     "ADD_FAILURE_AT", "SCOPED_TRACE",
    "FRIEND_TEST", "GTEST_SKIP", "TYPED_TEST_SUITE"};
constexpr std::array<std::string_view, 5> kFrameworkPrefixes = {"EXPECT_", "ASSERT_", "GTEST_",
                                                                "INSTANTIATE_", "RL_"};
// Namespaces, refused where a name is one (before "::", after "namespace" or "using", or as what a
// namespace alias names); elsewhere `rl` is a fine name for a reader lock.
constexpr std::array<std::string_view, 2> kFrameworkNamespaces = {"testing", "rl"};

constexpr std::array<std::string_view, 6> kCompilerSpecific = {
    "asm", "__asm", "__asm__", "_Pragma", "__attribute__", "__attribute"};
// Attribute namespaces, refused before "::" ([[gnu::alias("_exit")]]); standard attributes
// ([[nodiscard]], [[maybe_unused]]) are fine.
constexpr std::array<std::string_view, 2> kAttributeNamespaces = {"gnu", "clang"};

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool ends_process(std::string_view identifier) {
  if (identifier.starts_with("__builtin_")) identifier.remove_prefix(10);
  return one_of(identifier, kProcessEnders);
}

bool is_framework_macro(std::string_view identifier) {
  return one_of(identifier, kFrameworkMacros) ||
         std::any_of(kFrameworkPrefixes.begin(), kFrameworkPrefixes.end(),
                     [&](std::string_view prefix) { return identifier.starts_with(prefix); });
}

// A header may be named by a relative path of plain characters, without "..": what the include
// path then finds is the standard library's, racelab's or the lab's own.
bool safe_header_name(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  const bool plain = std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '.' || c == '/' || c == '+' || c == '-';
  });
  if (!plain) return false;
  for (std::size_t start = 0; start <= name.size();) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    if (name.substr(start, slash - start) == "..") return false;
    start = slash + 1;
  }
  return true;
}

bool identifier_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) != 0 || c == '_' || c == '$' || byte >= 0x80;
}

bool horizontal_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// A tokenizer of just enough of C++ (translation phases 1 to 3: line endings, comments, literals,
// identifiers, preprocessing numbers) to find every directive and identifier of a file, and none
// that only sits in a comment or a string. Line splices are refused rather than performed: with
// none in the file, what this tokenizer sees is what the compiler sees.
class Scanner {
 public:
  Scanner(std::string_view source, std::size_t limit) : limit_(limit) {
    int line = 1;
    for (std::size_t i = 0; i < source.size(); ++i) {
      char c = source[i];
      if (c == '\\') {  // GCC splices a backslash, white space and a line end, with a warning
        std::size_t next = i + 1;
        while (next < source.size() && horizontal_space(source[next])) ++next;
        if (next < source.size() && (source[next] == '\n' || source[next] == '\r')) {
          breach(line, "a backslash at the end of the line", kSpliceWhy);
        }
      }
      if (c == '\r') {  // CR LF and a lone CR end a line, as LF does
        if (i + 1 < source.size() && source[i + 1] == '\n') continue;
        c = '\n';
      }
      text_ += c;
      line_of_.push_back(line);
      if (c == '\n') ++line;
    }
  }

  std::vector<RuleBreach> run() {
    while (at_ < text_.size() && breaches_.size() < limit_) step();
    // The splices were found before the scan: every breach in the order of its line.
    std::stable_sort(breaches_.begin(), breaches_.end(),
                     [](const RuleBreach& a, const RuleBreach& b) { return a.line < b.line; });
    return breaches_;
  }

 private:
  char at(std::size_t position) const { return position < text_.size() ? text_[position] : '\0'; }
  char peek(std::size_t ahead = 0) const { return at(at_ + ahead); }
  int line() const { return line_of_.empty() ? 1 : line_of_[std::min(at_, line_of_.size() - 1)]; }

  void breach(int line, std::string what, std::string_view why) {
    if (breaches_.size() < limit_) breaches_.push_back({line, std::move(what), std::string(why)});
  }
  void unreadable() {
    breach(line(), "unterminated", kUnreadableWhy);
    at_ = text_.size();
  }

  // Where the next token starts, past white space and comments (npos: in an unterminated
  // comment, which then starts at `*opened`); `within_line` stops at a line end, where a
  // directive ends.
  std::size_t past_blanks(std::size_t position, bool within_line,
                          std::size_t* opened = nullptr) const {
    while (position < text_.size()) {
      const char c = text_[position];
      if (c == '\n' && within_line) return position;
      if (c == '/' && at(position + 1) == '/') {
        while (position < text_.size() && text_[position] != '\n') ++position;
      } else if (c == '/' && at(position + 1) == '*') {
        const std::size_t end = text_.find("*/", position + 2);
        if (end == std::string::npos) {
          if (opened != nullptr) *opened = position;
          return std::string::npos;
        }
        position = end + 2;
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        ++position;
      } else {
        return position;
      }
    }
    return position;
  }
  void skip_blanks(bool within_line) {
    std::size_t opened = at_;
    const std::size_t next = past_blanks(at_, within_line, &opened);
    if (next == std::string::npos) {
      at_ = opened;
      return unreadable();
    }
    at_ = next;
  }
  bool next_is_scope() const {  // is the next token "::"?
    const std::size_t next = past_blanks(at_, false);
    return next != std::string::npos && at(next) == ':' && at(next + 1) == ':';
  }

  std::string_view identifier() {
    const std::size_t start = at_;
    while (at_ < text_.size() && identifier_char(peek())) ++at_;
    return std::string_view(text_).substr(start, at_ - start);
  }

  void quoted(char quote) {  // at the opening quote
    for (++at_; at_ < text_.size(); ++at_) {
      if (peek() == '\\') {
        ++at_;
      } else if (peek() == quote) {
        ++at_;
        return;
      } else if (peek() == '\n') {
        break;
      }
    }
    unreadable();
  }

  void raw_string() {  // at the quote after R
    const std::size_t open = text_.find('(', at_);
    if (open == std::string::npos || open - at_ > 17) return unreadable();
    const std::string close = ")" + text_.substr(at_ + 1, open - at_ - 1) + "\"";
    const std::size_t end = text_.find(close, open);
    if (end == std::string::npos) return unreadable();
    at_ = end + close.size();
  }

  void number() {
    ++at_;
    while (at_ < text_.size()) {
      const char c = peek();
      if (identifier_char(c) || c == '.') {
        ++at_;
      } else if (c == '\'' && identifier_char(peek(1))) {  // a digit separator: 1'000'000
        at_ += 2;
      } else if ((c == '+' || c == '-') && std::strchr("eEpP", text_[at_ - 1]) != nullptr) {
        ++at_;
      } else {
        return;
      }
    }
  }

  void rest_of_line() {
    while (at_ < text_.size() && peek() != '\n') ++at_;
  }

  void directive(int line) {  // just after '#' or "%:"
    skip_blanks(true);
    if (at_ >= text_.size() || peek() == '\n') return;  // the null directive
    if (!identifier_char(peek()) || std::isdigit(static_cast<unsigned char>(peek())) != 0) {
      breach(line, "#" + std::string(1, peek()), kDirectiveWhy);
      return rest_of_line();
    }
    const std::string name(identifier());
    if (name == "include") {
      skip_blanks(true);
      const char open = peek();
      const char close = open == '<' ? '>' : open == '"' ? '"' : '\0';
      const std::size_t end = close == '\0' ? std::string::npos : text_.find(close, at_ + 1);
      const std::size_t line_end = std::min(text_.find('\n', at_), text_.size());
      if (end == std::string::npos || end > line_end) {
        breach(line, "#include of a computed name", kIncludeWhy);
        return rest_of_line();
      }
      const std::string header = text_.substr(at_ + 1, end - at_ - 1);
      if (!safe_header_name(header)) {
        breach(line, "#include " + std::string(1, open) + header + std::string(1, close),
               kIncludeWhy);
      }
      at_ = end + 1;  // what follows on the line (a comment, say) is read like any other text
      return;
    }
    if (name == "pragma") {
      skip_blanks(true);
      if (identifier_char(peek()) && identifier() == "once") {
        skip_blanks(true);
        if (at_ >= text_.size() || peek() == '\n') return;
      }
      breach(line, "#pragma other than once", kDirectiveWhy);
      return rest_of_line();
    }
    breach(line, "#" + name, kDirectiveWhy);
    rest_of_line();
  }

  void check_identifier(std::string_view word, int here) {
    const bool names_a_namespace =
        next_is_scope() || previous_[0] == "namespace" || previous_[0] == "using" ||
        (previous_[0] == "=" && previous_[2] == "namespace");  // namespace alias = word
    if (one_of(word, kCompilerSpecific) ||
        (one_of(word, kAttributeNamespaces) && next_is_scope())) {
      breach(here, std::string(word), kCompilerWhy);
    } else if (ends_process(word)) {
      breach(here, std::string(word), kProcessWhy);
    } else if (one_of(word, kEnvironment)) {
      breach(here, std::string(word), kEnvironmentWhy);
    } else if (is_framework_macro(word) ||
               (one_of(word, kFrameworkNamespaces) && names_a_namespace)) {
      breach(here, std::string(word), kFrameworkWhy);
    }
  }

  void remember(std::string token) {
    previous_[2] = std::move(previous_[1]);
    previous_[1] = std::move(previous_[0]);
    previous_[0] = std::move(token);
  }

  void step() {
    skip_blanks(false);
    if (at_ >= text_.size()) return;
    const char c = peek();
    const int here = line();
    if (c == '#' || (c == '%' && peek(1) == ':')) {  // "%:" is the digraph of '#'
      at_ += c == '#' ? 1 : 2;
      remember("#");
      return directive(here);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
        (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))) != 0)) {
      remember("0");
      return number();
    }
    if (c == '"' || c == '\'') {
      remember("\"");
      return quoted(c);
    }
    if (!identifier_char(c)) {
      const bool scope = c == ':' && peek(1) == ':';
      at_ += scope ? 2 : 1;
      remember(scope ? "::" : std::string(1, c));
      return;
    }
    const std::string_view word = identifier();
    if (peek() == '"' &&
        (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")) {
      remember("\"");
      return raw_string();
    }
    if ((peek() == '"' || peek() == '\'') &&
        (word == "u8" || word == "u" || word == "U" || word == "L")) {
      remember("\"");
      return quoted(peek());
    }
    check_identifier(word, here);
    remember(std::string(word));
  }

  std::size_t limit_;
  std::string text_;          // the source, every line ending a '\n'
  std::vector<int> line_of_;  // the line of each character of text_
  std::size_t at_ = 0;
  std::array<std::string, 3> previous_;  // the last three tokens, the latest first
  std::vector<RuleBreach> breaches_;
};

}  // namespace

std::vector<RuleBreach> exercise_rule_breaches(std::string_view source, std::size_t limit) {
  return Scanner(source, limit).run();
}

}  // namespace racelab::grade
