// roots.hpp — the CPU-bound work of the lab: the sum of the square roots of a range of integers,
// and the interface every variant's accumulator implements.
//
// Each term is sqrt(i) in fixed point: rounded once, to an integer with `precision` fraction bits.
// Integer addition does not care about order, so every correct way of splitting and merging the
// work gives the same total, bit for bit, and "exact" is a check rather than a tolerance. (A sum of
// doubles would change with the order in which chunks are merged.)
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>

namespace racelab::parallelism {

using Total = std::uint64_t;

// Consecutive terms, [first, first + count): the unit of work a worker takes.
struct Chunk {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

inline constexpr unsigned kMaxPrecision = 30;

inline Total term(std::uint64_t i, unsigned precision) {
  const double scale = static_cast<double>(Total{1} << precision);
  return static_cast<Total>(std::sqrt(static_cast<double>(i)) * scale + 0.5);
}

// A chunk's sum, in locals: nothing here is shared, so any number of threads can run it at once.
inline Total chunk_sum(Chunk chunk, unsigned precision) {
  Total sum = 0;
  for (std::uint64_t i = chunk.first; i < chunk.first + chunk.count; ++i) sum += term(i, precision);
  return sum;
}

// What each variant (bug.hpp, mutex.hpp, atomic.hpp, rwlock.hpp, channel.hpp) implements:
//   SumOfRoots(precision)      the precision is the shared parameter the workers read
//   add(chunk)                 called by many worker threads at once: adds the chunk's terms
//   set_precision(bits)        called by any thread at any time: chunks that start afterwards
//                              use the new precision (the program never calls it while it
//                              measures; the checks do)
//   total()                    called once every add() has returned and the workers are joined
// clang-format 14 lays out a requires-expression after && as if it were a function body, at the
// concept's own indentation; clang-format 16 can indent it (RequiresExpressionIndentation).
// clang-format off
template <class Sum>
concept SumOfRootsLike = std::constructible_from<Sum, unsigned> &&
                         requires(Sum& sum, const Sum& done, Chunk chunk, unsigned precision) {
                           sum.add(chunk);
                           sum.set_precision(precision);
                           { done.total() } -> std::same_as<Total>;
                         };
// clang-format on

// A sum with an owner thread (message passing): the caller runs serve() on a thread of its own
// for the sum's whole life, and calls close() once every add() has returned; serve() then returns,
// and total() may be called after it has.
template <class Sum>
concept OwnedSum = SumOfRootsLike<Sum> && requires(Sum& sum) {
  sum.serve();
  sum.close();
};

}  // namespace racelab::parallelism
