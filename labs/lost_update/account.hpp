// What every lost-update account offers, whichever technique keeps it correct.
//
// deposit() may be called from any number of threads at once, and so may balance(): the auditor
// reads the balance while deposits are in flight. An account that keeps its balance on an owner
// thread (message passing) also offers serve(), the owner's loop, and close(), which ends it once
// every message sent before it has been handled. The harnesses (deposit_run.hpp for real threads,
// tests/lost_update/model_test.cpp for Relacy) give such an account its owner thread.
#pragma once

#include <concepts>
#include <cstdint>

namespace racelab::lost_update {

using Amount = std::int64_t;

template <class Account>
concept AccountLike = std::default_initializable<Account> && requires(Account& account) {
  account.deposit(Amount{1});
  { account.balance() } -> std::same_as<Amount>;
};

template <class Account>
concept OwnedAccount = AccountLike<Account> && requires(Account& account) {
  account.serve();
  account.close();
};

}  // namespace racelab::lost_update
