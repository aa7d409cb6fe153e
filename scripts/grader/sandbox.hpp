// sandbox.hpp — run a command the way a grader must run student code: in its own process group,
// as an unprivileged user of its own when the grader is root, below the grader's priority (whose
// watch of the limits must never wait for a core: prioritize_watch), with a wall-clock timeout,
// a memory limit (the resident memory of every process in the group), a cap on processes alive at
// once (a fork bomb), and a cap on the output kept (a program printing gigabytes). Whatever the
// command does, the sandbox returns an Outcome, and nothing the command started outlives it: not
// its process group, and, when the run had a user to itself, no process of that user either (one
// that left the group with setsid()).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace racelab::grade {

struct Limits {
  std::chrono::seconds timeout{120};
  std::uint64_t memory_bytes = 4ULL << 30;
  unsigned processes = 64;
  std::size_t output_bytes = 1U << 20;
};

struct Command {
  std::vector<std::string> argv;
  std::filesystem::path cwd;
};

enum class Ending {
  exited,     // status is the exit code
  signalled,  // status is the signal
  timed_out,
  out_of_memory,
  too_many_processes,
  too_much_output,
  could_not_start,
  interrupted,  // the grader itself was asked to stop
};

struct Outcome {
  Ending ending = Ending::could_not_start;
  int status = 0;
  std::string output;  // stdout and stderr interleaved, the first Limits::output_bytes
  std::uint64_t output_bytes = 0;
  double seconds = 0;
  std::uint64_t peak_memory_bytes = 0;

  bool passed() const { return ending == Ending::exited && status == 0; }
  // One line for a student: "timed out after 120 s", "crashed with SIGSEGV", ...
  std::string describe(const Limits& limits) const;
};

// Who runs student code. When the grader is root, an unprivileged user: it cannot delete the
// grader's files, and the kernel's per-user process limit applies to it.
struct Identity {
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  std::string name;        // for the report: "uid 65533", "nobody", or the grader's own user
  bool exclusive = false;  // no other run slot has this user: its processes are the run's alone
};

// One identity per run slot (`slots` runs at once). When the grader is root: for each slot an
// unused uid just below nobody's (65533, 65532, ...; Debian reserves 65000-65533 and gives them
// to no one), each checked to have no account, no process and a way to every path in
// `must_reach`. A user of its own per run keeps the kernel's per-user process limit per run (a
// fork bomb in one run cannot starve another of threads) and lets the sandbox end every process
// the run left behind. When no such user can be had, the slots share nobody, or the grader's own
// user when it is not root or nobody cannot reach the paths. `note` says who ran student code.
std::vector<Identity> choose_identities(const std::vector<std::filesystem::path>& must_reach,
                                        unsigned slots, std::string& note);

class Sandbox {
 public:
  // `slots`: who runs student code, one run at a time per slot (empty: the grader's own user).
  Sandbox(std::vector<Identity> slots, std::filesystem::path scratch_root);
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  ~Sandbox();

  // Starts a command, in a free slot; its working directory is a fresh scratch directory unless
  // command.cwd is set. `as_grader` runs it as the grader's own user, in no slot (the build: the
  // compiler writes the tree). Student runs under way at once must not outnumber the slots.
  int start(const Command& command, const Limits& limits, bool as_grader = false);
  // Waits up to `wait` for something to happen; returns the runs that ended.
  std::vector<std::pair<int, Outcome>> poll(std::chrono::milliseconds wait);
  // Runs one command to its end; only while no other run is under way (their ends would be lost).
  Outcome run(const Command& command, const Limits& limits, bool as_grader = false);
  bool idle() const { return runs_.empty(); }
  // The users of slots whose every process could not be ended: their slots were not used again.
  const std::vector<std::string>& retired_slots() const { return retired_; }
  // Ends every run (each then reports Ending::interrupted).
  void stop_all();

 private:
  struct Running;
  // Keeps what the run wrote so far (the first Limits::output_bytes); closes its pipe at the end.
  void read_output(Running& run);
  void finish(Running& run, Ending ending, int status);
  void watch(Running& run);

  std::vector<Identity> slots_;
  std::vector<bool> slot_busy_;
  std::vector<std::string> retired_;
  std::filesystem::path scratch_root_;
  int next_id_ = 1;
  std::map<int, Running*> runs_;
};

// The grader's watch of the runs (timeouts, limits) must get a core the moment it looks, even
// while a fork bomb keeps hundreds of processes busy: at equal priority they starved it for
// seconds, and with it every run beside the bomb (a crash that takes 0.3 s alone timed out after
// 10 s). Where it may (root, or an RLIMIT_RTPRIO allowance), the grader takes real-time priority
// for itself and student code runs at the machine's normal priority, as it would for the
// student. Elsewhere each run starts 10 nicer than the grader instead, which also slows it beside
// any other busy program. Call once, before the first run; returns a sentence for the reports.
std::string prioritize_watch();

// Set by SIGINT, SIGTERM and SIGHUP once install_stop_handlers() has run.
bool stop_requested();
void install_stop_handlers();

}  // namespace racelab::grade
