"""The command line of the real binary: bad values exit 2 with one line naming the flag, --help and
--version exit 0, DUCKWIRE_* variables apply and the command line wins over them."""
import json
import os
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = os.environ.get("DUCKWIRE_BINARY", str(ROOT / "build" / "duckwire"))

ALL_FLAGS = [
    "--db-path", "--host", "--port", "--threads", "--read-only", "--extensions", "--file-access",
    "--auth-token", "--user", "--allow-unauthenticated", "--tls-cert", "--tls-key", "--log-level",
    "--log-format", "--cache-dir", "--cache-max-bytes", "--max-message-bytes", "--cors-origin",
    "--allowed-host", "--shutdown-timeout", "--version", "--help",
]


def run(*args, env=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DUCKWIRE_") or k == "DUCKWIRE_BINARY"}
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=60, env={**clean, **(env or {})})


def assert_refused(result, expected_start):
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected_start), lines[0]


@pytest.fixture
def pem_files(tmp_path):
    cert, key, other = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "other.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-out", str(other)], check=True, capture_output=True)
    return cert, key, other


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stderr == ""
    assert re.fullmatch(r"duckwire 0\.1\.0 \(DuckDB v\d+\.\d+\.\d+\S*\)\n", result.stdout), result.stdout
    assert "DuckDB v1.5.6" in result.stdout


def test_help_lists_every_flag():
    result = run("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    for flag in ALL_FLAGS:
        assert flag in result.stdout, flag
    assert "DUCKWIRE_" in result.stdout


def test_help_wins_over_bad_values():
    assert run("--port", "99999", "--help").returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bogus"], "duckwire: --bogus: unknown option"),
        (["stray"], "duckwire: 'stray': unexpected argument"),
        (["--port"], "duckwire: --port: needs a value"),
        (["--port", "70000"], "duckwire: --port: 70000 is not in 1..65535"),
        (["--port", "-1"], "duckwire: --port: -1 is not in 1..65535"),
        (["--port", "http"], "duckwire: --port: 'http' is not a whole number"),
        (["--threads", "0"], "duckwire: --threads: 0 is not in 1..4096"),
        (["--extensions", "a,,b"], "duckwire: --extensions: empty extension name"),
        (["--extensions", "x;y"], "duckwire: --extensions: 'x;y' is not an extension name"),
        (["--db-path", "/nonexistent-dir/x.duckdb"], "duckwire: --db-path: directory '/nonexistent-dir' does not exist"),
        (["--read-only"], "duckwire: --read-only: an in-memory database cannot be read-only"),
        (["--file-access", "/nonexistent-dir"], "duckwire: --file-access: '/nonexistent-dir' is not an existing directory"),
        (["--user", "alice"], "duckwire: --user: expected NAME:PASSWORD"),
        (["--user", "alice:"], "duckwire: --user: expected NAME:PASSWORD, the password of 'alice' is empty"),
        (["--auth-token", ""], "duckwire: --auth-token: the token is empty"),
        (["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.pem"], "duckwire: --tls-cert: cannot read '/nonexistent.pem'"),
        (["--tls-cert", "/etc/hostname"], "duckwire: --tls-cert: needs --tls-key as well"),
        (["--log-level", "loud"], "duckwire: --log-level: 'loud' is not one of"),
        (["--log-format", "xml"], "duckwire: --log-format: 'xml' is not one of text, json"),
        (["--cache-max-bytes", "big"], "duckwire: --cache-max-bytes: 'big' is not a byte size"),
        (["--max-message-bytes", "0"], "duckwire: --max-message-bytes: must be at least 1"),
        (["--shutdown-timeout", "later"], "duckwire: --shutdown-timeout: 'later' is not a number of seconds"),
        (["--allow-unauthenticated=perhaps"], "duckwire: --allow-unauthenticated: 'perhaps' is not a boolean"),
    ],
)
def test_bad_values_exit_2_with_one_line(args, message):
    assert_refused(run(*args), message)


def test_tls_files_must_be_pem_and_match(tmp_path, pem_files):
    cert, key, other = pem_files
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    assert_refused(run("--tls-cert", str(junk), "--tls-key", str(key)), f"duckwire: --tls-cert: '{junk}' is not a PEM certificate")
    assert_refused(run("--tls-cert", str(cert), "--tls-key", str(cert)), f"duckwire: --tls-key: '{cert}' is not an unencrypted PEM private key")
    assert_refused(run("--tls-cert", str(cert), "--tls-key", str(other)), f"duckwire: --tls-key: '{other}' does not match the certificate")


def test_non_loopback_host_needs_authentication():
    result = run("--host", "0.0.0.0")
    assert_refused(result, "duckwire: --host: refusing to listen on 0.0.0.0 without authentication")
    assert "--allow-unauthenticated" in result.stderr
    assert_refused(run(env={"DUCKWIRE_HOST": "::"}), "duckwire: DUCKWIRE_HOST (--host): refusing to listen on ::")


def test_bad_environment_value_names_variable_and_flag():
    assert_refused(run(env={"DUCKWIRE_PORT": "70000"}), "duckwire: DUCKWIRE_PORT (--port): 70000 is not in 1..65535")
    assert_refused(run(env={"DUCKWIRE_USER": "nobody"}), "duckwire: DUCKWIRE_USER (--user): expected NAME:PASSWORD")


def test_flag_wins_over_environment():
    result = run("--log-level", "from-flag", env={"DUCKWIRE_LOG_LEVEL": "from-env"})
    assert_refused(result, "duckwire: --log-level: 'from-flag' is not one of")


def test_server_starts_with_environment_config_and_flag_precedence(start_server, tmp_path):
    # The fixture passes --port 0, which must win over the unusable DUCKWIRE_PORT.
    server = start_server(env={"DUCKWIRE_PORT": "70000", "DUCKWIRE_LOG_FORMAT": "json",
                               "DUCKWIRE_HOST": "0.0.0.0", "DUCKWIRE_AUTH_TOKEN": "t0k"}, cwd=tmp_path)
    assert server.port not in (None, 70000)
    for line in server.lines:
        record = json.loads(line)
        assert set(record) >= {"time", "level", "message"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"])
