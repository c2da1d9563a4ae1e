"""The SQL sandbox (issue 7, items 1-3 and 17): no client SQL changes the server for other clients,
reaches a file the server owns, writes on a read-only server, or breaks secrets and extension listing.
Each attack runs over POST /sql, GET /sql and the SQLRooms WebSocket; a healthy client is served after."""
import concurrent.futures
import subprocess

import pytest

from conftest import BINARY
from jsonrpc_client import http_sql
from sqlrooms_client import connect, request, run

REFUSED_EVERYWHERE = [
    "CALL enable_logging(storage='file', storage_path='{logs}')",
    "SELECT * FROM enable_logging(storage='file', storage_path='{logs}')",
    "SELECT * FROM system.main.\"ENABLE_LOGGING\"(storage='file', storage_path='{logs}')",
    "SELECT * FROM query('CALL enable_logging(storage=''file'', storage_path=''{logs}'')')",
    "SELECT * FROM query('CALL enable_' || 'logging()')",
    "CALL disable_logging()",
    "CALL truncate_duckdb_logs()",
    "CALL enable_profiling()",
    "PRAGMA enable_profiling",
    "CALL enable_peg_parser()",
    "CALL disable_peg_parser()",
    "CHECKPOINT",
    "FORCE CHECKPOINT",
    "PRAGMA enable_checkpoint_on_shutdown",
    "SELECT * FROM json_execute_serialized_sql('{{}}')",
    "ATTACH ':memory:' AS shared",
    "DETACH memory",
    "INSTALL httpfs",
    "LOAD inet",
    "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')",
    "DROP SECRET s",
    "SET GLOBAL TimeZone = 'Europe/Paris'",
    "SET allowed_directories = ['/']",
]


def post_sql(server, sql):
    return http_sql(server, "POST", body=sql.encode(), headers={"Content-Type": "application/sql"})


def get_sql(server, sql):
    return http_sql(server, "GET", query={"q": sql})


def ws_exec(server, sql):
    async def scenario():
        async with connect(server) as ws:
            return await request(ws, {"type": "exec", "sql": sql, "queryId": "attack"})

    return run(scenario())


def healthy_rows(server, sql="SELECT 42 AS answer"):
    reply = post_sql(server, sql)
    assert reply.status == 200, (reply.status, reply.body[:300])
    return reply.json()


def refused(text):
    """The policy's refusal, DuckDB's file sandbox, or DuckDB's configuration lock."""
    return text.startswith("Permission Error: ") and (" is refused: " in text or "disabled by configuration" in text) \
        or "configuration has been locked" in text


def assert_refused_over_every_door(server, sql):
    posted = post_sql(server, sql)
    assert posted.status == 400 and refused(posted.text), (sql, posted.status, posted.body[:300])
    # GET /sql runs SELECT alone and refuses every other statement before the policy sees it.
    got = get_sql(server, sql)
    assert got.status == 400, (sql, got.status, got.body[:300])
    assert refused(got.text) or (not sql.startswith("SELECT") and "may only read" in got.text), (sql, got.text)
    answer = ws_exec(server, sql)
    assert answer["type"] == "error" and answer["queryId"] == "attack", answer
    assert refused(answer["error"]), answer


@pytest.fixture
def files(tmp_path):
    (tmp_path / "db").mkdir()
    (tmp_path / "files").mkdir()
    return tmp_path


def test_server_wide_switches_are_refused_and_the_server_keeps_serving(files, start_server):
    server = start_server("--db-path", str(files / "db" / "db.duckdb"), "--file-access", str(files / "files"))
    logs = files / "files" / "logs"
    logs.mkdir()
    for attack in REFUSED_EVERYWHERE:
        assert_refused_over_every_door(server, attack.format(logs=logs))
    assert list(logs.iterdir()) == []
    assert healthy_rows(server, "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = 'shared'") == \
        [[0]]
    assert healthy_rows(server, "SELECT current_setting('TimeZone') AS tz") == [["UTC"]]
    # Destroying pooled sessions (a SET makes one unfit for reuse; 40 concurrent requests overflow
    # the pool) must not end the process.
    with concurrent.futures.ThreadPoolExecutor(40) as pool:
        replies = list(pool.map(lambda i: post_sql(server, f"SELECT {i} AS i, sum(range) FROM range(200000)"),
                                range(40)))
    assert [reply.status for reply in replies] == [200] * 40
    assert post_sql(server, "SET memory_limit = '1GB'").status == 400
    session_only = post_sql(server, "SET TimeZone = 'Asia/Tokyo'; SELECT current_setting('TimeZone') AS tz")
    assert session_only.status == 200 and session_only.json() == [["Asia/Tokyo"]], session_only.body
    assert healthy_rows(server, "SELECT current_setting('TimeZone') AS tz") == [["UTC"]]
    assert healthy_rows(server) == [[42]]
    assert server.process.poll() is None


