// racelab/report.hpp — output for people and for machines, the same for every lab.
//
// People get aligned label/value rows and a coloured verdict (colour only when stdout is a
// terminal and NO_COLOR is unset). Machines get --json: one JSON object on one line.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/color.h>
#include <fmt/format.h>

namespace racelab::report {

inline bool colour_enabled() {
  static const bool enabled = std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  return enabled;
}

// fmt::styled that degrades to plain text when colour is off.
template <class T>
auto paint(const T& value, fmt::text_style style) {
  return fmt::styled(value, colour_enabled() ? style : fmt::text_style{});
}

inline const fmt::text_style kGood = fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold;
inline const fmt::text_style kBad = fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
inline const fmt::text_style kDim = fmt::fg(fmt::terminal_color::bright_black);

// 1234567 -> "1,234,567": counts people can read at a glance, independent of the locale.
inline std::string grouped(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -static_cast<std::uint64_t>(value)
                                                      : static_cast<std::uint64_t>(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

// One "label   value" row; labels are padded so that the values line up.
inline void row(std::string_view label, std::string_view value, std::string_view note = {}) {
  fmt::print("  {:<18} {:>16}", label, value);
  if (!note.empty()) fmt::print("  {}", paint(note, kDim));
  fmt::print("\n");
}

}  // namespace racelab::report
