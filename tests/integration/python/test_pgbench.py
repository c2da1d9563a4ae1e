"""pgbench 15 against the PostgreSQL port: initialisation, the built-in TPC-B-like script in the simple
and extended protocols with retries of serialization failures, and the select-only script."""
import re
import subprocess

import pytest

from pg_targets import pg_target  # noqa: F401 (fixture)

SCALE = 2


def pgbench(target, *args, timeout=180):
    return subprocess.run(["pgbench", *args], env=target.libpq_env(), capture_output=True, text=True,
                          timeout=timeout)


def summary(result):
    """The numbers of pgbench's closing summary."""
    assert result.returncode == 0, result.stdout + result.stderr

    def number(label):
        match = re.search(rf"^{label}: (\d+)", result.stdout, re.MULTILINE)
        assert match, f"no '{label}' in:\n{result.stdout}"
        return int(match.group(1))

    return {"processed": number("number of transactions actually processed"),
            "failed": number("number of failed transactions")}


@pytest.fixture(scope="module")
def initialised(pg_target):
    result = pgbench(pg_target, "-i", "-s", str(SCALE))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^done in [\d.]+ s", result.stderr, re.MULTILINE), result.stderr
    return pg_target


def test_initialisation_loads_the_scaled_tables(initialised):
    counts = initialised.psql("-At", "-c", "SELECT (SELECT count(*) FROM pgbench_branches), "
                              "(SELECT count(*) FROM pgbench_tellers), (SELECT count(*) FROM pgbench_accounts), "
                              "(SELECT sum(abalance) FROM pgbench_accounts)")
    assert (counts.returncode, counts.stdout) == (0, f"{SCALE}|{10 * SCALE}|{100000 * SCALE}|0\n"), counts.stderr


@pytest.mark.parametrize("protocol", ["simple", "extended"])
def test_tpcb_like_with_8_clients_has_no_failed_transactions(initialised, protocol):
    result = pgbench(initialised, "-M", protocol, "-c", "8", "-j", "2", "-T", "10", "--max-tries", "100")
    numbers = summary(result)
    assert numbers["failed"] == 0, result.stdout
    assert numbers["processed"] > 0
    history = initialised.psql("-At", "-c", "SELECT count(*) >= %d FROM pgbench_history" % numbers["processed"])
    assert history.stdout == "t\n", history.stderr


def test_select_only_runs(initialised):
    numbers = summary(pgbench(initialised, "-S", "-c", "2", "-T", "3"))
    assert numbers["failed"] == 0 and numbers["processed"] > 0
