#pragma once
// The csv format of result_printer.hpp.

#include <iosfwd>
#include <memory>

#include "clients/quack/result_printer.hpp"

namespace duckwire::quack_client {

std::unique_ptr<ResultPrinter> make_csv_printer(std::ostream& out);

}  // namespace duckwire::quack_client
