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
//
// The contract every book keeps (labs/event_loop/README.md, "What the checks cover", names the
// checks that hold a book to each clause):
//
//   C1  PriceBook(post): before any other call, on one thread. The book then quotes table
//       generation 0. `post` runs work on the loop thread, after the work posted before it (only
//       the message-passing book needs it); the loop runs posted work between its handlers.
//   C2  quote(item): on the loop thread only, so never beside another quote(); at any time beside
//       refresh(). It returns a Quote read whole from one published table (consistent(): its price
//       is that table's price for the item), never from a table still being built.
//   C3  quote() never waits for make_table(): at most for a short swap. Nothing the loop waits
//       for may be held while make_table() runs.
//   C4  refresh(make_table): on one writer thread at a time, beside quote(). It calls make_table()
//       once and publishes its table: a quote that begins after refresh() returned (and, for a
//       book that posts to the loop, after the loop ran the work refresh() posted) quotes that
//       table or a newer one. Tables are published in the order of their refreshes.
//   C5  Lifetime: a table stays valid for as long as any quote() that may be reading it has not
//       returned, however many refreshes are published meanwhile, and however long the quote
//       takes. A book knows that by a scheme (a lock held across the read, a reference count,
//       the loop owning the table, keeping every table), never by timing (a sleep, "a few
//       refreshes later"). Replaced tables are freed at the latest with the book.
//   C6  ~PriceBook(): after every call has returned (and the posted work has run or been
//       dropped); frees every table it still owns.
//
// Everything shared between the writer and the loop is a sync:: type (or is reached only through
// one): the model checks see nothing else, and the grader refuses other shared state for them.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>

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
  // `while_quoting`, if given, runs inside every quote() of this table, between the reads of its
  // generation and of the price: the checks' way to hold a reader inside a table (C5) for as long
  // as they like. The program never gives one.
  explicit PriceTable(std::int64_t generation, std::function<void()> while_quoting = {})
      : while_quoting_(std::move(while_quoting)) {
    generation_.write(generation);
    for (std::size_t item = 0; item < kItems; ++item) {
      prices_[item].write(list_price(item, generation));
    }
  }
  PriceTable(const PriceTable&) = delete;
  PriceTable& operator=(const PriceTable&) = delete;

  [[nodiscard]] Quote quote(std::size_t item) const {
    item %= kItems;
    const std::int64_t generation = generation_.read();
    if (while_quoting_) while_quoting_();
    return Quote{generation, prices_[item].read(), item};
  }

 private:
  std::function<void()> while_quoting_;  // set before the table is published, then only read
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
