#include "racelab/json.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

namespace racelab::json {

// Keys in the order they are set, as the programs have always printed them.
struct Node {
  nlohmann::ordered_json value;
};

namespace detail {

Value::Value(std::unique_ptr<Node> node) : node_(std::move(node)) {}
Value::Value(const Value& other) : node_(std::make_unique<Node>(*other.node_)) {}
Value& Value::operator=(const Value& other) {
  *node_ = *other.node_;
  return *this;
}
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::~Value() = default;

}  // namespace detail

Object::Object() : Value(std::make_unique<Node>(Node{nlohmann::ordered_json::object()})) {}

// Every set() stores one value under its key: a new key goes last, a repeated one keeps its place.
Object& Object::set(std::string_view key, std::nullptr_t) {
  node().value[std::string(key)] = nullptr;
  return *this;
}
Object& Object::set(std::string_view key, bool value) {
  node().value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, double value) {
  node().value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, std::string_view value) {
  node().value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, const Object& value) {
  node().value[std::string(key)] = value.node().value;
  return *this;
}
Object& Object::set(std::string_view key, const Array& value) {
  node().value[std::string(key)] = value.node().value;
  return *this;
}
Object& Object::set_signed(std::string_view key, long long value) {
  node().value[std::string(key)] = value;
  return *this;
}
Object& Object::set_unsigned(std::string_view key, unsigned long long value) {
  node().value[std::string(key)] = value;
  return *this;
}
Object& Object::set_text_or_null(std::string_view key, std::string_view text) {
  return text.empty() ? set(key, nullptr) : set(key, text);
}

std::string Object::dump() const { return node().value.dump(); }

Array::Array() : Value(std::make_unique<Node>(Node{nlohmann::ordered_json::array()})) {}

Array& Array::push(const Object& value) {
  node().value.push_back(value.node().value);
  return *this;
}

Object start(std::string_view lab, int schema, std::string_view variant) {
  Object object;
  object.set("lab", lab).set("schema", schema).set("variant", variant);
  return object;
}

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

void print(const Object& object) { std::printf("%s\n", object.dump().c_str()); }

}  // namespace racelab::json
