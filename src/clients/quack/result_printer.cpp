#include "clients/quack/result_printer.hpp"

#include "clients/quack/csv_printer.hpp"
#include "clients/quack/json_printer.hpp"
#include "clients/quack/table_printer.hpp"

namespace duckwire::quack_client {

std::unique_ptr<ResultPrinter> make_result_printer(OutputFormat format, std::ostream& out,
                                                   const PrintOptions& options) {
  switch (format) {
    case OutputFormat::kCsv:
      return make_csv_printer(out);
    case OutputFormat::kJson:
      return make_json_printer(out);
    case OutputFormat::kTable:
      break;
  }
  return make_table_printer(out, options);
}

}  // namespace duckwire::quack_client
