// racelab/sync/names.hpp — the names a report gives a thread and a lock, in the real backends.
//
// ThreadSanitizer calls a thread "T3" and a lock "M15"; a student calls them "depositor 2" and
// "account 0". The sync layer passes the lab's names on where a report reader can find them:
//
//   name_this_thread("depositor 2")   the calling thread's name in the kernel (pthread_setname_np),
//                                     which TSan prints ("Thread T3 'depositor 2'") and debuggers
//                                     show; Linux keeps 15 bytes of it, so a longer name is cut
//   name_lock(lock, "account 0")      appends "lock PID ADDRESS NAME" to the file that the
//                                     environment variable RACELAB_NAMES names, if it is set (TSan
//                                     prints a mutex with its address); otherwise nothing
//
// scripts/lab run and the grader set RACELAB_NAMES; scripts/reader reads the file. Both cost
// nothing per lock operation: a lock is named once, when it is made.
#pragma once

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace racelab::sync::names {

// The kernel's limit on a thread's name, without its terminating NUL (TASK_COMM_LEN - 1).
inline constexpr std::size_t kMaxThreadName = 15;

inline void set_os_thread_name(std::string_view name) {
  const std::string kept(name.substr(0, kMaxThreadName));
  // Failure leaves the old name ("T3" in a report): nothing to report to the lab itself.
  static_cast<void>(::pthread_setname_np(::pthread_self(), kept.c_str()));
}

// One line per lock; written with one write(2) in append mode, so that the lines of threads (and
// of processes: tsan-verdict's runs share a file) never interleave. Names are one line each:
// a tab or newline in one becomes a space.
inline void record_lock_name(const void* address, std::string_view name) {
  const char* path = std::getenv("RACELAB_NAMES");
  if (path == nullptr || *path == '\0') return;
  std::string clean(name);
  for (char& c : clean) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  char head[64];
  const int length =
      std::snprintf(head, sizeof head, "lock\t%ld\t0x%llx\t", static_cast<long>(::getpid()),
                    static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(address)));
  if (length <= 0) return;
  const std::string line = std::string(head, static_cast<std::size_t>(length)) + clean + "\n";
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  static_cast<void>(::write(fd, line.data(), line.size()));
  ::close(fd);
}

}  // namespace racelab::sync::names
