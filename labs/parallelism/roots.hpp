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

// What each variant (bug.hpp, mutex.hpp, atomic.hpp, rwlock.hpp, channel.hpp) implements: its
// contract. "Before" and "after" are happens-before: on one thread, or across threads that have
// synchronized (a join, a barrier, a lock, a message).
//
// C1  SumOfRoots(precision): a total of 0 and the given precision, 0 to kMaxPrecision bits.
//     Construction and destruction overlap no other call.
// C2  add(chunk) may be called from any number of worker threads at once, and at the same time as
//     set_precision(). It adds chunk_sum(chunk, p) to the total exactly once: no update is lost,
//     and the whole chunk is computed at one precision p, the one set last before the call, or
//     one that a set_precision() running at the same time sets.
// C3  add() is parallel: calls on different threads compute their chunks at the same time. What
//     they share (the precision, the total) is touched briefly, once or twice per chunk; nothing
//     makes one worker wait while another computes.
// C4  set_precision(bits) may be called by any thread at any time: at the same time as add(), and
//     as another set_precision(). Every add() that starts after it returned uses `bits`, until
//     the next one. (The program never calls it while it measures; the checks do.)
// C5  total() is called once every add() has returned and the workers are joined (for an
//     OwnedSum, once serve() has returned), and overlaps no other call. It returns the sum of
//     what every add() added.
// A sum with an owner thread (message passing, OwnedSum below) also has:
// C6  serve(), the owner's loop, run by one thread of the caller's own for the sum's whole life,
//     from before the first add(). Only it adds to the total.
// C7  close(), called once, after every add() has returned. serve() then adds every sum sent
//     before close(), and returns.
//
// Which check exercises each clause: README.md, "What the checks cover".

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

// A sum with an owner thread (message passing): C6 and C7 above.
template <class Sum>
concept OwnedSum = SumOfRootsLike<Sum> && requires(Sum& sum) {
  sum.serve();
  sum.close();
};

}  // namespace racelab::parallelism
