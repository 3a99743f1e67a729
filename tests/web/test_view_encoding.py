"""The cached views' JSON gzipped when asked, from a gzip made once per kept value, with an
ETag of its content (a 304 while it is current); on both backends."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from citydip.analytics import cache
from citydip.store.engine import Registry
from citydip.store.records import Record
from citydip.web.api.replies import MIN_GZIP, accepts_gzip, none_match

Headers = Callable[[str], dict[str, str]]
VIEWS = ("/api/v1/stats", "/api/v1/map", "/api/v1/network", "/api/v1/timeline")
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
PLAIN = {"Accept-Encoding": "identity"}


def raw(api: TestClient, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent (not decoded)."""
    with api.stream("GET", path, headers=headers) as response:
        body = b"".join(response.iter_raw())
        return response.status_code, dict(response.headers), body


def accept_a_proposed_engagement(api: TestClient, registry: Registry, token: Headers) -> None:
    with registry.session() as session:
        proposed = session.scalar(
            select(Record.id)
            .where(Record.kind == "engagement", Record.review_state == "proposed")
            .order_by(Record.id)
        )
    assert proposed is not None
    done = api.post(
        f"/api/v1/records/{proposed}/review", json={"state": "accepted"}, headers=token("editor")
    )
    assert done.status_code == 200, done.text


@pytest.mark.parametrize("path", VIEWS)
def test_gzip_asked_gzip_sent(api: TestClient, token_for: Headers, path: str) -> None:
    viewer = token_for("viewer")
    status, plain_headers, plain = raw(api, path, viewer | PLAIN)
    assert status == 200 and "content-encoding" not in plain_headers
    assert int(plain_headers["content-length"]) == len(plain) >= MIN_GZIP
    assert plain_headers["vary"] == "Accept-Encoding"
    status, headers, body = raw(api, path, viewer | GZIP)
    assert status == 200
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(body) < len(plain)
    assert gzip.decompress(body) == plain  # byte for byte
    assert api.get(path, headers=viewer | GZIP).json() == api.get(path, headers=viewer).json()


@pytest.mark.parametrize(
    "accept", ["identity", "", "deflate, br", "gzip;q=0", "gzip;q=0, *", "*;q=0", "br, *;q=0"]
)
def test_no_gzip_asked_plain_sent(api: TestClient, token_for: Headers, accept: str) -> None:
    status, headers, body = raw(
        api, "/api/v1/map", token_for("viewer") | {"Accept-Encoding": accept}
    )
    assert status == 200 and "content-encoding" not in headers
    assert body.startswith(b'{"type":"FeatureCollection"')
    assert int(headers["content-length"]) == len(body)


def test_a_small_view_is_sent_as_it_is(api: TestClient, token_for: Headers) -> None:
    status, headers, body = raw(api, "/api/v1/timeline?year_from=9000", token_for("viewer") | GZIP)
    assert status == 200 and body == b"[]"
    assert "content-encoding" not in headers and "vary" not in headers


def test_the_gzip_is_made_once_per_kept_value(
    api: TestClient, token_for: Headers, web_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    compress = cache.compress

    def counted(data: bytes) -> bytes:
        made.append(len(data))
        return compress(data)

    monkeypatch.setattr(cache, "compress", counted)
    viewer = token_for("viewer")
    first = raw(api, "/api/v1/stats", viewer | GZIP)[2]
    assert raw(api, "/api/v1/stats", viewer | GZIP)[2] == first
    raw(api, "/api/v1/stats", viewer | PLAIN)  # the plain bytes need no compression
    assert len(made) == 1
    raw(api, "/api/v1/map", viewer | GZIP)
    raw(api, "/api/v1/map", viewer | GZIP)
    assert len(made) == 2  # one per view
    accept_a_proposed_engagement(api, web_registry, token_for)  # a write: a new generation
    after = raw(api, "/api/v1/stats", viewer | GZIP)[2]
    assert len(made) == 3 and after != first
    raw(api, "/api/v1/stats", viewer | GZIP)
    assert len(made) == 3


def test_etag_and_304_until_a_write(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    viewer = token_for("viewer")
    _, gz_headers, _ = raw(api, "/api/v1/stats", viewer | GZIP)
    _, plain_headers, _ = raw(api, "/api/v1/stats", viewer | PLAIN)
    tag, plain_tag = gz_headers["etag"], plain_headers["etag"]
    assert tag != plain_tag and tag.startswith('"') and plain_tag.startswith('"')
    assert gz_headers["cache-control"] == "private, no-cache"
    for asked in (tag, plain_tag, f"W/{tag}", f'"other", {tag}', "*"):
        status, headers, body = raw(api, "/api/v1/stats", viewer | GZIP | {"If-None-Match": asked})
        assert (status, body) == (304, b""), asked
        assert headers["etag"] == tag and headers["vary"] == "Accept-Encoding"
    status, _, _ = raw(api, "/api/v1/stats", viewer | GZIP | {"If-None-Match": '"other"'})
    assert status == 200
    _, map_headers, _ = raw(api, "/api/v1/map", viewer | GZIP)
    assert map_headers["etag"] != tag  # another view, another tag
    status, _, _ = raw(api, "/api/v1/map", viewer | GZIP | {"If-None-Match": tag})
    assert status == 200
    accept_a_proposed_engagement(api, web_registry, token_for)  # changes the counts
    status, headers, body = raw(api, "/api/v1/stats", viewer | GZIP | {"If-None-Match": tag})
    assert status == 200 and headers["etag"] != tag
    assert gzip.decompress(body) == raw(api, "/api/v1/stats", viewer | PLAIN)[2]
    status, _, _ = raw(api, "/api/v1/stats", viewer | GZIP | {"If-None-Match": headers["etag"]})
    assert status == 304


def test_no_304_without_signing_in(api: TestClient, token_for: Headers) -> None:
    tag = raw(api, "/api/v1/stats", token_for("viewer") | GZIP)[1]["etag"]
    status, _, _ = raw(api, "/api/v1/stats", GZIP | {"If-None-Match": tag})
    assert status == 401


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1.0, *;q=0.1", True),
        ("gzip;q=0, *", False),
        ("gzip ; q=0.000", False),
        ("gzip;q=nonsense", False),
        ("identity", False),
        ("", False),
        ("deflate", False),
        ("*;q=0", False),
    ],
)
def test_accepts_gzip(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_none_match() -> None:
    tags = ('"abc"', '"abc-gzip"')
    assert none_match('"abc"', tags) and none_match('W/"abc-gzip"', tags)
    assert none_match(' "x" , "abc" ', tags) and none_match("*", tags)
    assert not none_match('"abd"', tags) and not none_match("abc", tags)
    assert not none_match("", tags)
