// The TSan suppression of libstdc++'s atomic<shared_ptr> false positive
// (labs/common/racelab/tsan_suppressions.cpp) must hide that report and nothing else:
//
//   shared_ptr_publication clean   a writer publishes tables through
//                                  sync::atomic<std::shared_ptr<const Table>>, a reader quotes
//                                  from them: no report (ctest: TsanSeesNoRaceInTheLibrary)
//   shared_ptr_publication race    the same, and both threads also count their work in one plain
//                                  variable, as a student's "just a statistic" would: TSan must
//                                  report that race, naming this file
//                                  (ctest: TsanStillSeesARaceInTheLab)
#include <cstdio>
#include <memory>
#include <string_view>
#include <thread>

#include <racelab/sync.hpp>

namespace {

struct Table {
  long price = 0;
};

int run(bool count_in_a_plain_variable) {
  long work_done = 0;  // shared by both threads, unsynchronized in "race"
  racelab::sync::atomic<std::shared_ptr<Table>> current{std::make_shared<Table>()};
  constexpr int kTables = 2000;
  std::thread writer([&] {
    for (int generation = 1; generation <= kTables; ++generation) {
      if (count_in_a_plain_variable) ++work_done;
      current.store(std::make_shared<Table>(Table{generation}), std::memory_order_release);
    }
  });
  // The reader counts before its first quote, the writer before its first publication: the two
  // are unordered however the threads are scheduled, so the race is there in every run.
  if (count_in_a_plain_variable) ++work_done;
  long last = 0;
  while (last < kTables) last = current.load(std::memory_order_acquire)->price;
  writer.join();
  std::printf("last price seen: %ld, work counted: %ld\n", last, work_done);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 2 ? argv[1] : "";
  if (mode != "clean" && mode != "race") {
    std::fprintf(stderr, "usage: shared_ptr_publication clean|race\n");
    return 2;
  }
  return run(mode == "race");
}
