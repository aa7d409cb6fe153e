# How a lab is built: once against labs/ (the student's exercise files) and once against
# solutions/ (the references). The code is the same; only the include path decides which
# mutex.hpp, atomic.hpp, rwlock.hpp and channel.hpp a `#include <LAB/mutex.hpp>` finds.
#
# Trees and their names:
#   exercise   labs/LAB/                     target suffix ""           ctest label "exercise"
#   solution   solutions/LAB/, then labs/    target suffix "-solutions" ctest label "solution"
# A course handout (scripts/handout) has no solutions/, and builds the exercise tree alone: every
# target and test of the solution tree is left out there, not built against the student's files.

set(RACELAB_TREES exercise)
if(IS_DIRECTORY "${PROJECT_SOURCE_DIR}/solutions")
  list(APPEND RACELAB_TREES solution)
endif()

# Points `target` at one tree of `lab`. Files that exist only in labs/LAB (the program, the shipped
# bugs, the harness) are found there in both trees. A lab declared with TRACK_LOCKS builds its
# real-thread targets on the sync layer's tracked backend (lock-order checker, wait-for table);
# model-check targets ignore that, since RACELAB_SYNC_MODEL takes precedence in sync.hpp.
function(racelab_use_tree target lab tree)
  if(tree STREQUAL "solution")
    target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/solutions")
  elseif(NOT tree STREQUAL "exercise")
    message(FATAL_ERROR "unknown tree '${tree}': expected one of ${RACELAB_TREES}")
  endif()
  target_include_directories(${target} PRIVATE
    "${PROJECT_SOURCE_DIR}/labs" "${PROJECT_SOURCE_DIR}/labs/${lab}")
  get_property(tracked GLOBAL PROPERTY RACELAB_TRACK_LOCKS_${lab})
  if(tracked)
    target_compile_definitions(${target} PRIVATE RACELAB_SYNC_TRACKING=1)
  endif()
endfunction()

function(racelab_tree_suffix tree out)
  if(tree STREQUAL "solution")
    set(${out} "-solutions" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# racelab_add_lab_programs(LAB [TRACK_LOCKS]) — the lab's program, twice: LAB (labs/) and
# LAB-solutions (solutions/). TRACK_LOCKS applies to every later target of the lab, tests included.
function(racelab_add_lab_programs lab)
  cmake_parse_arguments(PARSE_ARGV 1 arg "TRACK_LOCKS" "" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "racelab_add_lab_programs: unexpected ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set_property(GLOBAL PROPERTY RACELAB_TRACK_LOCKS_${lab} ${arg_TRACK_LOCKS})
  foreach(tree IN LISTS RACELAB_TREES)
    racelab_tree_suffix(${tree} suffix)
    set(target "${lab}${suffix}")
    add_executable(${target} "${PROJECT_SOURCE_DIR}/labs/${lab}/main.cpp")
    racelab_use_tree(${target} ${lab} ${tree})
    target_link_libraries(${target} PRIVATE racelab::common racelab::sanitizers)
  endforeach()
endfunction()
