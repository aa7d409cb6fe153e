// Bad submission: eats memory without end (64 MiB at a time, every page touched).
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

#include "prices.hpp"

namespace racelab::event_loop::using_channel {

class PriceBook {
 public:
  explicit PriceBook(PostToLoop /*unused*/) : table_(std::make_unique<PriceTable>(0)) {}

  template <class MakeTable>
  void refresh(MakeTable /*make_table*/) {}

  Quote quote(std::size_t item) {
    for (;;) {
      hoard_.push_back(std::make_unique<char[]>(64U << 20));
      std::memset(hoard_.back().get(), 1, 64U << 20);
    }
    return table_->quote(item);
  }

 private:
  std::vector<std::unique_ptr<char[]>> hoard_;
  std::unique_ptr<PriceTable> table_;
};

}  // namespace racelab::event_loop::using_channel
