// Forged submission: includes a file that only root may read. Compiled by a grader running as
// root, the compiler's complaints about it would quote it, line by line, in the student's report.
// The grader refuses the #include, before any of it is compiled.
#pragma once

#include <cstddef>

#include "/etc/shadow"
#include "bank.hpp"

namespace racelab::deadlock::using_rwlock {

class Bank {
 public:
  Bank(std::size_t /*accounts*/, Amount /*opening_balance*/) {}
  void transfer(std::size_t /*from*/, std::size_t /*to*/, Amount /*amount*/) {}
  Amount total() { return 0; }
};

}  // namespace racelab::deadlock::using_rwlock
