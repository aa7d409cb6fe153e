#include "sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace racelab::grade {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// How much nicer than the grader every run starts (nice(2) adds it): 0 once the grader watches at
// real-time priority, see prioritize_watch().
int g_run_niceness_above_grader = 10;

// Tasks (processes and threads) a run's user may have at once, unless the rubric's process
// limit asks for more: see Sandbox::start.
constexpr rlim_t kTasksPerRun = 128;

volatile std::sig_atomic_t g_stop = 0;

void on_stop_signal(int) { g_stop = 1; }

// Calls `visit(pid, directory)` for every process, `directory` being its /proc/PID.
template <typename Visit>
void for_each_process(Visit visit) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    visit(static_cast<pid_t>(std::stol(name)), entry.path());
  }
}

// A process's /proc/PID/stat from its third field on (the state, the parent, the process group,
// ...): the second, the command name in parentheses, may contain anything. Empty if it is gone.
std::istringstream stat_fields(const fs::path& directory) {
  std::ifstream stat_file(directory / "stat");
  std::string stat;
  std::getline(stat_file, stat);
  const auto close = stat.rfind(')');
  return std::istringstream(close == std::string::npos ? "" : stat.substr(close + 1));
}

// Every process in process group `group`: how many, and their resident memory together.
struct GroupUsage {
  unsigned processes = 0;
  std::uint64_t resident_bytes = 0;
};

GroupUsage measure_group(pid_t group) {
  static const long page = sysconf(_SC_PAGESIZE);
  GroupUsage usage;
  for_each_process([&](pid_t, const fs::path& directory) {
    std::istringstream fields = stat_fields(directory);
    std::string state;
    long parent = 0, pgrp = 0;
    fields >> state >> parent >> pgrp;
    if (pgrp != group || state == "Z") return;
    std::string skip;
    for (int field = 6; field < 24; ++field) fields >> skip;  // to field 24, rss (in pages)
    long rss_pages = 0;
    fields >> rss_pages;
    ++usage.processes;
    usage.resident_bytes +=
        static_cast<std::uint64_t>(rss_pages) * static_cast<std::uint64_t>(page);
  });
  return usage;
}

// Kills the whole group until none of it is left (a fork bomb keeps forking while it dies).
void kill_group(pid_t group) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (::kill(-group, SIGKILL) != 0 && errno == ESRCH) return;
    if (measure_group(group).processes == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Run leaders still to be waited for by their Sandbox, of every Sandbox in this process; any
// other child of the grader is an orphan that a run left behind, adopted as its subreaper.
std::set<pid_t>& run_leaders() {
  static std::set<pid_t> leaders;
  return leaders;
}

pid_t wait_for(pid_t pid, int* status, int options) {
  for (;;) {
    const pid_t ended = ::waitpid(pid, status, options);
    if (ended >= 0 || errno != EINTR) return ended;
  }
}

// Reaps the orphans of the runs (the grader is their subreaper): a zombie still counts against
// its user's process limit until it is reaped, and a container's PID 1 may never reap it.
void reap_orphans() {
  const pid_t self = ::getpid();
  for_each_process([&](pid_t pid, const fs::path& directory) {
    std::istringstream fields = stat_fields(directory);
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (state == "Z" && parent == self && run_leaders().count(pid) == 0) {
      wait_for(pid, nullptr, WNOHANG);
    }
  });
}

// The processes of user `uid`: any whose real, effective or saved uid it is (the ones kill(-1)
// reaches; a process that made itself non-dumpable still shows its uids in /proc/PID/status).
struct UserProcesses {
  unsigned live = 0;
  unsigned zombies = 0;
  bool any() const { return live + zombies > 0; }
};

UserProcesses processes_of(uid_t uid) {
  UserProcesses found;
  for_each_process([&](pid_t, const fs::path& directory) {
    std::ifstream status(directory / "status");
    bool zombie = false, user = false;
    long threads = 1;
    for (std::string line; std::getline(status, line);) {
      std::istringstream fields(line);
      std::string key;
      fields >> key;
      if (key == "State:") {
        std::string state;
        fields >> state;
        zombie = state == "Z";
      } else if (key == "Uid:") {
        for (int i = 0; i < 3; ++i) {
          long id = -1;
          fields >> id;
          user = user || id == static_cast<long>(uid);
        }
      } else if (key == "Threads:") {
        fields >> threads;
      }
    }
    if (!user) return;
    if (zombie && threads <= 1) {
      ++found.zombies;
    } else {  // a zombie leader whose threads still run is alive
      ++found.live;
    }
  });
  return found;
}

// Ends every process of the user `identity` (those that left the run's process group with
// setsid() too) and reaps what it can; false if some are left after about 2 s. A child that takes
// the user's identity signals them all at once: kill(-1) reaches every process whose real or saved
// uid is the sender's, except the sender itself and PID 1, and no fork escapes it.
bool kill_user(const Identity& identity) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const pid_t child = ::fork();
    if (child == 0) {
      if (::setgroups(0, nullptr) == 0 && ::setgid(*identity.gid) == 0 &&
          ::setuid(*identity.uid) == 0) {
        ::kill(-1, SIGKILL);
      }
      ::_exit(0);
    }
    if (child > 0) wait_for(child, nullptr, 0);
    reap_orphans();
    if (!processes_of(*identity.uid).any()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV (a segmentation fault)";
    case SIGABRT: return "SIGABRT (abort: an assertion, std::terminate or a failed check)";
    case SIGBUS: return "SIGBUS (a bus error)";
    case SIGFPE: return "SIGFPE (an arithmetic error)";
    case SIGILL: return "SIGILL (an illegal instruction)";
    case SIGKILL: return "SIGKILL";
    case SIGXFSZ: return "SIGXFSZ (it wrote a file larger than allowed)";
    case SIGXCPU: return "SIGXCPU (it used more CPU time than allowed)";
    default: return fmt::format("signal {} ({})", signal, strsignal(signal));
  }
}

}  // namespace

