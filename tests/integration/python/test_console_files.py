"""The web console's files, served from the binary at /ui (the browser test drives the console itself:
tests/integration/node/console.test.mjs)."""
import pathlib

import pytest

from conftest import http_request as request

UI = pathlib.Path(__file__).resolve().parents[3] / "src" / "ui"


@pytest.mark.parametrize("path", ["/ui", "/ui/", "/ui/index.html"])
def test_the_console_page_is_served_at_ui(server, path):
    response, body = request(server, "GET", path)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert body == (UI / "index.html").read_bytes()
    assert b'<script src="/ui/app.js"></script>' in body


@pytest.mark.parametrize("name,content_type", [("app.js", "text/javascript; charset=utf-8"),
                                               ("style.css", "text/css; charset=utf-8")])
def test_every_file_is_the_one_in_the_source_tree(server, name, content_type):
    response, body = request(server, "GET", "/ui/" + name)
    assert (response.status, response.getheader("Content-Type")) == (200, content_type)
    assert body == (UI / name).read_bytes()


def test_the_console_loads_nothing_from_elsewhere_and_cannot_be_framed(server):
    response, _ = request(server, "GET", "/ui")
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    for name in ("index.html", "app.js", "style.css"):
        text = (UI / name).read_text()
        assert "http://" not in text and "https://" not in text, name


def test_a_file_the_console_does_not_have_is_404(server):
    assert request(server, "GET", "/ui/missing.js")[0].status == 404
    assert request(server, "POST", "/ui")[0].status == 405
