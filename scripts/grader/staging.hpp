// staging.hpp — copying files into the tree the grader builds, touching only what changed, so
// that a warm build stays warm.
#pragma once

#include <filesystem>
#include <string>

namespace racelab::grade {

std::string file_content(const std::filesystem::path& path);

// Copies only when the content differs.
void sync_file(const std::filesystem::path& from, const std::filesystem::path& to);

// `leave(relative path)` names the files the caller copies itself.
template <typename Leave>
void sync_tree(const std::filesystem::path& from, const std::filesystem::path& to, Leave leave) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(from)) {
    const std::filesystem::path relative = std::filesystem::relative(entry.path(), from);
    if (entry.is_regular_file() && !leave(relative)) sync_file(entry.path(), to / relative);
  }
}

}  // namespace racelab::grade
