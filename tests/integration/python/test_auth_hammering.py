"""Wrong Basic passwords hammered from 8 connections (issue 7, item 7): the password derivation runs on
the worker pool, a verified password is cached, and the hammering address is locked out for longer and
longer (429 with Retry-After) instead of costing a PBKDF2 derivation per attempt. A healthy client, at
the hammering address and at another one, is served throughout."""
import base64
import collections
import http.client
import json
import threading
import time

HAMMERS = 8
SECONDS = 3.0


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def hammer(port, number, stop, counts, retry_afters, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        connection.request("POST", "/sql", body="q=SELECT+1", headers={
            **basic("alice", f"guess-{number}-{attempt}"), "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        with lock:
            counts[response.status] += 1
            if response.status == 429:
                retry_afters.append(int(response.getheader("Retry-After")))
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def healthy(port, source, stop, statuses):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    while not stop.is_set():
        connection.request("POST", "/", body=json.dumps({"type": "json", "sql": "SELECT 42 AS x"}),
                           headers={**basic("alice", "wonderland"), "Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        statuses.append((response.status, json.loads(body)))
    connection.close()


def test_hammering_wrong_passwords_is_locked_out_while_others_are_served(start_server):
    server = start_server("--user", "alice:wonderland")
    stop = threading.Event()
    counts, retry_afters, lock = collections.Counter(), [], threading.Lock()
    same_address, other_address = [], []
    # The healthy client at the hammering address has signed in once before the attack.
    warm = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    warm.request("GET", "/sql?q=SELECT+1", headers=basic("alice", "wonderland"))
    assert warm.getresponse().status == 200
    warm.close()

    rss_before = rss_kb(server.process.pid)
    threads = [threading.Thread(target=hammer, args=(server.port, n, stop, counts, retry_afters, lock))
               for n in range(HAMMERS)]
    threads += [threading.Thread(target=healthy, args=(server.port, "127.0.0.1", stop, same_address)),
                threading.Thread(target=healthy, args=(server.port, "127.0.0.2", stop, other_address))]
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join(30)
    # Refused attempts keep nothing: the lockout table holds one small record per address.
    assert rss_kb(server.process.pid) - rss_before < 32 * 1024

    for statuses in (same_address, other_address):
        assert len(statuses) >= 10
        assert all(status == (200, [{"x": 42}]) for status in statuses), collections.Counter(
            status for status, _ in statuses)
    attempts = counts[401] + counts[429]
    assert attempts == sum(counts.values()), counts
    # Only the few attempts outside a lockout were checked at all; the rest were refused unchecked.
    assert counts[429] > 10 * counts[401], counts
    assert counts[401] <= 5 + HAMMERS * 4, counts
    assert retry_afters and all(seconds >= 1 for seconds in retry_afters)
    # The lockout is per address: a newcomer elsewhere is checked and let in.
    fresh = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=("127.0.0.3", 0))
    fresh.request("GET", "/sql?q=SELECT+1", headers=basic("alice", "wonderland"))
    assert fresh.getresponse().status == 200


def test_a_locked_out_address_gets_429_with_the_doors_own_body_shape(start_server):
    server = start_server("--user", "alice:wonderland")
    statuses = []
    for attempt in range(8):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30, source_address=("127.0.0.4", 0))
        connection.request("POST", "/", body=json.dumps({"type": "json", "sql": "SELECT 1"}),
                           headers={**basic("alice", f"wrong-{attempt}"), "Content-Type": "application/json"})
        response = connection.getresponse()
        body = json.loads(response.read())
        statuses.append(response.status)
        connection.close()
    # Five failures are free; the sixth is checked and starts the lockout, which refuses the rest unchecked.
    assert statuses[:6] == [401] * 6
    assert statuses[6:] == [429] * 2
    assert body["success"] is False
    assert body["error"]["message"].startswith("too many failed logins from this address: retry after ")