bool stop_requested() { return g_stop != 0; }

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;  // a stop is noticed between waits, not by failing one
  sigemptyset(&action.sa_mask);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

std::string prioritize_watch() {
  // The lowest real-time priority is enough: it is above every ordinary process. Reset on fork,
  // so that what the grader starts (builds, runs) is an ordinary process at the grader's nice.
  // The kernel keeps 5% of each second for ordinary processes (sched_rt_runtime_us), and the
  // grader only ever waits between its looks (poll, sleep).
  const sched_param lowest{.sched_priority = sched_get_priority_min(SCHED_FIFO)};
  if (::sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &lowest) == 0) {
    g_run_niceness_above_grader = 0;
    return "The grader watched the runs at real-time priority; student code ran at the "
           "machine's normal priority.";
  }
  g_run_niceness_above_grader = 10;
  return fmt::format(
      "Student code ran {} nicer than the grader (which may not take real-time priority here), "
      "so that the grader's watch of its limits always had a core: beside other busy programs "
      "it ran slower than it would alone.",
      g_run_niceness_above_grader);
}

std::string Outcome::describe(const Limits& limits) const {
  switch (ending) {
    case Ending::exited:
      if (status > 128 && status < 128 + 32) {  // a shell's way of saying a child was killed
        return fmt::format("exited with status {}: a process it ran was killed by {}", status,
                           signal_name(status - 128));
      }
      return status == 0 ? "passed" : fmt::format("exited with status {}", status);
    case Ending::signalled: return fmt::format("crashed with {}", signal_name(status));
    case Ending::timed_out:
      return fmt::format("timed out after {} s (a hang, a deadlock or an endless loop)",
                         limits.timeout.count());
    case Ending::out_of_memory:
      return fmt::format("stopped: used more than {} MiB of memory", limits.memory_bytes >> 20);
    case Ending::too_many_processes:
      return fmt::format("stopped: started more than {} processes at once (a fork bomb?)",
                         limits.processes);
    case Ending::too_much_output:
      return fmt::format("stopped: printed more than {} KiB", limits.output_bytes >> 10);
    case Ending::could_not_start: return "could not be started";
    case Ending::interrupted: return "not finished: the grader was interrupted";
  }
  return "?";
}

