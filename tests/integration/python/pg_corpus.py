"""Reads the PostgreSQL 15 traffic corpus (tests/data/pg_corpus, see its README): the statements of each
`<client>.log` paired with what PostgreSQL answered for them in `<client>.wire.txt`.

The wire trace lists frontend (`F>`) and backend (`<B`) messages, one per line; the recorder may print a
backend answer before the frontend message that caused it, so the two directions are read as two
streams and paired by the protocol's rules (every backend answer comes in the order of the requests)."""
import dataclasses
import pathlib
import re

# The clients in the order the capture ran them against the same database (README, "How it was captured").
CLIENTS = ["psql", "pgjdbc", "psycopg2", "psycopg3", "asyncpg", "sqlalchemy", "node-pg", "postgres.js", "pgbench"]

# Objects whose capture-time OIDs appear inside statements (README, `.log` format).
CAPTURE_OIDS = {
    16634: ("relation", "public", "customers"), 16646: ("relation", "public", "products"),
    16657: ("relation", "public", "orders"), 16676: ("relation", "sales", "regions"),
    16686: ("relation", "sales", "order_items"), 16708: ("relation", "public", "order_totals"),
    16713: ("relation", "sales", "item_summary"), 16629: ("type", "sales", "region_kind"),
    16628: ("array type", "sales", "region_kind"), 16717: ("function", "sales", "order_count"),
    16627: ("namespace", None, "sales"),
}

META = re.compile(r"^-- (@\w+|DETAIL|ERROR|HINT|NOTICE|WARNING|CONTEXT|STATEMENT|LOG):")
PARAMETER = re.compile(r"\$(\d+) = (?:NULL|'((?:[^']|'')*)')(?:, |$)", re.S)
COLUMN = re.compile(r"(?:^|, )(.*?):(\d+)(?:\(mod -?\d+\))?(?:/bin)?(?: @\d+\.\d+)?(?=, |$)")
TRUNCATED = re.compile(r"\.\.\.\(\d+ chars\)$")
REPEAT = re.compile(r"(?:^| )\(x(\d+)\)$")
CONNECTION = re.compile(r"^== connection \d+: client connection \(server session (\d+)\) ==")
ASYNC_MESSAGES = {"ParameterStatus", "NoticeResponse", "NotificationResponse"}


def collapse(sql):
    return " ".join(sql.split())


@dataclasses.dataclass
class LogEntry:
    client: str
    number: int  # 1-based among the file's statements
    session: int
    kind: str  # simple | execute | fetch | parse-error
    text: str
    params: list  # None when the entry carries no DETAIL parameters line
    error: str = None


@dataclasses.dataclass
class Outcome:
    """What PostgreSQL answered for one statement."""
    columns: list = None  # [(name, type oid)]; None when no RowDescription came (NoData)
    tag: str = None
    sqlstate: str = None
    copy: tuple = None  # (direction "in"/"out", format "text"/"binary", column count)
    rows: int = 0
    suspended: bool = False
    empty: bool = False


@dataclasses.dataclass
class Unit:
    """One logged request on the wire: a Query message (one outcome per statement in it), an Execute, or a
    Parse PostgreSQL refused."""
    kind: str  # query | execute | parse
    text: str
    truncated: bool
    outcomes: list
    param_types: list = dataclasses.field(default_factory=list)
    portal: str = ""
    max_rows: int = 0
    binary_results: bool = False
    continuation: bool = False  # resumes a suspended portal


@dataclasses.dataclass
class Case:
    id: str
    entry: LogEntry
    unit: Unit  # None where the trace was cut short (pgbench) and no earlier twin statement exists
    session_last: bool = False  # the session's last statement: the replay closes its connection after it


def read_log(path, client):
    entries, number = [], 0
    for chunk in path.read_text().split("\n-- next\n"):
        session, kind, text_lines, detail, error = None, None, [], None, None
        in_detail = False
        for line in chunk.split("\n"):
            if line.startswith("-- @session:"):
                session = int(line.split(":")[1])
            elif line.startswith("-- @log:"):
                kind = line[len("-- @log: "):]
            elif line.startswith("-- DETAIL: parameters: "):
                detail, in_detail = line[len("-- DETAIL: parameters: "):], True
            elif line.startswith("-- ERROR: "):
                error, in_detail = line[len("-- ERROR: "):], False
            elif META.match(line):
                in_detail = False
            elif in_detail:
                detail += "\n" + line
            elif kind is not None:
                text_lines.append(line)
        text = "\n".join(text_lines).strip("\n")
        if kind is None or not text.strip():
            continue
        number += 1
        entries.append(LogEntry(client, number, session, log_kind(kind), text, parse_parameters(detail), error))
    return entries


def log_kind(kind):
    if kind == "simple query":
        return "simple"
    if kind.startswith("execute fetch from"):
        return "fetch"
    if kind.startswith("execute"):
        return "execute"
    if kind.startswith("error before statement logging"):
        return "parse-error"
    raise ValueError(f"unknown @log kind: {kind}")


