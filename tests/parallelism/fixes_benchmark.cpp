// The price of each fix: chunks added per second through each reference sum, at 1, 2, 4 and 8
// threads, beside the hardware's own prices (tests/support/anchor_benchmarks.cpp), all measured
// in the same run. A measurement, not a test: scripts/lab bench parallelism runs it, reports the
// throughputs as ratios to the anchors and plots them.
//
//   build/dev/tests/parallelism/parallelism_fixes_benchmark
//
// Every thread adds chunks of 16 terms to one sum, at the program's default precision. A chunk
// that small costs about as much to compute as one lock, so what separates the fixes is what each
// charges per add() on top (the program's chunks are a million terms, where that charge is lost
// in the work). The message-passing sum's owner thread runs beside them (fix_benchmark.hpp).
#include "fix_benchmark.hpp"

#include <cstdint>

#include <parallelism/atomic.hpp>
#include <parallelism/channel.hpp>
#include <parallelism/mutex.hpp>
#include <parallelism/rwlock.hpp>

namespace racelab::parallelism {
namespace {

constexpr unsigned kPrecision = 16;  // the program's default (--precision)
constexpr std::uint64_t kChunkTerms = 16;

template <SumOfRootsLike Sum>
void fix(const char* name) {
  bench::register_fix<Sum, kPrecision>(name, [](benchmark::State& state, Sum& sum) {
    std::uint64_t first = 0;
    for (auto _ : state) {
      sum.add(Chunk{first, kChunkTerms});
      first += kChunkTerms;
    }
  });
}

[[maybe_unused]] const bool registered = [] {
  fix<using_mutex::SumOfRoots>("mutex");
  fix<using_atomic::SumOfRoots>("atomic");
  fix<using_rwlock::SumOfRoots>("rwlock");
  fix<using_channel::SumOfRoots>("channel");
  return true;
}();

}  // namespace
}  // namespace racelab::parallelism

BENCHMARK_MAIN();