namespace {

// Whether a child running as uid:gid can reach (read and search) every path in `must_reach`.
bool can_reach(uid_t uid, gid_t gid, const std::vector<fs::path>& must_reach) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(2);
    for (const auto& path : must_reach) {
      if (::access(path.c_str(), R_OK | X_OK) != 0) ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  if (child < 0 || wait_for(child, &status, 0) != child) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::vector<Identity> choose_identities(const std::vector<fs::path>& must_reach, unsigned slots,
                                        std::string& note) {
  Identity self;
  if (const passwd* me = ::getpwuid(::geteuid())) self.name = me->pw_name;
  if (::geteuid() != 0) return std::vector<Identity>(slots, self);
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr || !can_reach(nobody->pw_uid, nobody->pw_gid, must_reach)) {
    note = nobody == nullptr
               ? "Student code ran as root, since there is no user 'nobody': it could delete the "
                 "grader's files."
               : "Student code ran as root, since the user 'nobody' cannot reach the build "
                 "directory (a parent directory is private): it could delete the grader's files.";
    return std::vector<Identity>(slots, self);
  }
  // Users of no account and no process, so that sweeping one (kill_user) ends only what a run
  // started: never nobody, whose processes may be anyone's. Each is leased with a lock that this
  // process holds until it exits, so that two graders at once never share one.
  std::vector<Identity> identities;
  const fs::path locks = fs::is_directory("/run/lock") ? "/run/lock" : "/tmp";
  for (uid_t uid = nobody->pw_uid - 1; identities.size() < slots && uid >= 65000; --uid) {
    if (::getpwuid(uid) != nullptr || processes_of(uid).any()) continue;
    const fs::path lease = locks / fmt::format("racelab-grade-uid-{}.lock", uid);
    const int lock = ::open(lease.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lock < 0) continue;
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0 || processes_of(uid).any() ||
        !can_reach(uid, nobody->pw_gid, must_reach)) {
      ::close(lock);
      continue;
    }
    identities.push_back({uid, nobody->pw_gid, fmt::format("uid {}", uid), true});
  }
  if (identities.size() < slots) {
    note = "Student code ran as the user 'nobody' (the grader runs as root), every run at once "
           "as the same user, since no unused uid below nobody's was to be had.";
    return std::vector<Identity>(slots, {nobody->pw_uid, nobody->pw_gid, "nobody", false});
  }
  std::vector<std::string> names;
  for (const auto& identity : identities) names.push_back(identity.name);
  note = fmt::format(
      "Student code ran as users with no account and no other process ({}), one for each run at "
      "once (the grader runs as root): none can touch the grader's files, or signal or starve "
      "another run.",
      fmt::join(names, ", "));
  return identities;
}

struct Sandbox::Running {
  int id = 0;
  pid_t pid = -1;
  int output_fd = -1;
  Limits limits;
  Clock::time_point started;
  Clock::time_point next_watch;
  fs::path scratch;
  std::optional<std::size_t> slot;  // none: the grader's own user
  Outcome outcome;
  bool done = false;
};

Sandbox::Sandbox(std::vector<Identity> slots, fs::path scratch_root)
    : slots_(std::move(slots)),
      slot_busy_(slots_.size(), false),
      scratch_root_(std::move(scratch_root)) {
  fs::create_directories(scratch_root_);
  // What a run leaves behind, orphaned, is then the grader's to reap (reap_orphans), not left
  // a zombie under a PID 1 that never reaps (a container's `tail -f /dev/null`).
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
}

Sandbox::~Sandbox() {
  stop_all();
  for (auto& [id, run] : runs_) delete run;
}

