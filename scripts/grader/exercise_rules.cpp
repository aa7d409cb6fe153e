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
constexpr std::string_view kAsmWhy =
    "inline assembly and _Pragma have no place in an exercise file: they reach past the rules "
    "above";
constexpr std::string_view kProcessWhy =
    "a call that ends or replaces the process could end a check after it printed success and "
    "before it could fail";
constexpr std::string_view kFrameworkWhy =
    "an exercise file may not name the checks' own frameworks (GoogleTest, Relacy): they could "
    "switch checks off";
constexpr std::string_view kUnreadableWhy =
    "an unterminated comment or literal: the rest of the file cannot be checked";

// Ways to end or replace the process, compared after a "__builtin_" prefix and leading
// underscores are dropped and case is folded (so _Exit, std::exit and __builtin__exit are one).
constexpr std::array<std::string_view, 20> kProcessEnders = {
    "exit",         "quick_exit", "pthread_exit", "thrd_exit", "syscall", "execl",   "execle",
    "execlp",       "execv",      "execve",       "execvp",    "execvpe", "fexecve", "posix_spawn",
    "posix_spawnp", "dlopen",     "dlmopen",      "dlsym",     "dlvsym",  "ptrace"};

constexpr std::array<std::string_view, 15> kFrameworkNames = {
    "testing",        "rl",           "TEST",        "TEST_F",     "TEST_P",
    "TYPED_TEST",     "TYPED_TEST_P", "FAIL",        "SUCCEED",    "ADD_FAILURE",
    "ADD_FAILURE_AT", "SCOPED_TRACE", "FRIEND_TEST", "GTEST_SKIP", "TYPED_TEST_SUITE"};
constexpr std::array<std::string_view, 5> kFrameworkPrefixes = {"EXPECT_", "ASSERT_", "GTEST_",
                                                                "INSTANTIATE_", "RL_"};

constexpr std::array<std::string_view, 5> kAssembly = {"asm", "__asm", "__asm__", "_Pragma",
                                                       "__pragma"};

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool ends_process(std::string_view identifier) {
  if (identifier.starts_with("__builtin_")) identifier.remove_prefix(10);
  while (identifier.starts_with('_')) identifier.remove_prefix(1);
  std::string folded(identifier);
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return one_of(folded, kProcessEnders);
}

bool names_a_framework(std::string_view identifier) {
  return one_of(identifier, kFrameworkNames) ||
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

// A tokenizer of just enough of C++ (translation phases 1 to 3: line splices, comments, literals,
// identifiers, preprocessing numbers) to find every directive and identifier of a file, and none
// that only sits in a comment or a string.
class Scanner {
 public:
  Scanner(std::string_view source, std::size_t limit) : limit_(limit) {
    int line = 1;
    for (std::size_t i = 0; i < source.size(); ++i) {
      if (source[i] == '\\') {  // a backslash at the end of a line splices the next one on
        std::size_t next = i + 1;
        if (next < source.size() && source[next] == '\r') ++next;
        if (next < source.size() && source[next] == '\n') {
          i = next;
          ++line;
          continue;
        }
      }
      text_ += source[i];
      line_of_.push_back(line);
      if (source[i] == '\n') ++line;
    }
  }

  std::vector<RuleBreach> run() {
    while (at_ < text_.size() && breaches_.size() < limit_) step();
    return breaches_;
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }
  int line() const { return line_of_.empty() ? 1 : line_of_[std::min(at_, line_of_.size() - 1)]; }

  void breach(int line, std::string what, std::string_view why) {
    if (breaches_.size() < limit_) breaches_.push_back({line, std::move(what), std::string(why)});
  }
  void unreadable() {
    breach(line(), "unterminated", kUnreadableWhy);
    at_ = text_.size();
  }

  // Skips white space and comments; `within_line` stops at a newline (a directive ends there).
  void skip_space(bool within_line) {
    while (at_ < text_.size()) {
      const char c = peek();
      if (c == '\n' && within_line) return;
      if (c == '/' && peek(1) == '/') {
        while (at_ < text_.size() && peek() != '\n') ++at_;
      } else if (c == '/' && peek(1) == '*') {
        const std::size_t end = text_.find("*/", at_ + 2);
        if (end == std::string::npos) return unreadable();
        at_ = end + 2;
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        ++at_;
      } else {
        return;
      }
    }
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
    skip_space(true);
    if (at_ >= text_.size() || peek() == '\n') return;  // the null directive
    if (!identifier_char(peek()) || std::isdigit(static_cast<unsigned char>(peek())) != 0) {
      breach(line, "#" + std::string(1, peek()), kDirectiveWhy);
      return rest_of_line();
    }
    const std::string name(identifier());
    if (name == "include") {
      skip_space(true);
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
      return rest_of_line();
    }
    if (name == "pragma") {
      skip_space(true);
      if (identifier_char(peek()) && identifier() == "once") {
        skip_space(true);
        if (at_ >= text_.size() || peek() == '\n') return;
      }
      breach(line, "#pragma other than once", kDirectiveWhy);
      return rest_of_line();
    }
    breach(line, "#" + name, kDirectiveWhy);
    rest_of_line();
  }

  void step() {
    skip_space(false);
    if (at_ >= text_.size()) return;
    const char c = peek();
    const int here = line();
    if (c == '#' || (c == '%' && peek(1) == ':')) {  // "%:" is the digraph of '#'
      at_ += c == '#' ? 1 : 2;
      return directive(here);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
        (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))) != 0)) {
      return number();
    }
    if (c == '"' || c == '\'') return quoted(c);
    if (!identifier_char(c)) {
      ++at_;
      return;
    }
    const std::string_view word = identifier();
    if (peek() == '"' &&
        (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")) {
      return raw_string();
    }
    if ((peek() == '"' || peek() == '\'') &&
        (word == "u8" || word == "u" || word == "U" || word == "L")) {
      return quoted(peek());
    }
    if (one_of(word, kAssembly)) {
      breach(here, std::string(word), kAsmWhy);
    } else if (ends_process(word)) {
      breach(here, std::string(word), kProcessWhy);
    } else if (names_a_framework(word)) {
      breach(here, std::string(word), kFrameworkWhy);
    }
  }

  std::size_t limit_;
  std::string text_;          // the source with its line splices removed
  std::vector<int> line_of_;  // the physical line of each character of text_
  std::size_t at_ = 0;
  std::vector<RuleBreach> breaches_;
};

}  // namespace

std::vector<RuleBreach> exercise_rule_breaches(std::string_view source, std::size_t limit) {
  return Scanner(source, limit).run();
}

}  // namespace racelab::grade
