# Sanitizers, applied per target through the interface library racelab::sanitizers.
#
# Real-thread targets (lab programs, functional tests) link it; Relacy model-check targets never
# do: Relacy runs its "threads" as fibers on one OS thread, so ThreadSanitizer would prove nothing
# there and only get in the way.
#
#   RACELAB_SANITIZER   "" (none) or "thread". Presets set it; CMakeLists.txt never adds flags.
#
# For targets that run under ThreadSanitizer, racelab_use_tsan_launcher() routes ctest through
# scripts/lib/tsan-run, which recognises the runtime's "unexpected memory mapping" failure on
# high-entropy ASLR kernels and retries without address randomization.

set(RACELAB_SANITIZER "" CACHE STRING "Sanitizer for real-thread targets: empty or 'thread'")
set_property(CACHE RACELAB_SANITIZER PROPERTY STRINGS "" "thread")

if(NOT RACELAB_SANITIZER STREQUAL "" AND NOT RACELAB_SANITIZER STREQUAL "thread")
  message(FATAL_ERROR "RACELAB_SANITIZER must be empty or 'thread', not '${RACELAB_SANITIZER}'")
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

function(racelab_use_tsan_launcher target)
  if(RACELAB_SANITIZER STREQUAL "thread")
    set_property(TARGET ${target} PROPERTY
      CROSSCOMPILING_EMULATOR "${PROJECT_SOURCE_DIR}/scripts/lib/tsan-run")
  endif()
endfunction()
