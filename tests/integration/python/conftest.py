"""Starts real duckwire processes for the integration tests."""
import http.client
import os
import pathlib
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = os.environ.get("DUCKWIRE_BINARY", str(ROOT / "build" / "duckwire"))
LISTENING = re.compile(r"duckwire listening: http=(https?)://[^ ]+:(\d+)")


class Server:
    """A duckwire process on an ephemeral port; its stderr is collected in `log`."""

    def __init__(self, *args, env=None, cwd=None):
        # No Quack listener unless a test asks for one: the default port is one per machine.
        self.args = [BINARY, "--port", "0", "--quack-port", "0", *args]
        self.process = subprocess.Popen(
            self.args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        self.lines = []
        self.port = None
        self.scheme = "http"
        self._ready = threading.Event()
        threading.Thread(target=self._read_log, daemon=True).start()
        if not self._ready.wait(30) or self.port is None:
            self.process.kill()
            raise RuntimeError("duckwire did not start:\n" + self.log)

    def _read_log(self):
        for line in self.process.stderr:
            self.lines.append(line)
            match = LISTENING.search(line)
            if match:
                self.scheme, self.port = match.group(1), int(match.group(2))
                self._ready.set()
        self._ready.set()

    @property
    def log(self):
        return "".join(self.lines)

    @property
    def url(self):
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def get(self, path, **kwargs):
        return urllib.request.urlopen(self.url + path, timeout=30, **kwargs)

    def signal(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)

    def wait(self, timeout=20):
        return self.process.wait(timeout)

    def stop(self):
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.wait()
        return self.process.returncode


@pytest.fixture
def start_server():
    started = []

    def start(*args, **kwargs):
        server = Server(*args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server():
    instance = Server()
    yield instance
    instance.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def http_request(server, method, path, body=None, headers=None):
    """One request on a fresh connection: (the response, its whole body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def pytest_collection_modifyitems(config, items):
    from pg_targets import leave_out_pending

    leave_out_pending(config, items)
