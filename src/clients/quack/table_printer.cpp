#include "clients/quack/table_printer.hpp"

#include <algorithm>
#include <deque>
#include <ostream>

#include "clients/quack/duckdb_text.hpp"
#include "clients/quack/text_width.hpp"

namespace duckwire::quack_client {

using quack::LogicalType;
using Id = quack::LogicalTypeId;

namespace {

constexpr std::string_view kHorizontal = "─";
constexpr std::string_view kVertical = "│";
constexpr std::string_view kDot = "·";
constexpr size_t kDividerRows = 3;
// DuckDB's CLI writes the row count in the footer only from this many rows on (and for none).
constexpr uint64_t kRowCountFooterFrom = 10;

enum class Alignment { kLeft, kMiddle, kRight };

struct Cell {
  std::string text;
  size_t width = 0;
};
using Row = std::vector<Cell>;

// DuckDB's box renderer shows control characters as escapes: \n, \t, ..., else \ and the byte's number.
std::string escape_controls(std::string text) {
  if (std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return text;
  }
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20) {
      out.push_back(c);
      continue;
    }
    out.push_back('\\');
    switch (byte) {
      case 7:
        out.push_back('a');
        break;
      case 8:
        out.push_back('b');
        break;
      case 9:
        out.push_back('t');
        break;
      case 10:
        out.push_back('n');
        break;
      case 11:
        out.push_back('v');
        break;
      case 12:
        out.push_back('f');
        break;
      case 13:
        out.push_back('r');
        break;
      case 27:
        out.push_back('e');
        break;
      default:
        out += std::to_string(byte);
        break;
    }
  }
  return out;
}

Cell make_cell(std::string text) {
  Cell cell{escape_controls(std::move(text)), 0};
  cell.width = display_width(cell.text);
  return cell;
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A member name as DuckDB spells it in a type: bare when it is a plain identifier, else in double quotes.
// (DuckDB also quotes SQL keywords such as "name"; this does not know them.)
std::string member_name(std::string_view name) {
  auto plain_character = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  const bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                     std::all_of(name.begin(), name.end(), plain_character);
  if (plain) return std::string(name);
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// DuckDB's spelling of a type (LogicalType::ToString), with member names as DuckDB quotes them.
std::string type_spelling(const LogicalType& type) {
  if (!type.alias.empty()) return type.alias;
  switch (type.id) {
    case Id::kList:
      return type_spelling(type.element()) + "[]";
    case Id::kArray:
      return type_spelling(type.element()) + "[" + std::to_string(type.array_size) + "]";
    case Id::kMap: {
      const auto& entry = type.element().children;
      if (entry.size() != 2) return "MAP";
      return "MAP(" + type_spelling(entry[0].type) + ", " + type_spelling(entry[1].type) + ")";
    }
    case Id::kStruct:
    case Id::kUnion: {
      std::string spelling = type.id == Id::kStruct ? "STRUCT(" : "UNION(";
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i != 0) spelling += ", ";
        if (!type.children[i].name.empty()) spelling += member_name(type.children[i].name) + " ";
        spelling += type_spelling(type.children[i].type);
      }
      return spelling + ")";
    }
    default:
      return quack::to_string(type);
  }
}

std::string repeat(std::string_view piece, size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (size_t i = 0; i < count; ++i) out.append(piece);
  return out;
}

class TablePrinter final : public ResultPrinter {
 public:
  TablePrinter(std::ostream& out, const PrintOptions& options) : out_(out), max_rows_(options.max_rows) {}

