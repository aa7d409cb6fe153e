// Reference fix: one atomic read-modify-write per deposit, no lock.
#pragma once

#include <atomic>

#include <racelab/sync.hpp>

#include "account.hpp"

namespace racelab::lost_update::using_atomic {

class Account {
 public:
  // fetch_add reads and writes in one indivisible step, so no deposit can fall between the two.
  // relaxed is enough: the balance publishes no other data, so no deposit needs to make earlier
  // writes visible to anyone. Atomicity does not depend on the order argument; every RMW reads the
  // latest value in the balance's modification order. The final balance is read after the threads
  // are joined, and join() synchronizes.
  void deposit(Amount amount) { balance_.fetch_add(amount, std::memory_order_relaxed); }

  // relaxed is enough here too. Read-read coherence guarantees that one thread's successive loads
  // of the same atomic never go backwards in its modification order, so the auditor never sees
  // the balance shrink. (It may see a value slightly old; it is never an impossible one.)
  Amount balance() const { return balance_.load(std::memory_order_relaxed); }

 private:
  sync::atomic<Amount> balance_{0};
};

}  // namespace racelab::lost_update::using_atomic
