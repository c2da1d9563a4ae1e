#include "clients/quack/csv_printer.hpp"

#include <ostream>

#include "clients/quack/duckdb_text.hpp"
#include "encode/csv_field.hpp"

namespace duckwire::quack_client {

namespace {

constexpr std::string_view kLineEnd = "\r\n";

class CsvPrinter final : public ResultPrinter {
 public:
  explicit CsvPrinter(std::ostream& out) : out_(out) {}

  void begin(const std::vector<std::string>& names, const std::vector<quack::LogicalType>&) override {
    line_.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      if (i != 0) line_.push_back(',');
      encode::append_csv_field(line_, names[i]);
    }
    line_.append(kLineEnd);
    out_ << line_;
  }

  void add(const quack::DecodedChunk& chunk) override {
    line_.clear();
    for (uint64_t row = 0; row < chunk.row_count; ++row) {
      for (size_t column = 0; column < chunk.columns.size(); ++column) {
        if (column != 0) line_.push_back(',');
        const quack::DecodedVector& vector = chunk.columns[column];
        if (!vector.is_valid(row)) continue;
        text_.clear();
        append_duckdb_text(text_, vector, chunk.types[column], row);
        encode::append_csv_field(line_, text_);
      }
      line_.append(kLineEnd);
    }
    out_ << line_;
  }

  void finish() override { out_.flush(); }

 private:
  std::ostream& out_;
  std::string line_;
  std::string text_;
};

}  // namespace

std::unique_ptr<ResultPrinter> make_csv_printer(std::ostream& out) {
  return std::make_unique<CsvPrinter>(out);
}

}  // namespace duckwire::quack_client
