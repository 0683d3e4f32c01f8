"""The SSRF guard: no loopback, private, link-local, reserved or multicast address is ever
connected to, however it is written, reached through a redirect or a feed entry; the
allow-list lets a user fetch an intranet host on purpose.

``socket_watch`` sees every connection of the process below httpx (an audit hook) and
refuses those outside the test server, so even a failing guard sends no packet.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from tests.conftest import SocketWatch
from tests.ingest.util import LOCAL_SERVER, read_all
from tocsin.errors import IngestFailure
from tocsin.ingest.base import IngestOptions
from tocsin.ingest.guard import AddressPolicy, literal_address, why_not_public
from tocsin.ingest.web import Fetcher

#: The probe's targets and their relatives: every spelling a resolver accepts.
TARGETS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8765/api/stats",
    "http://[::1]/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://127.1/",
    "http://0.0.0.0/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://10.255.255.254:22/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[2002:7f00:1::]/",
    "http://[64:ff9b::a00:1]/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://localhost/",
    "http://LocalHost:8765/",
]


def fetch(url: str, **options: Any) -> Any:
    with Fetcher(IngestOptions(timeout_s=5, **options)) as fetcher:
        return fetcher.fetch(url)


@pytest.mark.parametrize("url", TARGETS)
def test_inside_addresses_are_refused_before_any_connection(
    url: str, socket_watch: SocketWatch
) -> None:
    with pytest.raises(IngestFailure) as info:
        fetch(url)
    assert info.value.code == "I020", info.value
    assert "ingest.allow_hosts" in info.value.fix
    assert socket_watch.connects == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("0x7f.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("[::1]", "::1"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"),
        ("example.org", None),
        ("1.2.3.example", None),
        ("deadbeef", None),
    ],
)
def test_literal_addresses_in_every_notation(text: str, address: str | None) -> None:
    found = literal_address(text)
    assert (str(found) if found else None) == address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
        ("8.8.8.8", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo of 10.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("192.0.2.1", False),  # documentation
        ("198.18.0.1", False),  # benchmarking
    ],
)
def test_public_means_global_unicast(address: str, public: bool) -> None:
    assert (why_not_public(ipaddress.ip_address(address)) is None) is public


def test_allow_list_names_addresses_and_networks() -> None:
    policy = AddressPolicy.from_entries(["Intranet.Example", "10.1.2.0/24", "::1", "0x7f.1"])
    loopback = ipaddress.ip_address("127.0.0.1")
    assert policy.refusal("intranet.example.", ipaddress.ip_address("10.9.9.9")) is None
    assert policy.refusal("other", ipaddress.ip_address("10.1.2.77")) is None
    assert policy.refusal("other", ipaddress.ip_address("10.1.3.1")) == "a private address"
    assert policy.refusal("other", ipaddress.ip_address("::1")) is None
    assert policy.refusal("other", loopback) is None  # 0x7f.1 is 127.0.0.1


def test_a_name_that_resolves_inside_is_refused_after_lookup(socket_watch: SocketWatch) -> None:
    with pytest.raises(IngestFailure) as info:
        fetch("http://localhost:9/")
    assert info.value.code == "I020"
    assert "loopback" in info.value.message
    assert socket_watch.lookups  # the name was resolved ...
    assert socket_watch.connects == []  # ... and the address refused before connecting


def test_an_allow_listed_host_is_fetched(http_server: Any, socket_watch: SocketWatch) -> None:
    port = int(http_server.base.rsplit(":", 1)[1])
    socket_watch.allowed = {("127.0.0.1", port)}
    payload = fetch(http_server.url("site/story1.html"), allow_hosts=LOCAL_SERVER)
    assert b"Calder Strait" in payload.data
    assert socket_watch.connects
    assert not socket_watch.outside()


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/site/story1.html",
        "http://127.0.0.2:{port}/site/story1.html",
        "http://2130706434:{port}/site/story1.html",
    ],
)
def test_every_redirect_hop_is_checked(
    http_server: Any, socket_watch: SocketWatch, target: str
) -> None:
    port = int(http_server.base.rsplit(":", 1)[1])
    socket_watch.allowed = {("127.0.0.1", port)}
    # 127.0.0.1 is allowed (the test server); the address it redirects to is not, although
    # 127.0.0.2 (also written 2130706434) reaches this very server: only 127.0.0.1 is listed.
    policy = ("127.0.0.1/32",)
    url = http_server.url(f"redirect-to?url={target.format(port=port)}")
    with pytest.raises(IngestFailure) as info:
        fetch(url, allow_hosts=policy)
    assert info.value.code == "I020", info.value
    assert not socket_watch.outside()


def test_feed_entries_linking_inside_are_refused_and_read_from_their_summaries(
    http_server: Any, socket_watch: SocketWatch
) -> None:
    port = int(http_server.base.rsplit(":", 1)[1])
    socket_watch.allowed = {("127.0.0.1", port)}
    articles, errors = read_all(
        [http_server.url("site/inside-links.xml")], allow_hosts=("127.0.0.1/32",)
    )
    assert len(articles) == 5
    assert all(a.meta["text_from"] == "feed" for a in articles)
    assert all(a.meta["fetch_error"].startswith("[I020]") for a in articles)
    assert [e.code for e in errors] == ["I020"] * 5
    assert [e.record for e in errors] == [f"entry{i}" for i in range(1, 6)]
    assert not socket_watch.outside()


def test_the_api_path_is_the_same_fetcher(socket_watch: SocketWatch) -> None:
    """``read_sources`` (used by the CLI and by the API's submitted URLs) refuses too."""
    articles, (error,) = read_all(["http://169.254.169.254/latest/meta-data/"], allow_hosts=())
    assert not articles
    assert error.code == "I020"
    assert socket_watch.connects == []
