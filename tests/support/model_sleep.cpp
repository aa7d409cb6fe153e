// A sleep in a model check: a point where any other thread may run, for as long as it likes.
//
// Relacy has no clock, and a sleep orders nothing: "free the old table after 50 ms" is correct
// only if no reader is ever slower than that, which nothing promises. So in a model binary,
// std::this_thread::sleep_for (which calls ::nanosleep) yields to Relacy's scheduler and returns
// at once, inside a simulation; elsewhere it sleeps. Without this, each of the model's thousands
// of executions would really sleep, and a file that reclaims memory by timing would be judged by
// a timeout ("a hang, a deadlock or an endless loop") instead of by the interleaving that breaks
// it.
//
// The executable's nanosleep is the one every call in it binds to, libc's included; linked into
// each model target as an object (racelab_model_check in tests/CMakeLists.txt).
#include <cerrno>
#include <ctime>

#include <racelab/sync.hpp>

extern "C" int nanosleep(const timespec* duration, timespec* remaining) {
  if (rl::is_ctx()) {
    rl::yield(1, rl::debug_info("sleep_for", __FILE__, __LINE__));
    return 0;
  }
  const int error = ::clock_nanosleep(CLOCK_REALTIME, 0, duration, remaining);
  if (error == 0) return 0;
  *__errno_location() = error;  // errno itself: Relacy's headers redefine it, and the sync layer
  return -1;                    // undefines it after them (racelab/sync/relacy_backend.hpp)
}
