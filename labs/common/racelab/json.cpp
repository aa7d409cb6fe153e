#include "racelab/json.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace racelab::json {

// Keys in the order they are set, as the programs have always printed them.
struct Node {
  nlohmann::ordered_json value;
};

Object::Object() : node_(std::make_unique<Node>(Node{nlohmann::ordered_json::object()})) {}
Object::Object(const Object& other) : node_(std::make_unique<Node>(*other.node_)) {}
Object& Object::operator=(const Object& other) {
  *node_ = *other.node_;
  return *this;
}
Object::Object(Object&&) noexcept = default;
Object& Object::operator=(Object&&) noexcept = default;
Object::~Object() = default;

Object& Object::set(std::string_view key, std::nullptr_t) {
  node_->value[std::string(key)] = nullptr;
  return *this;
}
Object& Object::set(std::string_view key, bool value) {
  node_->value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, double value) {
  node_->value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, std::string_view value) {
  node_->value[std::string(key)] = value;
  return *this;
}
Object& Object::set(std::string_view key, const Object& value) {
  node_->value[std::string(key)] = value.node_->value;
  return *this;
}
Object& Object::set(std::string_view key, const Array& value) {
  node_->value[std::string(key)] = value.node_->value;
  return *this;
}
Object& Object::set_signed(std::string_view key, long long value) {
  node_->value[std::string(key)] = value;
  return *this;
}
Object& Object::set_unsigned(std::string_view key, unsigned long long value) {
  node_->value[std::string(key)] = value;
  return *this;
}
Object& Object::set_text_or_null(std::string_view key, std::string_view text) {
  return text.empty() ? set(key, nullptr) : set(key, text);
}

std::string Object::dump() const { return node_->value.dump(); }

Array::Array() : node_(std::make_unique<Node>(Node{nlohmann::ordered_json::array()})) {}
Array::Array(const Array& other) : node_(std::make_unique<Node>(*other.node_)) {}
Array& Array::operator=(const Array& other) {
  *node_ = *other.node_;
  return *this;
}
Array::Array(Array&&) noexcept = default;
Array& Array::operator=(Array&&) noexcept = default;
Array::~Array() = default;

Array& Array::push(const Object& value) {
  node_->value.push_back(value.node_->value);
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
