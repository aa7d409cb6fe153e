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

# racelab_blob_ids DIR PATH... — "ID PATH" per file DIR/PATH: git's blob id of its content, from
# one process (outside a repository too).
racelab_blob_ids() {
  local dir=$1
  shift
  [ $# -gt 0 ] || return 0
  paste -d' ' <(cd "$dir" && git hash-object --no-filters -- "$@") <(printf '%s\n' "$@")
}

# Every exercise's status at once, as the board shows it: one line per exercise, in teaching
# order, "LAB<tab>TECHNIQUE<tab>STATUS<tab>edited-or-empty": "not started" (the draft as
# shipped), "not checked" (edited, never checked), "passing" or "failing" (the last check), and
# "edited" when the draft changed since that check. From a handful of processes in all: asked one
# exercise at a time, the board took 3.7 s for 24 exercises.
racelab_exercise_statuses() {
  local lab technique paths=() file progress='{}' ref="" current="" shipped=""
  for lab in $(racelab_labs); do
    for technique in $(racelab_techniques "$lab"); do paths+=("labs/$lab/$technique.hpp"); done
  done
  file=$(racelab_progress_file)
  [ -s "$file" ] && jq -e 'type == "object"' "$file" >/dev/null 2>&1 && progress=$(cat "$file")
  # The drafts as shipped: a handout keeps them in .racelab/drafts/; a clone has them in git, at
  # the branch it tracks (a student's own commits do not make a draft "shipped"), else at HEAD.
  # Compared as git's blob ids, which `git hash-object` gives for the kept drafts and the files
  # now, in one call each.
  if git -C "$RACELAB_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    ref=$(git -C "$RACELAB_ROOT" rev-parse -q --verify '@{upstream}' 2>/dev/null) || ref=HEAD
  fi
  local path id present=() kept=()
  declare -A shipped_id=() now_id=()
  if [ -n "$ref" ]; then
    while IFS=$'\t' read -r id path; do
      shipped_id[$path]=${id##* }
    done < <(git -C "$RACELAB_ROOT" ls-tree "$ref" -- "${paths[@]}" 2>/dev/null)
  fi
  for path in "${paths[@]}"; do
    [ -f "$RACELAB_ROOT/$path" ] && present+=("$path")
    [ -f "$RACELAB_ROOT/.racelab/drafts/${path#labs/}" ] && kept+=("$path")
  done
  while read -r id path; do now_id[$path]=$id; done < <(
    racelab_blob_ids "$RACELAB_ROOT" "${present[@]}")
  while read -r id path; do shipped_id[labs/$path]=$id; done < <(
    racelab_blob_ids "$RACELAB_ROOT/.racelab/drafts" "${kept[@]#labs/}")
  # The SHA-256 a check recorded (racelab_record_check), for "edited since the check".
  current=$(cd "$RACELAB_ROOT" && sha256sum -- "${paths[@]}" 2>/dev/null)
  for path in "${paths[@]}"; do
    [ -n "${now_id[$path]:-}" ] && [ "${now_id[$path]}" = "${shipped_id[$path]:-}" ] &&
      shipped+="$path"$'\n'
  done
  # shellcheck disable=SC2016  # $p, $rows, ...: jq's variables
  jq -rn --argjson p "$progress" --arg rows "$(printf '%s\n' "${paths[@]}")" \
    --arg current "$current" --arg shipped "$shipped" '
    ($current | split("\n") | map(select(length > 0) | capture("^(?<hash>[0-9a-f]+) +(?<path>.+)$")
      | {key: .path, value: .hash}) | from_entries) as $now
    | ($shipped | split("\n") | map(select(length > 0) | {key: ., value: true}) | from_entries)
      as $as_shipped
    | $rows | split("\n")[] | select(length > 0)
    | capture("^labs/(?<lab>[^/]+)/(?<t>[^/]+)[.]hpp$") as $m
    | [$m.lab, $m.t]
      + if $as_shipped[.] then ["not started", ""]
        else ($p[$m.lab + "/" + $m.t]) as $record
          | if $record == null or ($record | type) != "object" then ["not checked", ""]
            else [$record.status,
                  (if $record.draft_sha256 == $now[.] then "" else "edited" end)] end
        end
    | @tsv'
}