def test_sql_never_reaches_the_servers_files(files, start_server):
    db = files / "db" / "db.duckdb"
    server = start_server("--db-path", str(db))
    assert "SQL has no file access" in server.log
    assert post_sql(server, "CREATE TABLE kept AS SELECT 7 AS v").status == 201
    for target in (db, f"{db}.wal", f"{db}.tmp/spill.bin", files / "db" / "other.csv",
                   f"{db}.duckwire-cache/x"):
        assert_refused_over_every_door(server, f"COPY (SELECT 'x') TO '{target}'")
    assert healthy_rows(server, "SELECT v FROM kept") == [[7]]
    server.stop()
    restarted = start_server("--db-path", str(db), "--read-only")
    assert healthy_rows(restarted, "SELECT v FROM kept") == [[7]]


def test_read_only_writes_no_file_and_no_table(files, start_server):
    db = files / "db" / "db.duckdb"
    writer = start_server("--db-path", str(db))
    assert post_sql(writer, "CREATE TABLE kept AS SELECT 7 AS v").status == 201
    writer.stop()
    server = start_server("--db-path", str(db), "--read-only", "--file-access", str(files / "files"))
    out = files / "files" / "out.csv"
    for attack in (f"COPY (SELECT 'x') TO '{db}'", f"COPY (SELECT 'x') TO '{out}'", f"COPY kept TO '{out}'",
                   f"EXPORT DATABASE '{files / 'files'}'", "CREATE TEMP TABLE mine AS SELECT 1",
                   "CREATE TEMP VIEW mine AS SELECT 1", "CREATE TABLE t (a INT)", "INSERT INTO kept VALUES (8)",
                   f"EXPLAIN ANALYZE COPY kept TO '{out}'",
                   f"CALL enable_logging(storage='file', storage_path='{files / 'files'}')"):
        assert_refused_over_every_door(server, attack)
        reply = post_sql(server, attack)
        assert "read-only" in reply.text or "EXPLAIN ANALYZE" in reply.text or "logging" in reply.text, reply.text
    assert not out.exists()
    assert list((files / "files").iterdir()) == []
    assert healthy_rows(server, "SELECT v FROM kept") == [[7]]


def test_file_access_that_reaches_the_servers_files_stops_the_start(files):
    db = files / "db" / "db.duckdb"
    for directory in (files / "db", files):
        done = subprocess.run([BINARY, "--port", "0", "--db-path", str(db), "--file-access", str(directory)],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2, done
        assert done.stderr.strip() == (
            f"duckwire: --file-access: '{directory}' would let SQL reach '{db}', which the server owns "
            "(database, WAL, temporary, cache or TLS files): give a directory apart from them")


def test_secrets_list_cleanly_and_cannot_be_created(files, start_server):
    server = start_server("--db-path", str(files / "db" / "db.duckdb"))
    for _ in range(2):
        assert healthy_rows(server, "SELECT count(*) AS n FROM duckdb_secrets()") == [[0]]
    assert_refused_over_every_door(server, "CREATE TEMPORARY SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')")
    assert healthy_rows(server, "SELECT count(*) AS n FROM duckdb_secrets()") == [[0]]
    assert healthy_rows(server, "SELECT count(*) AS n FROM which_secret('s3://bucket/x', 's3')") == [[0]]


def test_extensions_are_listed_and_cannot_be_installed(start_server):
    server = start_server()
    rows = healthy_rows(server, "SELECT extension_name, loaded, install_mode FROM duckdb_extensions() "
                                "WHERE install_mode = 'STATICALLY_LINKED' ORDER BY 1")
    names = [row[0] for row in rows]
    assert {"json", "parquet", "icu"} <= set(names), rows
    assert all(row[1] for row in rows), rows
    assert_refused_over_every_door(server, "INSTALL spatial")
    assert_refused_over_every_door(server, "FORCE INSTALL json")
