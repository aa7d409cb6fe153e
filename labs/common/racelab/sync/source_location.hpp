// racelab/sync/source_location.hpp — where a sync operation was called from.
//
// The model backend hands it to Relacy (whose reports then name the lab's line), the tracked
// backend to the lock-order checker. std::source_location would do, but libstdc++ builds it on
// __builtin_source_location, which clang 14 lacks; these three builtins are older, supported by
// both compilers, and likewise evaluated at the outermost call site when used as default
// arguments.
#pragma once

#include <string_view>

namespace racelab::sync {

class source_location {
 public:
  static constexpr source_location current(const char* file = __builtin_FILE(),
                                           const char* function = __builtin_FUNCTION(),
                                           unsigned line = __builtin_LINE()) noexcept {
    return source_location(file, function, line);
  }
  [[nodiscard]] constexpr const char* file_name() const noexcept { return file_; }
  [[nodiscard]] constexpr const char* function_name() const noexcept { return function_; }
  [[nodiscard]] constexpr unsigned line() const noexcept { return line_; }

 private:
  constexpr source_location(const char* file, const char* function, unsigned line) noexcept
      : file_(file), function_(function), line_(line) {}
  const char* file_;
  const char* function_;
  unsigned line_;
};

// "labs/deadlock/bug.hpp" rather than the absolute path the compiler was given: reports name
// files the way the repository does.
constexpr std::string_view repository_path(std::string_view file) noexcept {
  for (const std::string_view root : {"/labs/", "/solutions/", "/tests/"}) {
    if (const auto at = file.rfind(root); at != std::string_view::npos) {
      return file.substr(at + 1);
    }
  }
  return file;
}

}  // namespace racelab::sync
