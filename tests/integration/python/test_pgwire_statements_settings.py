"""Client settings (SET / SHOW / RESET), ParameterStatus, transaction forms, DISCARD and DEALLOCATE over the
PostgreSQL protocol, with psycopg2 as clients use it."""
import datetime

import pytest

from conftest import Server
from pg_statements_support import free_port, connect, sqlstate_of


@pytest.fixture(scope="module")
def pg():
    server = Server("--pg-port", str(free_port()))
    yield server
    server.stop()


def scalar(cursor, sql, *params):
    cursor.execute(sql, params or None)
    return cursor.fetchone()[0]


def test_set_and_show_write_values_as_postgresql_does(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("SET statement_timeout = '5s'")
        assert cur.statusmessage == "SET"
        assert scalar(cur, "SHOW statement_timeout") == "5s"
        assert cur.description[0].name == "statement_timeout"
        cur.execute("SET statement_timeout TO 1500")
        assert scalar(cur, "SHOW statement_timeout") == "1500ms"
        cur.execute("SET extra_float_digits = 3")
        assert scalar(cur, "SHOW extra_float_digits") == "3"
        cur.execute("SET search_path = public, \"My Schema\"")
        assert scalar(cur, "SHOW search_path") == 'public, "My Schema"'
        assert scalar(cur, "show transaction isolation level") == "read committed"
        assert scalar(cur, "show standard_conforming_strings") == "on"
        cur.execute("SHOW TimeZone")
        assert cur.description[0].name == "TimeZone"
        assert cur.fetchone() == ("UTC",)


def test_reported_settings_reach_the_client_as_parameter_status(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("SET application_name = 'reporter'")
        assert conn.info.parameter_status("application_name") == "reporter"
        cur.execute("SET TIME ZONE 'america/new_york'")
        assert conn.info.parameter_status("TimeZone") == "America/New_York"
        assert scalar(cur, "SHOW timezone") == "America/New_York"
        cur.execute("SET DateStyle = 'ISO, DMY'")
        assert conn.info.parameter_status("DateStyle") == "ISO, DMY"


def test_time_zone_changes_timestamptz_text_and_duckdb_arithmetic(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("SET TimeZone = 'Asia/Tokyo'")
        cur.execute("SELECT TIMESTAMPTZ '2024-01-31 00:00:00+00'::VARCHAR, TIMESTAMPTZ '2024-01-31 00:00:00+00'")
        text, value = cur.fetchone()
        assert text == "2024-01-31 09:00:00+09"
        assert value.utcoffset() == datetime.timedelta(hours=9)



def test_placeholder_settings_and_reset(pg):
    with connect(pg) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SET myapp.user_id = 42")
            assert scalar(cur, "SHOW myapp.user_id") == "42"
            cur.execute("SET application_name = 'changed'")
            cur.execute("SET statement_timeout = '1min'")
            cur.execute("RESET statement_timeout")
            assert cur.statusmessage == "RESET"
            assert scalar(cur, "SHOW statement_timeout") == "0"
            cur.execute("RESET ALL")
            assert scalar(cur, "SHOW application_name") == ""
            assert conn.info.parameter_status("application_name") == ""


def test_show_all_lists_every_setting(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("SHOW ALL")
        assert [column.name for column in cur.description] == ["name", "setting", "description"]
        rows = {name: setting for name, setting, _ in cur.fetchall()}
        assert rows["DateStyle"] == "ISO, MDY"
        assert rows["server_encoding"] == "UTF8"
        assert rows["integer_datetimes"] == "on"



def test_set_local_ends_with_its_transaction_and_rollback_takes_sets_back(pg):
    with connect(pg) as conn, conn.cursor() as cur:
        cur.execute("SET LOCAL TimeZone = 'Europe/Paris'")
        assert scalar(cur, "SHOW TimeZone") == "Europe/Paris"
        conn.commit()
        assert scalar(cur, "SHOW TimeZone") == "UTC"
        assert conn.info.parameter_status("TimeZone") == "UTC"
        cur.execute("SET statement_timeout = '7s'")
        conn.rollback()
        assert scalar(cur, "SHOW statement_timeout") == "0"



def test_psycopg2_isolation_levels_and_read_only_sessions(pg):
    with connect(pg) as conn:
        conn.set_session(isolation_level="SERIALIZABLE", readonly=True)
        with conn.cursor() as cur:
            assert scalar(cur, "SHOW transaction_isolation") == "serializable"
            assert scalar(cur, "SHOW transaction_read_only") == "on"
        conn.rollback()


def test_current_setting_follows_set_local_rollback_and_reset_to_the_startup_value(pg):
    conn = connect(pg, application_name="startup-app")
    conn.autocommit = True
    cur = conn.cursor()
    assert scalar(cur, "SELECT current_setting('application_name')") == "startup-app"
    cur.execute("SET application_name = 'changed-app'")
    # The same statement text again: its answer must follow the SET, not an earlier plan.
    assert scalar(cur, "SELECT current_setting('application_name')") == "changed-app"
    cur.execute("BEGIN")
    cur.execute("SET LOCAL TimeZone = 'Asia/Tokyo'")
    assert scalar(cur, "SELECT current_setting('TimeZone')") == "Asia/Tokyo"
    cur.execute("ROLLBACK")
    assert scalar(cur, "SELECT current_setting('TimeZone')") == "UTC"
    cur.execute("RESET ALL")
    assert scalar(cur, "SELECT current_setting('application_name')") == "startup-app"
    assert scalar(cur, "SHOW application_name") == "startup-app"
    conn.close()