def parse_parameters(detail):
    if detail is None:
        return None
    values, position = [], 0
    while position < len(detail):
        match = PARAMETER.match(detail, position)
        if not match or int(match.group(1)) != len(values) + 1:
            raise ValueError(f"unreadable parameters line: {detail!r}")
        values.append(None if match.group(2) is None else match.group(2).replace("''", "'"))
        position = match.end()
    return values


def read_wire(path):
    """{server session: [Unit]} for every client connection of the trace."""
    sessions, frontend, backend, session = {}, None, None, None
    for line in path.read_text().split("\n"):
        header = CONNECTION.match(line)
        if line.startswith("== "):
            if session is not None:
                sessions[session] = Replay(frontend, backend).units()
            session, frontend, backend = (int(header.group(1)) if header else None), [], []
        elif session is not None and line.startswith("F> "):
            frontend.append(split_message(line[3:]))
        elif session is not None and line.startswith("<B "):
            name, rest = split_message(line[3:])
            repeat = REPEAT.search(rest)
            count = int(repeat.group(1)) if repeat else 1
            backend.append((name, REPEAT.sub("", rest) if repeat else rest, count))
    if session is not None:
        sessions[session] = Replay(frontend, backend).units()
    return sessions


def split_message(text):
    name, _, rest = text.partition(" ")
    return name, rest


def quoted(rest, key):
    match = re.search(key + r"='([^']*)'", rest)
    return match.group(1) if match else None


def int_list(text):
    return [int(item) for item in text.strip("[]").split(",") if item.strip()]


def columns_of(rest):
    body = rest[1:-1]
    columns = [(match.group(1), int(match.group(2))) for match in COLUMN.finditer(body)]
    if body and sum(len(m.group(0)) for m in COLUMN.finditer(body)) != len(body):
        raise ValueError(f"unreadable RowDescription: {rest!r}")
    return columns


class EndOfTrace(Exception):
    pass


