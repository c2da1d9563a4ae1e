#include "clients/quack/json_printer.hpp"

#include <ostream>

#include "clients/quack/duckdb_json.hpp"
#include "encode/value_text.hpp"

namespace duckwire::quack_client {

namespace {

class JsonPrinter final : public ResultPrinter {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}

  void begin(const std::vector<std::string>& names, const std::vector<quack::LogicalType>&) override {
    keys_.clear();
    for (const std::string& name : names) {
      std::string key;
      encode::append_json_string(key, name);
      key.push_back(':');
      keys_.push_back(std::move(key));
    }
    rows_ = 0;
    out_ << '[';
  }

  void add(const quack::DecodedChunk& chunk) override {
    text_.clear();
    for (uint64_t row = 0; row < chunk.row_count; ++row) {
      if (rows_++ != 0) text_.append(",\n");
      text_.push_back('{');
      for (size_t column = 0; column < chunk.columns.size() && column < keys_.size(); ++column) {
        if (column != 0) text_.push_back(',');
        text_.append(keys_[column]);
        append_json_value(text_, chunk.columns[column], chunk.types[column], row);
      }
      text_.push_back('}');
    }
    out_ << text_;
  }

  void finish() override {
    out_ << "]\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  std::vector<std::string> keys_;
  std::string text_;
  uint64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultPrinter> make_json_printer(std::ostream& out) {
  return std::make_unique<JsonPrinter>(out);
}

}  // namespace duckwire::quack_client
