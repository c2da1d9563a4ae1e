"""psql output made comparable between duckwire and PostgreSQL 15.

The one place where the psql tests excuse differences, and only these two:
  - owner names (the "Owner" column: PostgreSQL's roles are not duckwire's users), and
  - sizes (the "Size" column: PostgreSQL's heap pages are not DuckDB's blocks).
Their values become <owner> and <size>. Because those cells' widths set the alignment of the whole
table, tables are rewritten as stripped cells joined by " | " (every other cell is compared exactly);
titles are stripped of their centring; all other lines are compared as printed (trailing blanks off).
The port of the server, which psql prints in connection messages, is replaced by <port>.
"""
import re

SEPARATOR = re.compile(r"^-+(\+-+)*$")
RECORD = re.compile(r"^-\[ RECORD (\d+) \]-*\+?-*$")
ROW_COUNT = re.compile(r"^\(\d+ rows?\)$")
EXCUSED_COLUMNS = {"Owner": "<owner>", "Size": "<size>"}


def _cells(line, bounds):
    return [line[start:end].strip() for start, end in bounds]


def _bounds(separator):
    bounds, start = [], 0
    for index, char in enumerate(separator + "+"):
        if char == "+":
            bounds.append((start, index))
            start = index + 1
    return bounds


def _table(header, separator, rows):
    bounds = _bounds(separator)
    names = _cells(header, bounds)
    excused = {i: EXCUSED_COLUMNS[name] for i, name in enumerate(names) if name in EXCUSED_COLUMNS}
    out = [" | ".join(names), "---"]
    for row in rows:
        cells = _cells(row, bounds)
        out.append(" | ".join(excused.get(i, cell) for i, cell in enumerate(cells)))
    return out


def normalise(text, port=None):
    if port is not None:
        text = text.replace(f'port "{port}"', 'port "<port>"').replace(f"port {port} ", "port <port> ")
    lines = text.splitlines()
    out, i, expanded = [], 0, False
    while i < len(lines):
        line = lines[i].rstrip()
        if i + 1 < len(lines) and SEPARATOR.match(lines[i + 1].strip()) and line:
            if out and out[-1] and lines[i - 1].startswith(" "):
                out[-1] = out[-1].strip()  # the centred title of this table
            separator = lines[i + 1].rstrip()
            rows, i = [], i + 2
            while i < len(lines) and lines[i].strip() and not ROW_COUNT.match(lines[i]):
                if "+" in separator and "|" not in lines[i]:
                    break
                rows.append(lines[i])
                i += 1
            out.extend(_table(line, separator, rows))
            continue
        if RECORD.match(line):
            expanded = True
            out.append(f"-[ RECORD {RECORD.match(line).group(1)} ]")
        elif expanded and "|" in line:
            name, _, value = line.partition("|")
            out.append(f"{name.strip()} | {value.strip()}")
        else:
            expanded = expanded and bool(line)
            out.append(line)
        i += 1
    return "\n".join(out)
