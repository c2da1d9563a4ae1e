"""/readyz is 503 until the database is open, while /healthz already answers; extension failures are
warnings, not fatal."""
import http.client
import re
import socket
import subprocess
import threading

from conftest import BINARY, Server


def get(port, path, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body)
    response = connection.getresponse()
    return response.status, response.read()


def test_readyz_is_503_until_the_database_is_open():
    # An extension repository that accepts the download request and never answers holds the start-up
    # in its "opening the database" phase for as long as the test keeps the socket open.
    repository = socket.socket()
    repository.bind(("127.0.0.1", 0))
    repository.listen(8)
    held = []
    accepting = threading.Thread(target=lambda: held.append(repository.accept()), daemon=True)
    accepting.start()
    process = subprocess.Popen(
        [BINARY, "--port", "0", "--extensions", f"spatial@http://127.0.0.1:{repository.getsockname()[1]}"],
        stderr=subprocess.PIPE, text=True)
    try:
        port = None
        lines = []
        for line in process.stderr:
            lines.append(line)
            match = re.search(r"duckwire starting: http=http://[^ ]+:(\d+)", line)
            if match:
                port = int(match.group(1))
                break
        assert port, "".join(lines)
        accepting.join(20)
        assert held, "the server never asked the repository"
        assert get(port, "/readyz") == (503, b"not ready")
        assert get(port, "/healthz") == (200, b"ok")
        status, _ = get(port, "/", "POST", '{"type":"json","sql":"SELECT 1"}')
        assert status == 503
        # The download fails now (retries are refused): a warning, and the server becomes ready.
        repository.close()
        held[0][0].close()
        for line in process.stderr:
            lines.append(line)
            if "duckwire listening" in line:
                break
        log = "".join(lines)
        assert re.search(r"\[warning\] extension spatial not loaded: .+", log), log
        assert get(port, "/readyz") == (200, b"ok")
        status, body = get(port, "/", "POST", '{"type":"json","sql":"SELECT 1 AS one"}')
        assert (status, body) == (200, b'[{"one":1}]')
    finally:
        process.terminate()
        process.wait(20)
        repository.close()


def test_unknown_extension_is_a_warning_and_builtin_ones_load():
    server = Server("--extensions", "json,parquet,no_such_extension_xyz")
    try:
        assert "extension no_such_extension_xyz not loaded" in server.log
        assert "extension json not loaded" not in server.log
        assert get(server.port, "/readyz") == (200, b"ok")
    finally:
        server.stop()
