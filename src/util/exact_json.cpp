#include "util/exact_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace duckwire {

namespace json = boost::json;

namespace {

constexpr size_t kMaxShownLiteral = 40;

bool is_integer_literal(std::string_view literal) {
  if (literal.starts_with('-')) literal.remove_prefix(1);
  return !literal.empty() &&
         std::all_of(literal.begin(), literal.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Builds the value as Boost.JSON's own parser does, except for numbers.
class ExactHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  explicit ExactHandler(WideIntegers wide_integers) : wide_integers_(wide_integers) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    ++depth_;
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    --depth_;
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code&) {
    ++depth_;
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    --depth_;
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_key(s);
    key_.append(s.data(), s.size());
    if (depth_ == 1) top_level_key_ = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    literal_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view s, json::error_code&) {
    take_literal(s);
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view s, json::error_code&) {
    take_literal(s);
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view s, json::error_code& ec) {
    const std::string literal = take_literal(s);
    if (is_integer_literal(literal) && wide_integers_ == WideIntegers::kAsTypedInteger) {
      stack_.push_key("@value");
      stack_.push_string(literal);
      stack_.push_key("@type");
      stack_.push_string("xsd:integer");
      stack_.push_object(2);
      return true;
    }
    if (is_integer_literal(literal) || !std::isfinite(d)) {
      out_of_range_ = literal;
      ec = json::error::exponent_overflow;  // any error stops the parser; the message is ours
      return false;
    }
    stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  void reset() { stack_.reset(); }
  json::value release() { return stack_.release(); }
  std::vector<std::pair<std::string, std::string>> take_top_level_numbers() {
    return std::move(top_level_numbers_);
  }
  const std::optional<std::string>& out_of_range() const { return out_of_range_; }

 private:
  // The whole literal, which may have come in parts; recorded when it is a top-level member.
  std::string take_literal(json::string_view last) {
    literal_.append(last.data(), last.size());
    std::string literal = std::move(literal_);
    literal_.clear();
    if (depth_ == 1) top_level_numbers_.emplace_back(top_level_key_, literal);
    return literal;
  }

  WideIntegers wide_integers_;
  json::value_stack stack_;
  int depth_ = 0;
  std::string key_;
  std::string top_level_key_;
  std::string literal_;
  std::vector<std::pair<std::string, std::string>> top_level_numbers_;
  std::optional<std::string> out_of_range_;
};

}  // namespace

const std::string* ExactJson::number_literal(std::string_view key) const {
  for (auto it = top_level_numbers.rbegin(); it != top_level_numbers.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

Result<ExactJson> parse_exact_json(std::string_view text, WideIntegers wide_integers) {
  json::basic_parser<ExactHandler> parser(json::parse_options{}, wide_integers);
  parser.handler().reset();
  json::error_code ec;
  const size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) ec = json::error::extra_data;
  if (ec) {
    if (const auto& literal = parser.handler().out_of_range()) {
      const std::string shown =
          literal->size() > kMaxShownLiteral ? literal->substr(0, kMaxShownLiteral) + "..." : *literal;
      return Error{ErrorKind::kOutOfRange, "number out of range: " + shown};
    }
    return Error{ErrorKind::kInvalidInput, ec.message()};
  }
  return ExactJson{parser.handler().release(), parser.handler().take_top_level_numbers()};
}

}  // namespace duckwire
