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
# scripts/lab's own builds (the lab and lab-plain presets) put a directory of stand-ins first on
# the exercise tree's include path. scripts/lab fills it, before each build, with a stand-in for
# every exercise file of the lab that the command at hand does not run (a namespace alias of the
# one exercise it runs, or a file that compiles: the handout's shipped draft, or the reference),
# so that a half-edited file cannot stop the check or the run of another. Unset in every other build: the grader, scripts/check and ctest compile labs/ as it is.
set(RACELAB_STAND_INS "" CACHE PATH
    "A directory searched before labs/ by the exercise tree (scripts/lab's stand-in drafts)")
if(IS_DIRECTORY "${PROJECT_SOURCE_DIR}/solutions")
  list(APPEND RACELAB_TREES solution)
endif()

# Points `target` at one tree of `lab`. Files that exist only in labs/LAB (the program, the shipped
# bugs, the harness) are found there in both trees. A lab whose lab.json sets "lock_tracking" builds
# its real-thread targets on the sync layer's tracked backend (lock-order checker, wait-for table);
# model-check targets ignore that, since RACELAB_SYNC_MODEL takes precedence in sync.hpp, and
# UNTRACKED leaves it out (a benchmark measures the fix, not the tracker).
function(racelab_use_tree target lab tree)
  if(tree STREQUAL "solution")
    target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/solutions")
  elseif(NOT tree STREQUAL "exercise")
    message(FATAL_ERROR "unknown tree '${tree}': expected one of ${RACELAB_TREES}")
  elseif(RACELAB_STAND_INS)
    target_include_directories(${target} PRIVATE "${RACELAB_STAND_INS}")
  endif()
  target_include_directories(${target} PRIVATE
    "${PROJECT_SOURCE_DIR}/labs" "${PROJECT_SOURCE_DIR}/labs/${lab}")
  get_property(tracked GLOBAL PROPERTY RACELAB_TRACK_LOCKS_${lab})
  if(tracked AND NOT "UNTRACKED" IN_LIST ARGN)
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

# A lab's declaration, labs/LAB/lab.json (HACKING.md documents its fields), read once by
# racelab_add_lab and then asked with racelab_lab_json / racelab_lab_json_list.

# racelab_lab_json(OUT LAB KEY...) — the value at KEY... ("" when it is absent or null; ON/OFF for
# a boolean; an object or array as JSON text).
function(racelab_lab_json out lab)
  get_property(json GLOBAL PROPERTY RACELAB_LAB_JSON_${lab})
  string(JSON value ERROR_VARIABLE error GET "${json}" ${ARGN})
  if(error)
    set(value "")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# racelab_lab_json_list(OUT LAB KEY...) — an array of strings as a CMake list ("" when absent).
function(racelab_lab_json_list out lab)
  get_property(json GLOBAL PROPERTY RACELAB_LAB_JSON_${lab})
  string(JSON count ERROR_VARIABLE error LENGTH "${json}" ${ARGN})
  set(items "")
  if(NOT error AND count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON item GET "${json}" ${ARGN} ${i})
      list(APPEND items "${item}")
    endforeach()
  endif()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

# racelab_lab_has(OUT LAB KEY...) — whether KEY... is present (a present empty array counts).
function(racelab_lab_has out lab)
  get_property(json GLOBAL PROPERTY RACELAB_LAB_JSON_${lab})
  string(JSON type ERROR_VARIABLE error TYPE "${json}" ${ARGN})
  if(error OR type STREQUAL "NULL")
    set(${out} FALSE PARENT_SCOPE)
  else()
    set(${out} TRUE PARENT_SCOPE)
  endif()
endfunction()

# racelab_add_lab(LAB) — reads labs/LAB/lab.json, checks what every lab must have, and adds the
# lab's program, twice: LAB (labs/) and LAB-solutions (solutions/). Its checks are added by
# tests/CMakeLists.txt (racelab_add_lab_checks), from the same declaration.
function(racelab_add_lab lab)
  set(file "${PROJECT_SOURCE_DIR}/labs/${lab}/lab.json")
  set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  file(READ "${file}" json)
  string(JSON schema ERROR_VARIABLE error GET "${json}" schema)
  if(error OR NOT schema STREQUAL "1")
    message(FATAL_ERROR "${file}: expected \"schema\": 1 (${error})")
  endif()
  set_property(GLOBAL PROPERTY RACELAB_LAB_JSON_${lab} "${json}")
  set_property(GLOBAL APPEND PROPERTY RACELAB_LABS ${lab})

  racelab_lab_json_list(techniques ${lab} techniques)
  if(NOT techniques)
    message(FATAL_ERROR "${file}: \"techniques\" names no technique")
  endif()
  foreach(technique IN LISTS techniques)
    if(NOT EXISTS "${PROJECT_SOURCE_DIR}/labs/${lab}/${technique}.hpp")
      message(FATAL_ERROR "${file}: technique '${technique}' has no exercise file, "
                          "labs/${lab}/${technique}.hpp")
    endif()
  endforeach()
  racelab_lab_json(track_locks ${lab} lock_tracking)
  set_property(GLOBAL PROPERTY RACELAB_TRACK_LOCKS_${lab} ${track_locks})

  foreach(tree IN LISTS RACELAB_TREES)
    racelab_tree_suffix(${tree} suffix)
    set(target "${lab}${suffix}")
    add_executable(${target} "${PROJECT_SOURCE_DIR}/labs/${lab}/main.cpp")
    racelab_use_tree(${target} ${lab} ${tree})
    target_link_libraries(${target} PRIVATE racelab::common racelab::json racelab::sanitizers)
  endforeach()
endfunction()

# Every lab: each directory of labs/ with a lab.json, in name order.
function(racelab_add_labs)
  file(GLOB declarations CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/labs/*/lab.json")
  list(SORT declarations)
  foreach(declaration IN LISTS declarations)
    get_filename_component(dir "${declaration}" DIRECTORY)
    get_filename_component(lab "${dir}" NAME)
    racelab_add_lab(${lab})
  endforeach()
endfunction()
