// The reviewed list of ThreadSanitizer reports that racelab suppresses, compiled into every
// binary built with ThreadSanitizer (cmake/RacelabSanitizers.cmake), so that no run depends on an
// environment variable to find it.
//
// The rule for an entry: a false positive inside the standard library, named by the library's own
// frame and nothing else, never by a lab's or a student's file, function or namespace, so that a
// race in code a student wrote still shows (tests/sync/shared_ptr_publication.cpp proves it for
// each entry). Each entry says which report it silences and why that report is wrong.
//
//   race_top:/bits/shared_ptr_atomic.h
//       libstdc++ 12's std::atomic<std::shared_ptr<T>> (std::_Sp_atomic). load() reads the pointer
//       while it holds a lock bit in the control word, and drops the bit with a relaxed store;
//       store() swaps the pointer under the same bit. TSan takes no happens-before edge from a
//       relaxed store, so it reports the reader's read and the next writer's swap as a data race:
//       a known false positive (google/sanitizers issue 1558).
//       A file, not a function: in optimized builds TSan names these frames "load" and "store".
//       race_top, not race: it matches only the top frame of each stack, the library's read of
//       its own pointer. `race:` would match any frame, and so also silence a race in a lab's
//       destructor that store() happens to run (the old table's, when its last owner lets go).
extern "C" const char* __tsan_default_suppressions() {  // NOLINT: the name TSan calls
  return "race_top:/bits/shared_ptr_atomic.h\n";
}