  void begin(const std::vector<std::string>& names, const std::vector<LogicalType>& types) override {
    names_.clear();
    types_.clear();
    alignments_.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      names_.push_back(make_cell(names[i]));
      types_.push_back(make_cell(i < types.size() ? box_type_name(types[i]) : ""));
      alignments_.push_back(i < types.size() && is_numeric(types[i]) ? Alignment::kRight : Alignment::kLeft);
    }
    head_.clear();
    tail_.clear();
    row_count_ = 0;
  }

  void add(const quack::DecodedChunk& chunk) override {
    for (uint64_t row = 0; row < chunk.row_count; ++row) {
      Row cells;
      cells.reserve(chunk.columns.size());
      for (size_t column = 0; column < chunk.columns.size(); ++column) {
        cells.push_back(make_cell(duckdb_text(chunk.columns[column], chunk.types[column], row)));
      }
      ++row_count_;
      if (max_rows_ == 0 || head_.size() < max_rows_ + 3) head_.push_back(cells);
      if (max_rows_ != 0 && bottom_rows() > 0) {
        tail_.push_back(std::move(cells));
        if (tail_.size() > bottom_rows()) tail_.pop_front();
      }
    }
  }

  void finish() override {
    const bool hidden = max_rows_ != 0 && row_count_ > max_rows_ + 3;
    std::vector<const Row*> top;
    std::vector<const Row*> bottom;
    const size_t top_count = hidden ? max_rows_ - bottom_rows() : head_.size();
    for (size_t i = 0; i < top_count; ++i) top.push_back(&head_[i]);
    if (hidden) {
      for (const Row& row : tail_) bottom.push_back(&row);
    }
    const uint64_t shown = top.size() + bottom.size();

    compute_widths(top, bottom);
    const std::string rows_text = std::to_string(row_count_) + " rows";
    const std::string shown_text = hidden ? std::to_string(shown) + " shown" : "";
    // DuckDB widens the last column so that a footer it must show fits.
    if (hidden || row_count_ == 0) {
      const size_t footer_length = std::max(rows_text.size(), shown_text.size() + 2) + 4;
      if (total_length() < footer_length && !widths_.empty())
        widths_.back() += footer_length - total_length();
    }

    std::string text;
    line(text, "┌", "┬", "┐");
    values(text, names_, Alignment::kMiddle);
    values(text, types_, Alignment::kMiddle);
    if (!widths_.empty() && !top.empty()) line(text, "├", "┼", "┤");
    for (const Row* row : top) values(text, *row);
    if (hidden) divider(text, *top.back(), bottom.empty() ? *top.back() : *bottom.front());
    for (const Row* row : bottom) values(text, *row);
    footer(text, rows_text, shown_text);
    out_ << text;
    out_.flush();
  }

 private:
  size_t bottom_rows() const { return max_rows_ / 2; }

  // DuckDB's width of the whole box: "│ " + value + " " per column, then "│".
  size_t total_length() const {
    size_t total = 1;
    for (const size_t width : widths_) total += width + 3;
    return total;
  }

  void compute_widths(const std::vector<const Row*>& top, const std::vector<const Row*>& bottom) {
    widths_.assign(names_.size(), 0);
    for (size_t c = 0; c < names_.size(); ++c) widths_[c] = std::max(names_[c].width, types_[c].width);
    for (const auto* rows : {&top, &bottom}) {
      for (const Row* row : *rows) {
        for (size_t c = 0; c < row->size() && c < widths_.size(); ++c) {
          widths_[c] = std::max(widths_[c], (*row)[c].width);
        }
      }
    }
  }

  void line(std::string& text, std::string_view left, std::string_view between,
            std::string_view right) const {
    text.append(left);
    for (size_t c = 0; c < widths_.size(); ++c) {
      if (c != 0) text.append(between);
      text.append(repeat(kHorizontal, widths_[c] + 2));
    }
    if (widths_.empty()) text.append(repeat(kHorizontal, 2));
    text.append(right);
    text.push_back('\n');
  }

  static void cell(std::string& text, const Cell& value, size_t width, Alignment alignment) {
    const size_t padding = width - std::min(width, value.width) + 2;
    size_t left = 1;
    if (alignment == Alignment::kMiddle) left = padding / 2;
    if (alignment == Alignment::kRight) left = padding - 1;
    text.append(kVertical);
    text.append(left, ' ');
    text.append(value.text);
    text.append(padding - left, ' ');
  }

  void values(std::string& text, const Row& row, std::optional<Alignment> alignment = std::nullopt) const {
    if (widths_.empty()) return;
    for (size_t c = 0; c < widths_.size(); ++c) {
      const Cell empty;
      cell(text, c < row.size() ? row[c] : empty, widths_[c], alignment.value_or(alignments_[c]));
    }
    text.append(kVertical);
    text.push_back('\n');
  }

  // Three rows of dots between the first and the last rows, placed as DuckDB places them: in the middle
  // of the narrower of the values above and below.
  void divider(std::string& text, const Row& above, const Row& below) const {
    Row dots;
    std::vector<Alignment> alignments;
    for (size_t c = 0; c < widths_.size(); ++c) {
      const size_t top = c < above.size() ? std::min(widths_[c], above[c].width) : 0;
      const size_t bottom = c < below.size() ? std::min(widths_[c], below[c].width) : 0;
      size_t length = std::min(top, bottom);
      if (top == 0) length = bottom;
      if (bottom == 0) length = top;
      Alignment alignment = alignments_[c];
      std::string dot(kDot);
      size_t width = 1;
      if (length > 1) {
        const size_t padding = length - 1;
        const size_t left = alignment == Alignment::kLeft ? padding / 2 : padding - padding / 2;
        dot = std::string(left, ' ') + dot + std::string(padding - left, ' ');
        width = length;
      } else if (length == 0) {
        alignment = Alignment::kMiddle;
      }
      dots.push_back(Cell{std::move(dot), width});
      alignments.push_back(alignment);
    }
    for (size_t i = 0; i < kDividerRows; ++i) {
      for (size_t c = 0; c < widths_.size(); ++c) cell(text, dots[c], widths_[c], alignments[c]);
      text.append(kVertical);
      text.push_back('\n');
    }
  }

  void footer(std::string& text, const std::string& rows_text, std::string shown_text) const {
    const size_t total = total_length();
    const std::string columns_text =
        std::to_string(widths_.size()) + (widths_.size() == 1 ? " column" : " columns");
    const bool rows_and_columns = total >= rows_text.size() + columns_text.size() + 6 &&
                                  row_count_ >= kRowCountFooterFrom && widths_.size() > 1;
    const bool rows_only = total >= std::max(rows_text.size(), shown_text.size() + 2) + 4 &&
                           (row_count_ == 0 || row_count_ >= kRowCountFooterFrom);
    if (!rows_and_columns && !rows_only) {
      line(text, "└", "┴", "┘");
      return;
    }
    line(text, "├", "┴", "┤");
    size_t padding = total - rows_text.size() - 4;
    if (rows_and_columns) padding -= columns_text.size();
    std::string shown_inline;
    if (!shown_text.empty() && padding >= shown_text.size() + 3) {
      shown_inline = " (" + shown_text + ")";
      padding -= shown_inline.size();
      shown_text.clear();
    }
    text.append(kVertical);
    text.push_back(' ');
    if (rows_and_columns) {
      text.append(rows_text).append(shown_inline).append(padding, ' ').append(columns_text);
    } else {
      text.append(padding / 2, ' ').append(rows_text).append(shown_inline).append(padding - padding / 2, ' ');
    }
    text.push_back(' ');
    text.append(kVertical);
    text.push_back('\n');
    if (!shown_text.empty()) {
      const Cell shown{"(" + shown_text + ")", shown_text.size() + 2};
      cell(text, shown, total - 4, rows_and_columns ? Alignment::kLeft : Alignment::kMiddle);
      text.append(kVertical);
      text.push_back('\n');
    }
    text.append("└").append(repeat(kHorizontal, total - 2)).append("┘\n");
  }

  std::ostream& out_;
  uint64_t max_rows_;
  Row names_;
  Row types_;
  std::vector<Alignment> alignments_;
  std::vector<size_t> widths_;
  std::vector<Row> head_;  // the first max_rows + 3 rows (every row when max_rows is 0)
  std::deque<Row> tail_;   // the last max_rows / 2 rows
  uint64_t row_count_ = 0;
};

}  // namespace

std::string box_type_name(const LogicalType& type) {
  if (!type.alias.empty()) return lower(type.alias);
  switch (type.id) {
    case Id::kTinyInt:
      return "int8";
    case Id::kSmallInt:
      return "int16";
    case Id::kInteger:
      return "int32";
    case Id::kBigInt:
      return "int64";
    case Id::kHugeInt:
      return "int128";
    case Id::kUTinyInt:
      return "uint8";
    case Id::kUSmallInt:
      return "uint16";
    case Id::kUInteger:
      return "uint32";
    case Id::kUBigInt:
      return "uint64";
    case Id::kUHugeInt:
      return "uint128";
    case Id::kList:
      return box_type_name(type.element()) + "[]";
    default:
      return lower(type_spelling(type));
  }
}

std::unique_ptr<ResultPrinter> make_table_printer(std::ostream& out, const PrintOptions& options) {
  return std::make_unique<TablePrinter>(out, options);
}

}  // namespace duckwire::quack_client
