// grade.hpp — what a grade is made of: one Part per lab × technique × part kind, each with its
// points, the commands that decide it, and what a student reads when it fails.
#pragma once

#include <string>
#include <vector>

#include "rubric.hpp"
#include "sandbox.hpp"

namespace racelab::grade {

// not_gradable: this machine could not measure the part's claim (judging.hpp says when); the
// rubric's when-unmeasurable decides its points.
enum class Status { pending, passed, failed, not_gradable };

struct Part {
  std::string lab;
  std::string technique;
  PartKind kind = PartKind::functional;
  std::string visibility = "visible";
  double max_points = 0;  // the rubric's, also when the part is left out of the maximum
  double points = 0;
  Status status = Status::pending;
  WhenUnmeasurable when_unmeasurable = WhenUnmeasurable::ungraded;
  std::string reason;  // one line: why it failed, what passed, or why it could not be graded
  std::string output;  // a short excerpt a student can read
  std::string raw;     // the failing run's whole output, kept beside the reports (raw_file())
  double seconds = 0;

  // How it is run: every command, `runs` times over, stopping at the first failure.
  std::vector<Command> commands;
  unsigned runs = 1;
  bool serial = false;
  Limits limits;
  unsigned runs_done = 0;
  std::size_t next_command = 0;
  // Runs in which every command judged every claim, and the first reason one could not.
  unsigned runs_judged = 0;
  bool this_run_unmeasured = false;
  std::string unmeasured_why;

  std::string name() const { return lab + " / " + technique + " / " + std::string(name_of(kind)); }
  // Where `raw` is written, relative to the report directory.
  std::string raw_file() const {
    return "raw/" + lab + "." + technique + "." + std::string(name_of(kind)) + ".txt";
  }
  std::string key() const { return lab + "/" + technique + "/" + std::string(name_of(kind)); }
  // Whether the part's points are in the score and its maximum: not when it was not gradable here
  // and the rubric leaves such parts ungraded.
  bool counted() const {
    return status != Status::not_gradable || when_unmeasurable != WhenUnmeasurable::ungraded;
  }
  double counted_max_points() const { return counted() ? max_points : 0; }
  void fail(std::string why, std::string excerpt = {}) {
    status = Status::failed;
    points = 0;
    reason = std::move(why);
    output = std::move(excerpt);
  }
};

struct Grade {
  std::vector<Part> parts;
  std::vector<std::string> notes;           // the manifest check, who ran student code, ...
  std::vector<std::string> modified_files;  // protected files the submission changed
  std::string submission;                   // the exercise tree graded
  double seconds = 0;
  bool interrupted = false;

  double score() const;
  double max_score() const;
};

}  // namespace racelab::grade
