"""A Server-Sent Events reader for the /events tests, and the schedules API calls the tests share."""
import http.client
import json
import socket
import time

from conftest import http_request


class EventStream:
    """GET /events on its own connection; frames are read as they arrive."""

    def __init__(self, server, query="", headers=None, timeout=10):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        self.connection.request("GET", "/events" + query, headers=headers or {})
        self.response = self.connection.getresponse()
        self.status = self.response.status

    def frame(self):
        """The next frame: ("comment", text) or ("event", {"id", "event", "data"}); None at the end."""
        fields = {}
        comment = None
        while True:
            line = self.response.readline()
            if not line:
                return None
            line = line.decode().rstrip("\n")
            if line == "":
                if comment is not None and not fields:
                    return ("comment", comment)
                if fields:
                    fields["data"] = json.loads(fields["data"])
                    fields["id"] = int(fields["id"])
                    return ("event", fields)
                continue
            if line.startswith(":"):
                comment = line[1:].strip()
                continue
            name, _, value = line.partition(": ")
            fields[name] = fields[name] + "\n" + value if name in fields else value

    def events(self, count, timeout=10, where=lambda event: True):
        """The next `count` events that match `where` (comments skipped)."""
        found = []
        deadline = time.monotonic() + timeout
        while len(found) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(found)} of {count} events arrived: {found}")
            frame = self.frame()
            if frame is None:
                raise AssertionError(f"the stream ended after {found}")
            if frame[0] == "event" and where(frame[1]):
                found.append(frame[1])
        return found

    def events_for(self, seconds, where=lambda event: True):
        """Every matching event that arrives within `seconds`."""
        found = []
        self.connection.sock.settimeout(seconds)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                self.connection.sock.settimeout(max(0.01, deadline - time.monotonic()))
                frame = self.frame()
                if frame is None:
                    break
                if frame[0] == "event" and where(frame[1]):
                    found.append(frame[1])
        except (socket.timeout, TimeoutError):
            pass
        return found

    def close(self):
        self.connection.close()


def call(server, method, path, body=None, headers=None):
    """(status, the body parsed as JSON, or its text when it is not JSON, or None when empty)"""
    payload = json.dumps(body) if isinstance(body, (dict, list)) else body
    sent = {"Content-Type": "application/json", **(headers or {})}
    response, data = http_request(server, method, path, payload, sent)
    if not data:
        return response.status, None
    try:
        return response.status, json.loads(data)
    except ValueError:
        return response.status, data.decode()


def create_schedule(server, name, sql, every_seconds, headers=None):
    status, body = call(server, "POST", "/schedules",
                        {"name": name, "sql": sql, "every_seconds": every_seconds}, headers)
    assert status == 201, body
    return body


def schedule_events(schedule_id):
    return lambda event: event["event"] == "schedule_executed" and event["data"]["schedule_id"] == schedule_id