int Sandbox::start(const Command& command, const Limits& limits, bool as_grader) {
  auto* run = new Running;
  run->id = next_id_++;
  run->limits = limits;
  run->started = Clock::now();
  run->next_watch = run->started;
  runs_[run->id] = run;
  if (!as_grader && !slots_.empty()) {
    const auto free = std::find(slot_busy_.begin(), slot_busy_.end(), false);
    if (free == slot_busy_.end()) {  // more student runs at once than slots: a grader bug
      finish(*run, Ending::could_not_start, 0);
      return run->id;
    }
    *free = true;
    run->slot = static_cast<std::size_t>(free - slot_busy_.begin());
  }
  const Identity identity = run->slot ? slots_[*run->slot] : Identity{};

  fs::path cwd = command.cwd;
  if (cwd.empty()) {
    run->scratch = scratch_root_ / fmt::format("run-{}-{}", ::getpid(), run->id);
    std::error_code error;
    fs::remove_all(run->scratch, error);
    if (!fs::create_directories(run->scratch, error) ||
        (identity.uid && (::chown(run->scratch.c_str(), *identity.uid, *identity.gid) != 0 ||
                          ::chmod(run->scratch.c_str(), 0700) != 0))) {
      finish(*run, Ending::could_not_start, 0);
      return run->id;
    }
    cwd = run->scratch;
  }

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    finish(*run, Ending::could_not_start, 0);
    return run->id;
  }
  std::vector<char*> argv;
  for (const auto& arg : command.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::string tmpdir = "TMPDIR=" + cwd.string();
  const std::string home = "HOME=" + cwd.string();

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    // Should nice() fail, the run keeps the grader's priority: graded all the same.
    if (g_run_niceness_above_grader != 0) {
      [[maybe_unused]] const int niceness = ::nice(g_run_niceness_above_grader);
    }
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
      ::sigaction(signal, &action, nullptr);
    }
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    // A file written without end stops at 16 times the output cap (SIGXFSZ).
    const rlim_t file_bytes = static_cast<rlim_t>(limits.output_bytes) * 16;
    const rlimit file_size{file_bytes, file_bytes};
    ::setrlimit(RLIMIT_FSIZE, &file_size);
    if (identity.uid) {
      // The kernel's per-user limit backs up the group watch (a fork bomb outruns a watch of
      // /proc); it counts threads too, of every run of the user: of this run alone when the
      // user is the slot's own. The references' busiest part peaks at 36. Kept low because a
      // bomb's processes starve the runs beside them until the last is dead, and each costs CPU
      // to end (a TSan process's page tables): with 512 allowed, a 0.3 s crash beside one took
      // up to 7 s; with 128, under a second.
      const rlim_t cap = std::max<rlim_t>(kTasksPerRun, 2 * rlim_t{limits.processes});
      const rlimit tasks{cap, cap};
      ::setrlimit(RLIMIT_NPROC, &tasks);
      if (::setgroups(0, nullptr) != 0 || ::setgid(*identity.gid) != 0 ||
          ::setuid(*identity.uid) != 0) {
        ::_exit(126);
      }
    }
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::putenv(const_cast<char*>(tmpdir.c_str()));
    ::putenv(const_cast<char*>(home.c_str()));
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "racelab-grade: cannot run %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    finish(*run, Ending::could_not_start, 0);
    return run->id;
  }
  ::setpgid(pid, pid);  // also here: no race with the first watch
  run->pid = pid;
  run_leaders().insert(pid);
  run->output_fd = pipe_fds[0];
  ::fcntl(run->output_fd, F_SETFL, O_NONBLOCK);
  return run->id;
}

void Sandbox::read_output(Running& run) {
  char buffer[65536];
  // Bounded, so that a program printing without end cannot keep the grader here.
  for (int reads = 0; reads < 64 && run.output_fd >= 0; ++reads) {
    const ssize_t got = ::read(run.output_fd, buffer, sizeof buffer);
    if (got < 0) return;  // nothing more for now (EAGAIN)
    if (got == 0) {
      // Every writer closed it: done with, or poll() would report it ready at once, forever (a
      // busy loop, at real-time priority) while a program that closed its output runs on.
      ::close(run.output_fd);
      run.output_fd = -1;
      return;
    }
    const auto room =
        run.limits.output_bytes - std::min(run.limits.output_bytes, run.outcome.output.size());
    run.outcome.output.append(buffer, std::min<std::size_t>(room, static_cast<std::size_t>(got)));
    run.outcome.output_bytes += static_cast<std::uint64_t>(got);
    if (run.outcome.output_bytes > run.limits.output_bytes) return;  // watch() stops it
  }
}

