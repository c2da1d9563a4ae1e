"""A client that sends one HTTP request and leaves before the answer, and the server metric that shows
the query it started was interrupted."""
import re
import socket
import time
import urllib.request


def send_and_leave(server, request_bytes, linger=0.5):
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(request_bytes)
        time.sleep(linger)  # the query is running now


def cancelled_queries(server, protocol):
    metrics = urllib.request.urlopen(server.url + "/metrics", timeout=10).read().decode()
    match = re.search(r'^duckwire_queries_cancelled_total\{protocol="%s"\} (\d+)$' % protocol, metrics, re.M)
    return int(match.group(1))


def wait_for_cancelled(server, protocol, count, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cancelled_queries(server, protocol) >= count:
            return True
        time.sleep(0.1)
    return False
