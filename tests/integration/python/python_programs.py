"""Runs the Python programs of programs/ as a user would: /usr/bin/python3 with duckwire's staged
packages (build/python) on PYTHONPATH."""
import os
import pathlib
import signal
import socket
import subprocess
import threading
import time

from conftest import free_port

ROOT = pathlib.Path(__file__).resolve().parents[3]
BUILD = pathlib.Path(os.environ.get("DUCKWIRE_BUILD_DIR", ROOT / "build"))
PACKAGES = str(BUILD / "python")
PROGRAMS = pathlib.Path(__file__).resolve().parent / "programs"


class Program:
    """A program of programs/ listening on `port`; its stdout lines are collected in `lines`."""

    def __init__(self, name, *args, port=None):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            ["/usr/bin/python3", str(PROGRAMS / name), str(self.port), *map(str, args)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": PACKAGES})
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the program ended:\n" + self.output)
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.process.kill()
        raise RuntimeError("the program did not listen:\n" + self.output)

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self):
        return "\n".join(self.lines)

    def wait_for_line(self, prefix, contains="", timeout=10):
        """The lines starting with `prefix` (and holding `contains`), once there is one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if line.startswith(prefix) and contains in line]
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no line starting {prefix!r} in:\n{self.output}")

    def interrupt(self, timeout=15):
        """Ctrl-C, as a terminal sends it; returns the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
