# scripts/lib/progress.sh — a student's progress, exercise by exercise: what the last
# `scripts/lab check` of each said, and whether its draft was touched at all. `scripts/lab check`
# records, `scripts/lab list` and `watch` read. Sourced after common.sh, not run.
# shellcheck shell=bash

# Kept with the builds, never under labs/: the grader counts any file added there as a change to a
# protected file. RACELAB_STUDENT_STATE moves it (the checks use a scratch one), as for the hints.
racelab_progress_file() {
  printf '%s/checks.json\n' "${RACELAB_STUDENT_STATE:-$RACELAB_ROOT/build/student}"
}

racelab_sha256() { sha256sum | cut -d' ' -f1; }

# The SHA-256 of the exercise as shipped, or nothing when it cannot be known. A handout keeps the
# shipped drafts in .racelab/drafts/ (scripts/handout); a clone of racelab has them in git, at the
# branch it tracks (a student's own commits do not make a draft "shipped"), else at HEAD.
racelab_shipped_draft_hash() { # LAB TECHNIQUE
  local path="labs/$1/$2.hpp" kept="$RACELAB_ROOT/.racelab/drafts/$1/$2.hpp" ref
  if [ -f "$kept" ]; then
    racelab_sha256 <"$kept"
    return
  fi
  git -C "$RACELAB_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  ref=$(git -C "$RACELAB_ROOT" rev-parse -q --verify '@{upstream}' 2>/dev/null) || ref=HEAD
  git -C "$RACELAB_ROOT" cat-file -e "$ref:$path" 2>/dev/null || return 0
  git -C "$RACELAB_ROOT" cat-file blob "$ref:$path" | racelab_sha256
}

racelab_draft_hash() { racelab_sha256 <"$RACELAB_ROOT/labs/$1/$2.hpp"; }

# racelab_record_check LAB BUILT LOG TECHNIQUE... — after a check of TECHNIQUE(s) of LAB: BUILT is
# 0 when the checks were built, LOG ctest's own output. An exercise passes when each of its checks
# ran and passed; one that failed, did not run, or did not build fails. Each record keeps the
# draft's SHA-256, so that an edit since the check shows.
racelab_record_check() {
  local lab=$1 built=$2 log=$3 file results technique passed failed built_json=false
  shift 3
  file=$(racelab_progress_file)
  mkdir -p "$(dirname "$file")" || return 0
  [ -s "$file" ] && jq -e 'type == "object"' "$file" >/dev/null 2>&1 || echo '{}' >"$file"
  # ctest's result lines: "1/8 Test #1: LAB.exercise.TECHNIQUE.NAME ....   Passed    0.1 sec".
  # A skip is a check saying this machine cannot measure its claim: neither passed nor failed.
  local line='s/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.+ *(\*\*\*)?([A-Za-z]+).*/\1 \3/p'
  results=$(sed -nE "$line" "$log" 2>/dev/null | grep -v ' Skipped$')
  [ "$built" -eq 0 ] && built_json=true
  for technique in "$@"; do
    passed=0 failed=0
    if [ "$built" -eq 0 ]; then
      passed=$(grep -cE "^$lab\\.exercise\\.$technique\\.[^ ]+ Passed$" <<<"$results")
      failed=$(grep -E "^$lab\\.exercise\\.$technique\\.[^ ]+ " <<<"$results" |
        grep -cv ' Passed$')
    fi
    local status=failing
    [ "$built" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ] && status=passing
    jq --arg key "$lab/$technique" --arg status "$status" --argjson passed "$passed" \
      --argjson failed "$failed" --argjson built "$built_json" \
      --arg hash "$(racelab_draft_hash "$lab" "$technique")" \
      --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      '.[$key] = {status: $status, built: $built, passed: $passed, failed: $failed,
                  draft_sha256: $hash, checked_at: $at}' "$file" >"$file.new" &&
      mv "$file.new" "$file"
  done
}

# The status of one exercise, as the board shows it: "not started" (the draft as shipped),
# "not checked" (edited, never checked), "passing" or "failing" (the last check), and after a tab
# "edited" when the draft changed since that check.
racelab_exercise_status() { # LAB TECHNIQUE
  local lab=$1 technique=$2 now shipped record file
  now=$(racelab_draft_hash "$lab" "$technique")
  shipped=$(racelab_shipped_draft_hash "$lab" "$technique")
  if [ "$now" = "$shipped" ]; then
    printf 'not started\t\n'
    return
  fi
  file=$(racelab_progress_file)
  record=$(jq -r --arg key "$lab/$technique" --arg now "$now" \
    '.[$key] // empty | [.status, (if .draft_sha256 == $now then "" else "edited" end)] | @tsv' \
    "$file" 2>/dev/null)
  printf '%s\n' "${record:-$'not checked\t'}"
}
