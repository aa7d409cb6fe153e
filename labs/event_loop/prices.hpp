// prices.hpp — the shared data of the event-loop lab: a price table that a background thread
// rebuilds slowly and the loop's request handlers read.
//
// Every variant is a PriceBook with the same two sides:
//
//   refresh(make_table)   the background writer's side. make_table() is the slow part (300 ms in
//                         the program: a recomputation, a fetch from elsewhere); the book decides
//                         what to hold while it runs, and how to publish its result.
//   quote(item)           the loop's side, called from a request handler on the loop thread. It
//                         must return promptly: while it runs, no other request, timer or
//                         heartbeat on the loop can.
//
// A table is built whole by the writer and never changed after it is published, so a reader can
// only go wrong by reading a table that is not fully built, or one that has been freed.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include <racelab/sync.hpp>

namespace racelab::event_loop {

using Price = std::int64_t;
inline constexpr std::size_t kItems = 4;

// Generation g prices item i at 100 * (i + 1) + g: a quote can be checked against its table's
// generation.
constexpr Price list_price(std::size_t item, std::int64_t generation) {
  return 100 * static_cast<Price>(item + 1) + generation;
}

struct Quote {
  std::int64_t generation = 0;
  Price price = 0;
  std::size_t item = 0;
  [[nodiscard]] bool consistent() const { return price == list_price(item, generation); }
};

class PriceTable {
 public:
  explicit PriceTable(std::int64_t generation) {
    generation_.write(generation);
    for (std::size_t item = 0; item < kItems; ++item) {
      prices_[item].write(list_price(item, generation));
    }
  }
  PriceTable(const PriceTable&) = delete;
  PriceTable& operator=(const PriceTable&) = delete;

  [[nodiscard]] Quote quote(std::size_t item) const {
    item %= kItems;
    return Quote{generation_.read(), prices_[item].read(), item};
  }

 private:
  // sync::var, so that the model checks see every read and write of a table.
  sync::var<std::int64_t> generation_;
  std::array<sync::var<Price>, kItems> prices_;
};

// How a book hands work to the event loop's thread: EventLoop::post in the program, the model
// loop's queue in the Relacy checks. Only the message-passing book uses it.
using PostToLoop = std::function<void(std::string_view name, std::function<void()> work)>;

// Every variant's interface. make_table is any callable returning std::unique_ptr<PriceTable>.
// clang-format 14 lays out a requires-expression after && as if it were a function body, at the
// concept's own indentation; clang-format 16 can indent it (RequiresExpressionIndentation).
// clang-format off
template <class Book>
concept PriceBookLike =
    std::constructible_from<Book, PostToLoop> && requires(Book book, std::size_t item) {
      { book.quote(item) } -> std::same_as<Quote>;
      book.refresh([] { return std::make_unique<PriceTable>(1); });
    };
// clang-format on

}  // namespace racelab::event_loop
