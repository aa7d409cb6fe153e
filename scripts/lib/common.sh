# scripts/lib/common.sh — what every racelab command needs: the repository root, the Debian
# packages, a build on demand, and messages that say what went wrong in one line.
# Sourced, not run.
# shellcheck shell=bash

RACELAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export RACELAB_ROOT

# Everything racelab builds and runs with, by Debian package name (procps: pkill, with which
# scripts/check pauses its background build; minimal images leave it out; jq: reads the labs'
# declarations, labs/LAB/lab.json, and the programs' --json output; inotify-tools: inotifywait,
# with which `scripts/lab watch` sees a save at once instead of looking every second; gnuplot-nox:
# the figures of scripts/lab bench).
RACELAB_PACKAGES=(g++ clang libclang-rt-14-dev llvm cmake ninja-build libgtest-dev libfmt-dev
                  libbenchmark-dev nlohmann-json3-dev relacy-dev valgrind git procps jq
                  inotify-tools gnuplot-nox)
# What racelab's own lint step adds (scripts/lib/lint, the first phase of scripts/check): kept
# apart, so that a student's scripts/lab and scripts/grade install no linter.
# shellcheck disable=SC2034  # used by scripts/lib/lint and .ci/run
RACELAB_LINT_PACKAGES=(clang-format shellcheck)

# The colours are for the scripts that source this file; read alone, some look unused.
# shellcheck disable=SC2034
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  racelab_bold=$'\e[1m' racelab_red=$'\e[31m' racelab_green=$'\e[32m' racelab_dim=$'\e[2m'
  racelab_reset=$'\e[0m'
else
  racelab_bold='' racelab_red='' racelab_green='' racelab_dim='' racelab_reset=''
fi

racelab_say() { printf '%s==>%s %s\n' "$racelab_bold" "$racelab_reset" "$*" >&2; }

# Usage errors: one clear line, exit status 2.
racelab_usage_error() {
  printf '%s: %s\n' "${RACELAB_COMMAND:-racelab}" "$*" >&2
  exit 2
}

racelab_missing_packages() { # PACKAGE...
  local package missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
}

# racelab_require_packages [PACKAGE...] — the packages (default: RACELAB_PACKAGES), installed if
# missing when it can (root, or sudo without a password); otherwise prints the one command to run
# and exits 2.
racelab_require_packages() {
  command -v dpkg-query >/dev/null || return 0  # not Debian: trust the user's own setup
  [ $# -gt 0 ] || set -- "${RACELAB_PACKAGES[@]}"
  local missing
  mapfile -t missing < <(racelab_missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      printf '%s: missing Debian packages. Install them with:\n    sudo apt-get install -y %s\n' \
        "${RACELAB_COMMAND:-racelab}" "${missing[*]}" >&2
      exit 2
    fi
  fi
  racelab_say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -q "${missing[@]}" >/dev/null; then
    # Most often the package lists are stale, or were never fetched: fetch them, and try again.
    if ! { "${sudo[@]}" apt-get update -q >/dev/null &&
             "${sudo[@]}" apt-get install -y -q "${missing[@]}" >/dev/null; }; then
      printf '%s: could not install %s; try: sudo apt-get install -y %s\n' \
        "${RACELAB_COMMAND:-racelab}" "${missing[*]}" "${missing[*]}" >&2
      exit 2
    fi
  fi
}

# racelab_build PRESET [TARGET...] — configure on first use, then build (a no-op when up to date).
#
# Compiler warnings are errors in racelab's own CI, and never in a student's build. .ci/run, the
# CI of racelab itself, sets RACELAB_WARNINGS_AS_ERRORS=1 for scripts/check and everything it runs
# (the grader's checks build through scripts/grade), in a fresh clone that no one works in
# afterwards. Nothing else sets it: not scripts/check, which README.md gives anyone to run in a
# clone where they may go on to fix an exercise with scripts/lab and the same build directories;
# not a handout, which cannot run scripts/check; and the grader's own configure of a staged
# submission (scripts/grader) never comes through here. Once a build directory has it, it keeps
# it (turning it off would rebuild everything): rm -rf build/PRESET to drop it.
racelab_build() {
  local preset=$1
  shift
  local targets=() configure=(cmake --preset "$preset") werror=false
  [ $# -gt 0 ] && targets=(--target "$@")
  case "${RACELAB_WARNINGS_AS_ERRORS:-}" in
    1|ON|on|true|yes)
      werror=true
      configure+=(-DCMAKE_COMPILE_WARNING_AS_ERROR:BOOL=ON) ;;
  esac
  (
    cd "$RACELAB_ROOT" || exit 1
    # Configured on first use, and again when the presets changed: their cache variables say what
    # is built, and a build configured by an older CMakePresets.json would keep the old choices.
    local cache="build/$preset/CMakeCache.txt" why=""
    if [ ! -f "build/$preset/build.ninja" ]; then
      why="(first use)"
    elif [ CMakePresets.json -nt "$cache" ]; then
      why="again (CMakePresets.json changed)"
    elif $werror && ! grep -qx 'CMAKE_COMPILE_WARNING_AS_ERROR:BOOL=ON' "$cache"; then
      why="again, with compiler warnings as errors (RACELAB_WARNINGS_AS_ERRORS)"
    fi
    if [ -n "$why" ]; then
      racelab_say "configuring the $preset preset $why"
      mkdir -p build
      "${configure[@]}" >"build/configure-$preset.log" 2>&1 || {
        cat "build/configure-$preset.log" >&2
        exit 1
      }
      # CMake leaves an unchanged cache as it was, older than the presets: without this, every
      # later command would configure again.
      touch "$cache"
    fi
    racelab_say "building ($preset)"
    # Only what went wrong is shown: not ninja's progress, nor CMake's lines when a changed
    # CMakeLists.txt or lab.json reconfigures on the way.
    local noise='^\[[0-9]+/[0-9]+\] |^ninja: no work to do'
    noise+='|^-- (Configuring done|Generating done|Build files have been written)'
    cmake --build --preset "$preset" "${targets[@]}" | grep -Ev "$noise" >&2
    exit "${PIPESTATUS[0]}"
  )
}

# A lab is a directory of labs/ with a declaration, lab.json: its techniques, the verdicts its
# shipped bugs must show, its sizes under ThreadSanitizer, its exit codes and its comparison table
# (HACKING.md documents the fields). Every per-lab fact a script needs comes from there.
# racelab_labs lists them in teaching order (lab.json's order): where a student starts, and the
# order of every table.
racelab_labs() {
  local dir
  for dir in "$RACELAB_ROOT"/labs/*/; do
    [ -f "$dir/lab.json" ] || continue
    printf '%s %s\n' "$(racelab_lab_get "$(basename "$dir")" '.order')" "$(basename "$dir")"
  done | sort -k1,1n -k2 | cut -d' ' -f2
}

racelab_require_lab() {
  local lab=$1
  if [ -z "$lab" ] || [[ "$lab" == */* ]] || [ ! -f "$RACELAB_ROOT/labs/$lab/lab.json" ]; then
    racelab_usage_error "unknown lab '${lab}'; valid labs: $(racelab_labs | paste -sd, - | sed 's/,/, /g')"
  fi
}

