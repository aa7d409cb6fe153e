// grade.hpp — what a grade is made of: one Part per lab × technique × part kind, each with its
// points, the commands that decide it, and what a student reads when it fails.
#pragma once

#include <string>
#include <vector>

#include "rubric.hpp"
#include "sandbox.hpp"

namespace racelab::grade {

enum class Status { pending, passed, failed };

struct Part {
  std::string lab;
  std::string technique;
  PartKind kind = PartKind::functional;
  std::string visibility = "visible";
  double max_points = 0;
  double points = 0;
  Status status = Status::pending;
  std::string reason;  // one line: why it failed, or what passed
  std::string output;  // a short excerpt a student can read
  double seconds = 0;

  // How it is run: every command, `runs` times over, stopping at the first failure.
  std::vector<Command> commands;
  unsigned runs = 1;
  bool serial = false;
  Limits limits;
  unsigned runs_done = 0;
  std::size_t next_command = 0;

  std::string name() const { return lab + " / " + technique + " / " + std::string(name_of(kind)); }
  std::string key() const { return lab + "/" + technique + "/" + std::string(name_of(kind)); }
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
