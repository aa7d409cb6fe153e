# Sanitizers, applied per target through the interface library racelab::sanitizers.
#
# Real-thread targets (lab programs, functional tests) link it; Relacy model-check targets never
# do: Relacy runs its "threads" as fibers on one OS thread, so ThreadSanitizer would prove nothing
# there and only get in the way.
#
#   RACELAB_SANITIZER         "" (none) or "thread". Presets set it; CMakeLists.txt never adds
#                             flags.
#   RACELAB_CHECK_SANITIZER   "" or "address": the sanitizer of a plain build's real-thread checks
#                             (racelab::check_sanitizers), its programs staying uninstrumented. The
#                             dev preset sets "address": ThreadSanitizer reports a use after free
#                             only where two threads overlap on it, AddressSanitizer every one, and
#                             a leak at exit; the two cannot share a binary.
#
# For targets that run under ThreadSanitizer, racelab_use_tsan_launcher() routes ctest through
# scripts/lib/tsan-run, which recognises the runtime's "unexpected memory mapping" failure on
# high-entropy ASLR kernels and retries without address randomization.

set(RACELAB_SANITIZER "" CACHE STRING "Sanitizer for real-thread targets: empty or 'thread'")
set_property(CACHE RACELAB_SANITIZER PROPERTY STRINGS "" "thread")

if(NOT RACELAB_SANITIZER STREQUAL "" AND NOT RACELAB_SANITIZER STREQUAL "thread")
  message(FATAL_ERROR "RACELAB_SANITIZER must be empty or 'thread', not '${RACELAB_SANITIZER}'")
endif()

set(RACELAB_CHECK_SANITIZER "" CACHE STRING
  "Sanitizer for a plain build's real-thread checks: empty or 'address'")
set_property(CACHE RACELAB_CHECK_SANITIZER PROPERTY STRINGS "" "address")
if(NOT RACELAB_CHECK_SANITIZER STREQUAL "" AND NOT RACELAB_CHECK_SANITIZER STREQUAL "address")
  message(FATAL_ERROR
    "RACELAB_CHECK_SANITIZER must be empty or 'address', not '${RACELAB_CHECK_SANITIZER}'")
endif()
if(RACELAB_CHECK_SANITIZER AND RACELAB_SANITIZER)
  message(FATAL_ERROR "RACELAB_CHECK_SANITIZER is for a build without RACELAB_SANITIZER: "
    "'${RACELAB_CHECK_SANITIZER}' and '${RACELAB_SANITIZER}' cannot share a binary")
endif()

add_library(racelab_sanitizers INTERFACE)
add_library(racelab::sanitizers ALIAS racelab_sanitizers)

if(RACELAB_SANITIZER STREQUAL "thread")
  set(_racelab_tsan_flags -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(racelab_sanitizers INTERFACE ${_racelab_tsan_flags})
  target_link_options(racelab_sanitizers INTERFACE ${_racelab_tsan_flags})
  # The reviewed suppressions (false positives inside the standard library), built into each
  # binary: a source of the consumer's own, since TSan only looks in the executable for them.
  target_sources(racelab_sanitizers INTERFACE
    "${PROJECT_SOURCE_DIR}/labs/common/racelab/tsan_suppressions.cpp")
endif()

# What a lab's real-thread checks link: the build's sanitizer, or in a plain build its checks'.
add_library(racelab_check_sanitizers INTERFACE)
add_library(racelab::check_sanitizers ALIAS racelab_check_sanitizers)
target_link_libraries(racelab_check_sanitizers INTERFACE racelab_sanitizers)
if(RACELAB_CHECK_SANITIZER STREQUAL "address")
  set(_racelab_asan_flags -fsanitize=address -fno-omit-frame-pointer)
  target_compile_options(racelab_check_sanitizers INTERFACE ${_racelab_asan_flags})
  target_link_options(racelab_check_sanitizers INTERFACE ${_racelab_asan_flags})
endif()

function(racelab_use_tsan_launcher target)
  if(RACELAB_SANITIZER STREQUAL "thread")
    set_property(TARGET ${target} PROPERTY
      CROSSCOMPILING_EMULATOR "${PROJECT_SOURCE_DIR}/scripts/lib/tsan-run")
  endif()
endfunction()
