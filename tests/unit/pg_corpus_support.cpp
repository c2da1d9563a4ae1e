#include "pg_corpus_support.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace duckwire::pg_corpus {

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "$1 = '16634', $2 = NULL, $3 = 'it''s'" → {"'16634'", "NULL", "'it''s'"}.
std::vector<std::string> parameter_values(const std::string& detail) {
  std::vector<std::string> values;
  size_t at = 0;
  while ((at = detail.find(" = ", at)) != std::string::npos) {
    at += 3;
    if (detail.compare(at, 4, "NULL") == 0) {
      values.push_back("NULL");
      continue;
    }
    size_t end = at + 1;
    while (end < detail.size()) {
      if (detail[end] == '\'' && end + 1 < detail.size() && detail[end + 1] == '\'') {
        end += 2;
      } else if (detail[end] == '\'') {
        break;
      } else {
        ++end;
      }
    }
    values.push_back(detail.substr(at, end + 1 - at));
    at = end + 1;
  }
  return values;
}

// "Name:19 @1262.2, status:1043(mod 24) @16657.3" → columns.
std::vector<DescribedColumn> columns_of(const std::string& list) {
  std::vector<DescribedColumn> columns;
  size_t begin = 0;
  while (begin < list.size()) {
    size_t end = list.find(", ", begin);
    if (end == std::string::npos) end = list.size();
    const std::string column = list.substr(begin, end - begin);
    const size_t space = column.find(" @");
    const std::string typed = column.substr(0, space);
    const size_t colon = typed.rfind(':');
    columns.push_back({typed.substr(0, colon), static_cast<uint32_t>(std::stoul(typed.substr(colon + 1)))});
    begin = end + 2;
  }
  return columns;
}

std::string quoted_value(const std::string& line, const std::string& field) {
  const size_t at = line.find(field + "='");
  if (at == std::string::npos) return "";
  const size_t begin = at + field.size() + 2;
  return line.substr(begin, line.find('\'', begin) - begin);
}

}  // namespace

std::string statement_key(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.substr(0, 200);
}

std::vector<LoggedStatement> read_log(const std::string& path) {
  std::vector<LoggedStatement> statements;
  LoggedStatement current;
  int entry = 1;
  const auto finish = [&] {
    if (current.text.find_first_not_of(" \n") != std::string::npos) {
      current.entry = entry;
      statements.push_back(current);
    }
    current = LoggedStatement{};
    ++entry;
  };
  for (const std::string& line : lines_of(path)) {
    if (line == "-- next") {
      finish();
    } else if (line.starts_with("-- DETAIL: parameters: ")) {
      current.values = parameter_values(line.substr(23));
    } else if (line.starts_with("-- ERROR:")) {
      current.refused = true;
    } else if (!line.starts_with("-- ")) {
      current.text += line + "\n";
    }
  }
  finish();
  return statements;
}

std::map<std::string, std::vector<std::vector<DescribedColumn>>> read_row_descriptions(
    const std::string& path) {
  std::map<std::string, std::vector<std::vector<DescribedColumn>>> described;
  std::map<std::string, std::string> prepared;  // statement name → text
  std::string current;
  for (const std::string& line : lines_of(path)) {
    if (line.starts_with("F> Query ")) {
      current = line.substr(9);
    } else if (line.starts_with("F> Parse ")) {
      const size_t query = line.find(" query=");
      current = line.substr(query + 7);
      prepared[quoted_value(line, "stmt")] = current;
    } else if (line.starts_with("F> Bind ") || line.starts_with("F> Describe statement")) {
      const std::string name = line.starts_with("F> Bind ")
                                   ? quoted_value(line, "stmt")
                                   : line.substr(line.find('\'') + 1, line.rfind('\'') - line.find('\'') - 1);
      if (auto found = prepared.find(name); found != prepared.end()) current = found->second;
    } else if (line.starts_with("<B RowDescription [") && !current.empty()) {
      const size_t truncated = current.find("...(");
      const std::string key =
          statement_key(truncated == std::string::npos ? current : current.substr(0, truncated));
      described[key].push_back(columns_of(line.substr(19, line.size() - 20)));
      current.clear();
    }
  }
  return described;
}

std::string with_values(const std::string& text, const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      size_t end = i + 1;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      const size_t index = std::stoul(text.substr(i + 1, end - i - 1));
      if (index >= 1 && index <= values.size()) {
        out += values[index - 1];
        i = end - 1;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace duckwire::pg_corpus
