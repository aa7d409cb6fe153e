// racelab-grade — grades a tree of exercise files against racelab's checks (see scripts/grade).
//
// The checks, the build and the rubric are always this grader's own (its --root); from the
// submission it takes only the exercise files, labs/LAB/TECHNIQUE.hpp. Student code runs only in
// child processes of the sandbox, one part at a time per slot, so that whatever it does (fails to
// compile, crashes, hangs, forks, prints without end) costs that part alone.
#include <fmt/format.h>

#include <exception>
#include <utility>

#include "grader.hpp"
#include "lab_declarations.hpp"
#include "options.hpp"
#include "rubric.hpp"

int main(int argc, char** argv) {
  using namespace racelab::grade;
  try {
    Options options = parse_options(argc, argv);
    Rubric rubric = read_rubric(options.rubric, read_lab_declarations(options.root / "labs"));
    if (options.repeat) rubric.repeat = *options.repeat;
    return grade(std::move(options), std::move(rubric));
  } catch (const UsageError& error) {
    fmt::print(stderr, "scripts/grade: {}\n", error.what());
    return kUsage;
  } catch (const std::exception& error) {
    fmt::print(stderr, "scripts/grade: {}\n", error.what());
    return kUsage;
  }
}