class Replay:
    """Walks one connection's frontend messages and consumes the backend answers each one gets."""

    def __init__(self, frontend, backend):
        self.frontend = frontend
        first_ready = next(i for i, message in enumerate(backend) if message[0] == "ReadyForQuery")
        self.backend = [message for message in backend[first_ready + 1:] if message[0] not in ASYNC_MESSAGES]
        self.position = 0
        self.statements, self.portals = {}, {}  # name -> (text, truncated, param types); portal -> state
        self.statement_columns = {}

    def take(self, *expected):
        if self.position >= len(self.backend):
            raise EndOfTrace()
        name, rest, count = self.backend[self.position]
        if expected and name not in expected:
            raise ValueError(f"expected {expected}, the trace has {name} {rest}")
        self.position += 1
        return name, rest, count

    def peek(self):
        return self.backend[self.position][0] if self.position < len(self.backend) else None

    def units(self):
        """The logged requests, up to the end of the trace (pgbench's traces are cut at 120 lines)."""
        units = []
        try:
            self.walk(units)
        except EndOfTrace:
            pass
        return units

    def walk(self, units):
        failed = False
        for name, rest in self.frontend:
            if name == "Sync":
                self.take("ReadyForQuery")
                failed = False
            elif name == "Query":
                units.append(self.query(rest))
            elif failed or name in ("Flush", "CopyData", "CopyDone", "CopyFail", "Terminate", "StartupMessage",
                                    "SSLRequest", "SASLInitialResponse", "SASLResponse"):
                continue
            elif name == "Parse":
                failed = self.parse(rest, units)
            elif name == "Bind":
                failed = self.bind(rest)
            elif name == "Describe":
                failed = self.describe(rest)
            elif name == "Execute":
                unit = self.execute(rest)
                units.append(unit)
                failed = unit.outcomes[0].sqlstate is not None
            elif name == "Close":
                failed = self.take("CloseComplete", "ErrorResponse")[0] == "ErrorResponse"
            else:
                raise ValueError(f"unknown frontend message {name}")

    def outcome_until(self, outcome, ends):
        """Consumes the answer to one statement into `outcome`, up to one of `ends`."""
        while True:
            name, rest, count = self.take()
            if name == "RowDescription":
                outcome.columns = columns_of(rest)
            elif name == "DataRow":
                outcome.rows += count
            elif name in ("CopyInResponse", "CopyOutResponse"):
                fields = dict(item.split("=") for item in rest.split())
                outcome.copy = ("in" if name == "CopyInResponse" else "out", fields["format"], int(fields["columns"]))
            elif name in ("CopyData", "CopyDone"):
                continue
            elif name == "CommandComplete":
                outcome.tag = rest
            elif name == "ErrorResponse":
                outcome.sqlstate = rest.split()[1]
            elif name == "EmptyQueryResponse":
                outcome.empty = True
            elif name == "PortalSuspended":
                outcome.suspended = True
            else:
                raise ValueError(f"unexpected {name} in a statement's answer")
            if name in ends:
                return outcome

    def query(self, rest):
        text, truncated = TRUNCATED.sub("", rest), bool(TRUNCATED.search(rest))
        outcomes = []
        while self.peek() != "ReadyForQuery":
            outcomes.append(self.outcome_until(Outcome(), {"CommandComplete", "ErrorResponse", "EmptyQueryResponse"}))
        self.take("ReadyForQuery")
        return Unit("query", text, truncated, outcomes)

    def parse(self, rest, units):
        name = quoted(rest, "stmt")
        text = rest.split(" query=", 1)[1]
        types = int_list(re.search(r"paramtypes=(\[[^\]]*\])", rest).group(1))
        self.statements[name] = (TRUNCATED.sub("", text), bool(TRUNCATED.search(text)), types)
        self.statement_columns.pop(name, None)
        answer, answer_rest, _ = self.take("ParseComplete", "ErrorResponse")
        if answer == "ErrorResponse":
            units.append(Unit("parse", *self.statements[name][:2], [Outcome(sqlstate=answer_rest.split()[1])],
                              param_types=types))
            return True
        return False

    def bind(self, rest):
        formats = int_list(re.search(r"resultformats=(\[[^\]]*\])", rest).group(1))
        self.portals[quoted(rest, "portal")] = {"statement": quoted(rest, "stmt"), "binary": formats == [1],
                                               "columns": None, "described": False, "suspended": False}
        return self.take("BindComplete", "ErrorResponse")[0] == "ErrorResponse"

    def describe(self, rest):
        kind, name = rest.split(" ", 1)
        name = name.strip("'")
        if self.peek() == "ParameterDescription":
            self.take()
        answer, answer_rest, _ = self.take("RowDescription", "NoData", "ErrorResponse")
        if answer == "ErrorResponse":
            return True
        columns = columns_of(answer_rest) if answer == "RowDescription" else None
        if kind == "statement":
            self.statement_columns[name] = columns
        elif name in self.portals:
            self.portals[name].update(columns=columns, described=True)
            self.statement_columns[self.portals[name]["statement"]] = columns
        return False

    def execute(self, rest):
        portal_name, max_rows = quoted(rest, "portal"), int(rest.rsplit("maxrows=", 1)[1])
        portal = self.portals[portal_name]
        text, truncated, types = self.statements[portal["statement"]]
        outcome = Outcome()
        outcome.columns = portal["columns"] if portal["described"] else self.statement_columns.get(portal["statement"])
        self.outcome_until(outcome, {"CommandComplete", "ErrorResponse", "EmptyQueryResponse", "PortalSuspended"})
        unit = Unit("execute", text, truncated, [outcome], param_types=types, portal=portal_name, max_rows=max_rows,
                    binary_results=portal["binary"], continuation=portal["suspended"])
        portal["suspended"] = outcome.suspended
        return unit


def template(sql):
    """A statement with its numbers blanked: pgbench repeats a few statements with other random values."""
    return re.sub(r"-?\d+", "#", collapse(sql))


def pair(client, entries, sessions):
    """One Case per log entry, each with the wire unit that carried it (matched in order by text)."""
    cases, next_unit, by_template = [], {}, {}
    for entry in entries:
        units = sessions.get(entry.session, [])
        position = next_unit.get(entry.session, 0)
        wanted = collapse(entry.text)
        unit = None
        while position < len(units):
            candidate = units[position]
            position += 1
            if not candidate.text.strip():
                continue
            if wanted.startswith(candidate.text) if candidate.truncated else wanted == candidate.text:
                unit = candidate
                break
        if unit is None and position >= len(units) and client != "pgbench":
            raise ValueError(f"{client} #{entry.number}: no wire request carries {wanted[:80]!r}")
        next_unit[entry.session] = position
        if unit is None:
            unit = by_template.get((entry.kind, template(entry.text)))
        else:
            by_template.setdefault((entry.kind, template(entry.text)), unit)
        cases.append(Case(f"{client}-{entry.number:04d}", entry, unit))
    return cases


def load_cases(corpus):
    """Every statement of the corpus in replay order: client by client in capture order, session by session."""
    ordered = []
    for client in CLIENTS:
        cases = pair(client, read_log(corpus / f"{client}.log", client), read_wire(corpus / f"{client}.wire.txt"))
        sessions = list(dict.fromkeys(case.entry.session for case in cases))
        for session in sessions:
            own = [case for case in cases if case.entry.session == session]
            own[-1].session_last = True
            ordered.extend(own)
    return ordered


if __name__ == "__main__":
    import collections
    import sys
    loaded = load_cases(pathlib.Path(sys.argv[1]))
    print(len(loaded), "cases;", collections.Counter(case.id.split("-")[0] for case in loaded))
    print("without a wire answer:", [case.id for case in loaded if case.unit is None])