# racelab_lab_get LAB FILTER [JQ-ARGS...] — FILTER (jq, with scripts/lib/lab.jq's definitions)
# applied to the lab's declaration, raw output.
racelab_lab_get() {
  local lab=$1 filter=$2
  shift 2
  command -v jq >/dev/null || racelab_require_packages jq
  jq -r -L "$RACELAB_ROOT/scripts/lib" "$@" "include \"lab\"; $filter" \
    "$RACELAB_ROOT/labs/$lab/lab.json"
}

# The techniques of a lab: each is an exercise file, labs/LAB/TECHNIQUE.hpp, and its reference,
# solutions/LAB/TECHNIQUE.hpp.
racelab_techniques() { racelab_lab_get "$1" '.techniques[]'; }

# Whether PATH (relative to the repository) is an exercise file: labs/LAB/TECHNIQUE.hpp of a
# declared lab. The handout and the grader ask the same question of the same declarations.
racelab_is_exercise() {
  local path=$1 lab technique
  [[ "$path" =~ ^labs/([a-z0-9_]+)/([a-z0-9_]+)\.hpp$ ]] || return 1
  lab=${BASH_REMATCH[1]} technique=${BASH_REMATCH[2]}
  [ -f "$RACELAB_ROOT/labs/$lab/lab.json" ] || return 1
  racelab_techniques "$lab" | grep -Fqx -- "$technique"
}

# ThreadSanitizer's options for a lab run (`scripts/lab run`, and the stress test of its verdicts).
# suppress_equal_addresses=0: report every pair of racing lines, not only the first race on the
# balance (which may be the auditor's read rather than two deposits colliding).
# second_deadlock_stack=1: a lock-order report shows where each lock of the cycle was taken.
# shellcheck disable=SC2034  # used by the scripts that source this file
RACELAB_TSAN_RUN_OPTIONS="history_size=4:suppress_equal_addresses=0:second_deadlock_stack=1"

# The exit status a TSan report stands for in the lab's own terms (TSan's exitcode option), as
# `scripts/lab run` shows it: lab.json's tsan.report_exit_code (a data race is lost updates
# showing, 1; a lock-order inversion is a deadlock detected, 3).
racelab_tsan_exit_code() { racelab_lab_get "$1" '.tsan.report_exit_code // 1'; }

# The arguments that keep a lab's run under ThreadSanitizer to seconds (`scripts/lab run`, and the
# stress test of the verdicts, which must judge exactly what a student sees), one per line:
# lab.json's tsan.run_args.
racelab_tsan_run_args() { racelab_lab_get "$1" '.tsan.run_args[]'; }

# A course handout (scripts/handout) has no solutions/: the commands that need the reference
# fixes say so in one line, and exit 2.
racelab_require_solutions() {
  [ -d "$RACELAB_ROOT/solutions" ] && return 0
  racelab_usage_error "the reference fixes (solutions/) are not in this checkout: a course handout leaves them out. Check your own files with ./scripts/lab check LAB, or ./scripts/grade"
}
