// json.hpp — every lab program's --json output, built through nlohmann's JSON library (Debian's
// nlohmann-json3-dev): escaping and syntax are the library's, never a format string's.
//
// The library is used in json.cpp alone, compiled once per build: its header costs seconds per
// file, and every lab program is compiled twice (against labs/ and solutions/) in each preset.
// This header is the small builder the programs need: objects and arrays of numbers, strings,
// booleans and null, with keys in the order they are set.
//
// Each program prints one object on one line. Its first keys are "lab" and "schema" (the version
// of its shape: a key renamed, removed or retyped is a new schema; a key added is not), and its
// keys and their types are declared in the lab's lab.json ("json"), where a check holds the
// program to them (scripts/lib/json-shape).
#pragma once

#include <concepts>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace racelab::json {

struct Node;  // a value of nlohmann's library (json.cpp)

namespace detail {

// What Object and Array share: one value of the library, owned, copied with its owner.
class Value {
 public:
  Value(const Value& other);
  Value& operator=(const Value& other);
  Value(Value&&) noexcept;
  Value& operator=(Value&&) noexcept;
  ~Value();

  [[nodiscard]] Node& node() { return *node_; }
  [[nodiscard]] const Node& node() const { return *node_; }

 protected:
  explicit Value(std::unique_ptr<Node> node);

 private:
  std::unique_ptr<Node> node_;
};

}  // namespace detail

class Array;

class Object : public detail::Value {
 public:
  Object();

  Object& set(std::string_view key, std::nullptr_t);
  Object& set(std::string_view key, bool value);
  Object& set(std::string_view key, double value);
  Object& set(std::string_view key, std::string_view value);
  Object& set(std::string_view key, const char* value) { return set(key, std::string_view(value)); }
  Object& set(std::string_view key, const std::string& value) {
    return set(key, std::string_view(value));
  }
  template <std::signed_integral Integer>
  Object& set(std::string_view key, Integer value) {
    return set_signed(key, static_cast<long long>(value));
  }
  template <std::unsigned_integral Integer>
  requires(!std::same_as<Integer, bool>) Object& set(std::string_view key, Integer value) {
    return set_unsigned(key, static_cast<unsigned long long>(value));
  }
  Object& set(std::string_view key, const Object& value);
  Object& set(std::string_view key, const Array& value);

  // The text, or null when it is empty.
  Object& set_text_or_null(std::string_view key, std::string_view text);

  // One line, no spaces: what the programs print.
  [[nodiscard]] std::string dump() const;

 private:
  Object& set_signed(std::string_view key, long long value);
  Object& set_unsigned(std::string_view key, unsigned long long value);
};

class Array : public detail::Value {
 public:
  Array();

  Array& push(const Object& value);
};

// The object every program's output starts with: its lab, its shape's schema, its variant.
Object start(std::string_view lab, int schema, std::string_view variant);

// A measured figure to `decimals` places: the digits a reader can trust, and no
// 0.30000000000000004 in the output.
double rounded(double value, int decimals);

// Prints the object on one line of stdout.
void print(const Object& object);

}  // namespace racelab::json
