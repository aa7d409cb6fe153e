// racelab/cli.hpp — the command-line conventions every lab program shares.
//
// Exit status: 0 the result was correct, 1 the bug showed, 2 bad usage (one clear line on
// stderr, never a crash), 4 this machine cannot measure the claim (one core, or cores too busy to
// show a speedup: the program says which, and a grader reports the part as not gradable here
// rather than as a failure). Labs with more outcomes (a detected deadlock, 3) add their own codes.
// Counts are parsed strictly: digits only, no sign, no trailing junk, in range; "10x", "-1", "0"
// and "99999999999999999999" are all refused with a message that says which flag and why.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace racelab::cli {

enum ExitStatus : int { kCorrect = 0, kBugShowed = 1, kUsage = 2, kUnmeasurable = 4 };

// Thrown for anything the user typed wrong; main() prints what() as one line and exits kUsage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline std::uint64_t parse_count(std::string_view flag, std::string_view text, std::uint64_t min,
                                 std::uint64_t max) {
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (text.empty() || text.front() < '0' || text.front() > '9') {
    throw UsageError(std::string(flag) + " wants a whole number in " + range + ", not '" +
                     std::string(text) + "'");
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || (error == std::errc{} && value > max)) {
    throw UsageError(std::string(flag) + " is too large: '" + std::string(text) + "' (at most " +
                     std::to_string(max) + ")");
  }
  if (error != std::errc{} || end != text.data() + text.size()) {
    throw UsageError(std::string(flag) + " wants a whole number in " + range + ", not '" +
                     std::string(text) + "'");
  }
  if (value < min) {
    throw UsageError(std::string(flag) + " must be at least " + std::to_string(min) + ", not " +
                     std::string(text));
  }
  return value;
}

// The entry of `variants` called `name`, or a UsageError that lists the valid names. Each lab
// program keeps its variants in one array of structs with a `name` member.
template <class Variants>
const auto& find_variant(const Variants& variants, std::string_view name) {
  std::string names;
  for (const auto& variant : variants) {
    if (variant.name == name) return variant;
    names += (names.empty() ? "" : ", ") + std::string(variant.name);
  }
  throw UsageError("unknown variant '" + std::string(name) + "'; valid variants: " + names);
}

// The start that every lab's main() shares: parse the arguments (a UsageError becomes one line on
// stderr, "LAB: what was wrong", and exit status kUsage), then --help and --list-variants. Returns
// the exit status when there is nothing left to do, std::nullopt when the experiment should run.
// Options needs `help` and `list_variants` members; each of `variants` a `name`.
template <class Options, class Variants>
std::optional<int> start(std::string_view lab, int argc, char** argv, Options& options,
                         Options (*parse)(int, char**), void (*print_help)(std::string_view),
                         const Variants& variants) {
  try {
    options = parse(argc, argv);
  } catch (const UsageError& error) {
    std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(lab.size()), lab.data(), error.what());
    return kUsage;
  }
  if (options.help) {
    print_help(argc > 0 ? argv[0] : lab);
    return kCorrect;
  }
  if (options.list_variants) {
    for (const auto& variant : variants) {
      std::printf("%.*s\n", static_cast<int>(variant.name.size()), variant.name.data());
    }
    return kCorrect;
  }
  return std::nullopt;
}

// Walks argv, accepting "--flag value" and "--flag=value".
class ArgumentCursor {
 public:
  ArgumentCursor(int argc, char** argv) : args_(argv + 1, argc > 0 ? argc - 1 : 0) {}

  [[nodiscard]] bool done() const { return next_ >= args_.size(); }

  // The next flag's name ("--threads"); a "=value" part is kept for value().
  std::string_view flag() {
    std::string_view arg = args_[next_++];
    has_inline_value_ = false;
    if (const auto equals = arg.find('='); arg.starts_with("--") && equals != arg.npos) {
      inline_value_ = arg.substr(equals + 1);
      has_inline_value_ = true;
      arg = arg.substr(0, equals);
    }
    current_ = arg;
    return arg;
  }

  // The value of the flag just read.
  std::string_view value() {
    if (std::exchange(has_inline_value_, false)) return inline_value_;
    if (done()) throw UsageError(std::string(current_) + " needs a value");
    return args_[next_++];
  }

  // For flags that take no value: "--json=yes" is a mistake, not a synonym.
  void no_value() const {
    if (has_inline_value_) throw UsageError(std::string(current_) + " takes no value");
  }

 private:
  std::span<char*> args_;
  std::size_t next_ = 0;
  std::string_view current_;
  // A plain flag, not std::optional: GCC 12 warns, wrongly, that an inlined optional<string_view>
  // may be used uninitialized.
  std::string_view inline_value_;
  bool has_inline_value_ = false;
};

// The flags every lab program takes: --help (-h), --list-variants and --json, none with a value.
// Returns false for any other flag, which the lab's own parse() then handles. Options needs
// `help`, `list_variants` and `json` members.
template <class Options>
bool parse_standard_flag(ArgumentCursor& args, std::string_view flag, Options& options) {
  bool* const setting = flag == "--help" || flag == "-h" ? &options.help
                        : flag == "--list-variants"      ? &options.list_variants
                        : flag == "--json"               ? &options.json
                                                         : nullptr;
  if (setting == nullptr) return false;
  args.no_value();
  *setting = true;
  return true;
}

}  // namespace racelab::cli
