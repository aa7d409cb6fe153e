// The README's claim about the atomic fix, pinned: publish the table with relaxed instead of
// release, and the hand-off model finds the reader following the new pointer into contents it
// cannot see yet (a DATA RACE). The book below is the reference's, with that one order changed;
// were the model unable to tell the two apart, the atomic exercise would be graded by nothing.
#include "model_check.hpp"

#include <memory>
#include <vector>

#include <event_loop/prices.hpp>

#include "handoff_model.hpp"

namespace racelab::event_loop {
namespace {

class RelaxedPublication {
 public:
  explicit RelaxedPublication(PostToLoop /*unused*/) {
    published_.push_back(std::make_unique<PriceTable>(0));
    current_.store(published_.back().get(), std::memory_order_relaxed);
  }
  template <class MakeTable>
  void refresh(MakeTable make_table) {
    published_.push_back(make_table());
    current_.store(published_.back().get(), std::memory_order_relaxed);  // the mistake
  }
  Quote quote(std::size_t item) { return current_.load(std::memory_order_acquire)->quote(item); }

 private:
  sync::atomic<PriceTable*> current_{nullptr};
  std::vector<std::unique_ptr<PriceTable>> published_;
};

TEST(relaxed_publication, ModelFindsADataRace) {
  const model::Verdict verdict =
      model::check<HandoffModel<RelaxedPublication>>(model::FullSearch{});
  EXPECT_EQ(verdict.result_name, "DATA RACE") << model::describe(verdict);
}

}  // namespace
}  // namespace racelab::event_loop
