// under_tsan.hpp — RACELAB_UNDER_TSAN is defined when this translation unit is compiled with
// ThreadSanitizer (g++ says so with __SANITIZE_THREAD__, clang with __has_feature). Timing tests
// use it to pick their TSan margins.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define RACELAB_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACELAB_UNDER_TSAN 1
#endif
#endif
