// racelab/sanitizer.hpp — whether this translation unit is built with ThreadSanitizer. g++ says so
// with __SANITIZE_THREAD__, clang with __has_feature. Programs use it to say that their timings
// are TSan's; timing tests, to pick their TSan margins.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define RACELAB_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACELAB_UNDER_TSAN 1
#endif
#endif

namespace racelab {

#ifdef RACELAB_UNDER_TSAN
inline constexpr bool kUnderThreadSanitizer = true;
#else
inline constexpr bool kUnderThreadSanitizer = false;
#endif

}  // namespace racelab
