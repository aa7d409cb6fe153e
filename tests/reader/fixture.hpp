// fixture.hpp — the reader's tests read recorded reports (fixtures/README.md) and the lines of
// this checkout that those reports name.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <racelab/verdict.hpp>

namespace racelab::reader {

inline const std::string kSources = RACELAB_SOURCE_DIR;

// A recorded report of tests/reader/fixtures/, whole.
inline std::string fixture(const std::string& name) {
  std::ifstream in(kSources + "/tests/reader/fixtures/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << "missing fixture " << name;
  return text.str();
}

// The text of a line of this checkout, as the reader shows it.
inline std::string line_of(const std::string& path, unsigned line) {
  return verdict::source_line(kSources + "/" + path, line);
}

}  // namespace racelab::reader
