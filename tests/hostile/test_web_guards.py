"""Issue 17, cases 5 and 7: DNS rebinding (the Host header), a CSRF token bound to the server,
IPv6 forms that carry a private IPv4 address, request bodies that trickle in."""

from __future__ import annotations

import re
import socket
import time

import httpx
import pytest

from rashomon.errors import FetchError
from rashomon.ingest.url import check_address, is_public_address
from rashomon.settings import Settings
from tests.hostile.conftest import BODY

ARTICLE = {"articles": [{"text": BODY, "outlet": "x"}]}


# -- 5: the Host header ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/api/stories"), ("POST", "/api/articles"), ("GET", "/")]
)
def test_a_rebound_host_name_is_refused(app_client, method, path):
    """The issue's reproduction: Origin and Host agree, so only the Host check can refuse."""
    response = app_client.request(
        method,
        path,
        json=ARTICLE if method == "POST" else None,
        headers={"Host": "evil.example:8000", "Origin": "http://evil.example:8000"},
    )
    assert response.status_code == 421, response.text
    assert (
        "evil.example" in response.json()["error"] and "allowed_hosts" in response.json()["error"]
    )


def test_the_server_answers_to_its_own_address_and_localhost(serve, hostile_db, svc):
    from rashomon.web import create_app

    server = serve(create_app(Settings(db=hostile_db), service=svc))
    ok = {
        "127.0.0.1": 200,
        f"127.0.0.1:{server.port}": 200,
        f"localhost:{server.port}": 200,
        f"[::1]:{server.port}": 200,
        f"evil.example:{server.port}": 421,
        "127.0.0.1.nip.io": 421,
        "127.0.0.1:80:80": 421,
    }
    got = {}
    for host, _ in ok.items():
        got[host] = httpx.get(
            f"{server.url}/api/health", headers={"Host": host}, timeout=10
        ).status_code
    assert got == ok


def test_allowed_hosts_adds_names(hostile_db, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app

    settings = Settings(db=hostile_db, allowed_hosts="news.example.org, Other.Example")
    with TestClient(create_app(settings, service=svc)) as client:
        for host, status in [
            ("news.example.org:8000", 200),
            ("other.example", 200),
            ("evil.example", 421),
        ]:
            assert client.get("/api/health", headers={"Host": host}).status_code == status


# -- 5: the CSRF token -----------------------------------------------------------------------
def form_token(client, path: str = "/compare") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def test_a_planted_csrf_cookie_does_not_pass(app_client):
    """Old tokens were any 20-64 characters: a cookie planted by a sibling site passed."""
    planted = "p" * 32
    app_client.cookies.clear()
    cookie = {"Cookie": f"rashomon_csrf={planted}"}
    form = {
        "csrf": planted,
        "outlet": ["A", "B"],
        "published": ["", ""],
        "url": ["", ""],
        "text": [BODY, BODY],
    }
    response = app_client.post("/compare", data=form, headers=cookie)
    assert response.status_code == 403 and "security token" in response.text
    # The page replaces the planted cookie with one this server signed.
    page = app_client.get("/compare", headers=cookie)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert token != planted and f"rashomon_csrf={token}" in page.headers["set-cookie"]
    app_client.cookies.clear()


def test_a_token_from_another_server_does_not_pass(hostile_db, svc):
    from fastapi.testclient import TestClient

    from rashomon.web import create_app, security

    with TestClient(create_app(Settings(db=hostile_db), service=svc)) as client:
        token = form_token(client)
        assert security.csrf_token_is_ours(token)
        nonce, mac = token.split(".")
        assert not security.csrf_token_is_ours(
            f"{nonce}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}"
        )
        assert not security.csrf_token_is_ours(f"{nonce}x.{mac}")


# -- 7: IPv6 forms of private IPv4 addresses -------------------------------------------------
@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2002:c0a8:101::1",
        "::7f00:1",
        "::a00:1",
        "::ffff:127.0.0.1",
        "64:ff9b:1::808:808",
    ],
    ids=[
        "nat64-loopback",
        "nat64-private",
        "6to4-loopback",
        "6to4-private",
        "compat-loopback",
        "compat-private",
        "mapped-loopback",
        "nat64-local-use",
    ],
)
def test_ipv6_forms_of_private_addresses_are_refused(address):
    assert not is_public_address(address)
    with pytest.raises(FetchError, match="refused"):
        check_address(address, 80, allow_private=False)


@pytest.mark.parametrize(
    "address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111", "8.8.8.8"]
)
def test_public_addresses_and_their_translations_pass(address):
    assert is_public_address(address)


# -- 7: a body that trickles in --------------------------------------------------------------
def test_a_trickling_body_is_timed_out(serve, hostile_db, svc):
    from rashomon.web import create_app

    server = serve(create_app(Settings(db=hostile_db, body_timeout=1.0), service=svc))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"articles": ['
        )
        started = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert 0.8 < waited < 5
