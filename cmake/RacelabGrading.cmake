# The grading plan: what scripts/grade runs for each lab × technique × part, written by CMake so
# that every graded command is the one the test suite defines (the same binary, filter, program
# arguments), never a copy kept in the grader.
#
# ${CMAKE_BINARY_DIR}/grading-plan.tsv, one row per command, tab-separated:
#   lab  tree  technique  part  serial  target  command...
# tree is exercise or solution; part is functional, model, tsan or criteria; serial is 1 when the
# command measures time and must have the machine to itself; target is what must be built first.

# One command of one technique: racelab_grade_command(LAB TREE TECHNIQUE PART SERIAL TARGET CMD...)
function(racelab_grade_command lab tree technique part serial target)
  string(JOIN "\t" row ${lab} ${tree} ${technique} ${part} "${serial}" ${target} ${ARGN})
  set_property(GLOBAL APPEND PROPERTY RACELAB_GRADING_PLAN "${row}")
endfunction()

# A gtest binary whose suites are named after the techniques (TEST(mutex, ...)): one row per
# technique the lab declares (lab.json's "techniques", which need not be the usual four),
# running that technique's suite. Whether it runs alone is read at generate time from
# the target's RACELAB_RUN_SERIAL property (set by racelab_run_discovered_tests_serially).
#
# The functional part runs each technique's suite twice over: under ThreadSanitizer (the tsan
# preset) and under AddressSanitizer (the dev preset's checks: RACELAB_CHECK_SANITIZER), which
# sees every use after free and leak, where TSan sees one only when two threads overlap on it. A
# build with neither writes no functional rows.
#
# RACELAB_GRADE_SKIPS_UNDER_SANITIZERS (lab.json's functional.skipped_under_sanitizers) names tests
# left out of the graded functional part: speedup measurements, which a sanitizer's slowdown turns
# into noise when a grade runs them 20 times. The lab's criteria part grades the same claim on the
# plain build, where it means something; ctest still runs them everywhere.
function(racelab_grade_gtest_suites target lab tree part)
  if(NOT tree MATCHES "^(exercise|solution)$")
    return()
  endif()
  set(launcher "")
  set(skipped "")
  if(part STREQUAL "functional")
    if(RACELAB_SANITIZER STREQUAL "thread")
      set(launcher "${PROJECT_SOURCE_DIR}/scripts/lib/tsan-run")
    elseif(NOT RACELAB_CHECK_SANITIZER STREQUAL "address")
      return()
    endif()
    set(skipped ${RACELAB_GRADE_SKIPS_UNDER_SANITIZERS})
  endif()
  racelab_lab_json_list(techniques ${lab} techniques)
  foreach(technique IN LISTS techniques)
    set(filter "${technique}.*")
    if(skipped)
      list(TRANSFORM skipped PREPEND "${technique}." OUTPUT_VARIABLE excluded)
      string(JOIN ":" excluded ${excluded})
      string(APPEND filter "-${excluded}")
    endif()
    racelab_grade_command(${lab} ${tree} ${technique} ${part}
      "$<BOOL:$<TARGET_PROPERTY:${target},RACELAB_RUN_SERIAL>>" ${target}
      ${launcher} "$<TARGET_FILE:${target}>" "--gtest_filter=${filter}")
  endforeach()
endfunction()

# racelab_add_lab_criterion(LAB TREE TECHNIQUE [RUN_SERIAL] [ARGS...]) — the lab program's own
# verdict (the watchdog sees no deadlock; the loop within its lag budget; the pool
# parallel), in plain builds only, where time and races behave as in production. Exit 0 passes;
# exit 4 (racelab::cli::kUnmeasurable) is the program saying this machine cannot measure its
# claim (one core, busy cores): a skip, which the grader reports as not gradable here.
function(racelab_add_lab_criterion lab tree technique)
  cmake_parse_arguments(PARSE_ARGV 3 arg "RUN_SERIAL" "" "")
  if(RACELAB_SANITIZER)
    return()
  endif()
  racelab_tree_suffix(${tree} suffix)
  set(program "${lab}${suffix}")
  set(name "${lab}.${tree}.${technique}.MeetsTheLabsOwnCriteria")
  set(labels criteria ${tree} ${lab})
  if(tree STREQUAL "solution")
    list(APPEND labels graded-reference)  # the same command as the grader's: tests/CMakeLists.txt
  endif()
  add_test(NAME ${name} COMMAND ${program} --variant ${technique} ${arg_UNPARSED_ARGUMENTS})
  set_tests_properties(${name} PROPERTIES
    LABELS "${labels}" TIMEOUT 120 RUN_SERIAL ${arg_RUN_SERIAL} SKIP_RETURN_CODE 4)
  racelab_grade_command(${lab} ${tree} ${technique} criteria "$<BOOL:${arg_RUN_SERIAL}>" ${program}
    "$<TARGET_FILE:${program}>" --variant ${technique} ${arg_UNPARSED_ARGUMENTS})
endfunction()

# Called once, at the end of the top-level CMakeLists.txt.
function(racelab_write_grading_plan)
  get_property(rows GLOBAL PROPERTY RACELAB_GRADING_PLAN)
  string(JOIN "\n" content ${rows})
  file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/grading-plan.tsv" CONTENT "${content}\n")
endfunction()
