// Forged submission: before main() runs, it prints GoogleTest's verdict of success and ends the
// process with status 0, so that every check and program compiled with it would "pass" without
// running. The grader refuses it at std::_Exit, before any of it is compiled.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "bank.hpp"

namespace racelab::deadlock::using_atomic {

inline const bool forged_success = [] {
  std::fputs("[==========] 1 test from 1 test suite ran.\n[  PASSED  ] 1 test.\n", stdout);
  std::fflush(stdout);
  std::_Exit(0);
  return true;
}();

class Bank {
 public:
  Bank(std::size_t /*accounts*/, Amount /*opening_balance*/) {}
  void transfer(std::size_t /*from*/, std::size_t /*to*/, Amount /*amount*/) {}
  Amount total() { return 0; }
};

}  // namespace racelab::deadlock::using_atomic