void Sandbox::finish(Running& run, Ending ending, int status) {
  if (run.done) return;
  run.done = true;
  run.outcome.ending = ending;
  run.outcome.status = status;
  if (run.pid > 0) {
    kill_group(run.pid);
    if (ending != Ending::exited && ending != Ending::signalled) wait_for(run.pid, nullptr, 0);
    run_leaders().erase(run.pid);
  }
  if (run.slot) {
    const Identity& identity = slots_[*run.slot];
    if (identity.uid && identity.exclusive && !kill_user(identity)) {
      retired_.push_back(identity.name);  // its user still has processes: never used again
    } else {
      slot_busy_[*run.slot] = false;
    }
    run.slot.reset();
  }
  read_output(run);  // whatever the group wrote before it died
  if (run.output_fd >= 0) {
    ::close(run.output_fd);
    run.output_fd = -1;
  }
  run.outcome.seconds = std::chrono::duration<double>(Clock::now() - run.started).count();
  if (!run.scratch.empty()) {
    std::error_code ignored;
    fs::remove_all(run.scratch, ignored);
  }
}

void Sandbox::watch(Running& run) {
  const auto now = Clock::now();
  if (now - run.started > run.limits.timeout) {
    finish(run, Ending::timed_out, 0);
    return;
  }
  if (run.outcome.output_bytes > run.limits.output_bytes) {
    finish(run, Ending::too_much_output, 0);
    return;
  }
  if (now < run.next_watch) return;
  run.next_watch = now + std::chrono::milliseconds(50);
  const GroupUsage usage = measure_group(run.pid);
  run.outcome.peak_memory_bytes = std::max(run.outcome.peak_memory_bytes, usage.resident_bytes);
  if (usage.processes > run.limits.processes) {
    finish(run, Ending::too_many_processes, 0);
  } else if (usage.resident_bytes > run.limits.memory_bytes) {
    finish(run, Ending::out_of_memory, 0);
  }
}

std::vector<std::pair<int, Outcome>> Sandbox::poll(std::chrono::milliseconds wait) {
  reap_orphans();
  std::vector<pollfd> fds;
  std::vector<Running*> polled;
  for (auto& [id, run] : runs_) {
    if (!run->done && run->output_fd >= 0) {
      fds.push_back({run->output_fd, POLLIN, 0});
      polled.push_back(run);
    }
  }
  if (!fds.empty()) {
    ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
  } else if (!runs_.empty()) {
    std::this_thread::sleep_for(std::min(wait, std::chrono::milliseconds(10)));
  }
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if ((fds[i].revents & (POLLIN | POLLHUP)) != 0) read_output(*polled[i]);
  }
  for (auto& [id, run] : runs_) {
    if (run->done) continue;
    if (stop_requested()) {
      finish(*run, Ending::interrupted, 0);
      continue;
    }
    int status = 0;
    const pid_t ended = wait_for(run->pid, &status, WNOHANG);
    if (ended < 0) {  // no such child any more: never expected, never a busy wait
      finish(*run, Ending::could_not_start, 0);
      continue;
    }
    if (ended == run->pid) {
      if (WIFSIGNALED(status)) {
        finish(*run, Ending::signalled, WTERMSIG(status));
      } else {
        const int code = WEXITSTATUS(status);
        finish(*run, Ending::exited, code);
      }
      continue;
    }
    watch(*run);
  }
  std::vector<std::pair<int, Outcome>> ended;
  for (auto it = runs_.begin(); it != runs_.end();) {
    if (it->second->done) {
      ended.emplace_back(it->first, std::move(it->second->outcome));
      delete it->second;
      it = runs_.erase(it);
    } else {
      ++it;
    }
  }
  return ended;
}

Outcome Sandbox::run(const Command& command, const Limits& limits, bool as_grader) {
  const int id = start(command, limits, as_grader);
  for (;;) {
    for (auto& [ended_id, outcome] : poll(std::chrono::milliseconds(50))) {
      if (ended_id == id) return std::move(outcome);
    }
  }
}

void Sandbox::stop_all() {
  for (auto& [id, run] : runs_) finish(*run, Ending::interrupted, 0);
}

}  // namespace racelab::grade
