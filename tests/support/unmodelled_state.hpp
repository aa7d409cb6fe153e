// unmodelled_state.hpp — the shared state of an exercise that the Relacy model cannot see.
//
// Relacy knows only its own types: the model backend's sync:: types. A member that holds shared
// state in anything else (a plain `long`, a `volatile` one, a std::atomic, a std::mutex) is
// invisible to it, and threads are switched only at sync:: operations, so a race on such a member
// passes a model check that real threads fail. So before a model check vouches for an exercise,
// this rule looks at every variable the exercise declares that outlives a call (data members,
// statics, namespace-scope variables) and names each one whose type the model cannot see.
//
// It reads clang's AST of the exercise (clang++ -Xclang -ast-dump=json, built by
// tests/CMakeLists.txt in the model backend, where every sync:: type is racelab::sync::...), so
// aliases, nested types and templates are seen as the compiler sees them. What it accepts:
//   - a racelab::sync:: type, whatever it holds (a sync::atomic<const T*>, an array of sync::var);
//   - a const variable (nothing writes it after construction), and a thread_local one;
//   - a class that is not a scalar and holds no scalar, pointer, std::atomic or std lock as a
//     template argument: a std::vector<Account> of the exercise's own accounts (whose members
//     are checked in turn), a std::unique_ptr<PriceTable> (the lab's table, made of sync::var),
//     a std::function. Such a member is trusted to be guarded by a sync:: lock, as its contents
//     are modelled; what it cannot hide is a plain number, flag or pointer.
// Everything else is a breach, with the line, and the model check fails with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace racelab::unmodelled {

// Why a variable of this type (as clang spells it, desugared) is invisible to the model, or
// nothing when the model sees it. `type` has no top-level const (a const variable is fine).
std::optional<std::string> why_unmodelled(std::string_view type);

struct Breach {
  std::string technique;  // the exercise namespace's technique: "mutex" for using_mutex
  std::string file;       // the exercise file
  int line = 0;
  std::string declaration;  // "Amount balance_", as written
  std::string why;
};

// Every breach in clang's JSON AST dump (one or more top-level JSON values, as
// -ast-dump-filter prints them) of namespaces racelab::LAB::using_TECHNIQUE.
std::vector<Breach> breaches_in_ast(std::string_view ast_json);

}  // namespace racelab::unmodelled
