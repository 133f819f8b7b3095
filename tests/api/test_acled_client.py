"""The ``acled`` Python client from PyPI, unchanged but for its base URL, against a real warledger server.

The server is uvicorn on a free 127.0.0.1 port over the sample corpus (ingested through the real
pipeline). The client's base URL is its ``ACLED_API_HOST`` environment variable, read when the
package is imported; the end-to-end test sets it for a script run against ``warledger serve``, the
others set the same class attribute in-process. Legacy key/email credentials need no network;
OAuth credentials are given as a saved token file, so no token endpoint is called either.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import textwrap
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_live import TOKEN, free_port, live_server

acled = pytest.importorskip("acled", reason="the acled client is a dev dependency (pip install -e .[dev])")
from acled.auth import OAuthTokenAuth  # noqa: E402
from acled.clients.base_http_client import BaseHttpClient  # noqa: E402
from acled.exceptions import ApiError, ClientError  # noqa: E402

from warledger.export.acled import acled_row  # noqa: E402
from warledger.store import Ledger  # noqa: E402


@pytest.fixture(scope="module")
def server(sample_db: Path) -> Iterator[str]:
    with live_server(f"sqlite:///{sample_db}", dashboard=False, token=TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def private_server(sample_db: Path) -> Iterator[str]:
    with live_server(f"sqlite:///{sample_db}", dashboard=False, token=TOKEN, private_reads=True) as url:
        yield url


@pytest.fixture
def client(server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[acled.AcledClient]:
    monkeypatch.setattr(BaseHttpClient, "BASE_URL", f"{server}/api")
    monkeypatch.setattr(BaseHttpClient, "MAX_RETRIES", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # legacy key/email auth is deprecated by the client
        c = acled.AcledClient(api_key="not-checked-when-reads-are-open", email="analyst@example.org")
    yield c
    c.close()


@pytest.fixture(scope="module")
def rows(sample_db: Path) -> list[dict]:
    """Every event of the sample ledger as its ACLED row, newest first (the oracle for filters)."""
    ledger = Ledger(f"sqlite:///{sample_db}")
    try:
        # the ledger files an undated event (event_date empty) under the day it was first reported
        keyed = [((le.event.date.start if le.event.date else le.first_reported), le.event.id, acled_row(le))
                 for le in ledger.iter_events()]
    finally:
        ledger.close()
    keyed.sort(key=lambda k: (k[0], k[1]), reverse=True)
    return [row for _, _, row in keyed]


def ids(events) -> list[str]:
    return [e["event_id_cnty"] for e in events]


def test_client_pages_through_everything_like_api_events(client, server):
    fetched, page = [], 1
    while True:
        batch = client.get_data(limit=20, page=page)
        if not batch:
            break
        fetched += batch
        page += 1
    listed, p = [], 1
    while True:
        events = httpx.get(f"{server}/api/events", params={"size": 20, "page": p}).json()["events"]
        if not events:
            break
        listed += [e["id"] for e in events]
        p += 1
    assert len(fetched) == len(listed) > 20 and page > 2
    assert [e["event_id_cnty"][3:] for e in fetched] == listed
    # the client's own parsing of ACLED's values worked
    first = fetched[0]
    assert isinstance(first["event_date"], dt.date) and isinstance(first["fatalities"], int)
    assert isinstance(first["timestamp"], dt.datetime) and isinstance(first["year"], int)


def test_default_limit_returns_all_of_a_small_ledger(client, rows):
    assert len(client.get_data(limit=5000)) == len(rows)


@pytest.mark.parametrize("kwargs, expected", [
    ({"country": "Mali"}, lambda r: r["country"] == "Mali"),
    ({"query_params": {"country": "Mali:OR:country=Niger"}}, lambda r: r["country"] in ("Mali", "Niger")),
    ({"event_type": "Battles"}, lambda r: "battles" in r["event_type"].lower()),
    ({"event_type": "Protests", "query_params": {"event_type_where": "="}}, lambda r: r["event_type"] == "Protests"),
    ({"sub_event_type": "drone"}, lambda r: "drone" in r["sub_event_type"].lower()),
    ({"fatalities": 5, "query_params": {"fatalities_where": ">"}}, lambda r: r["fatalities"] > 5),
    ({"fatalities": 5, "query_params": {"fatalities_where": ">="}}, lambda r: r["fatalities"] >= 5),
    ({"fatalities": 5, "query_params": {"fatalities_where": "<"}}, lambda r: r["fatalities"] < 5),
    ({"fatalities": 0, "query_params": {"fatalities_where": "<="}}, lambda r: r["fatalities"] <= 0),
    ({"fatalities": 0}, lambda r: r["fatalities"] == 0),
    ({"event_date": "2026-11-01|2026-11-20", "query_params": {"event_date_where": "BETWEEN"}},
     lambda r: r["event_date"] and "2026-11-01" <= r["event_date"] <= "2026-11-20"),
    ({"actor1": "forces"}, lambda r: "forces" in r["actor1"].lower()),
    ({"notes": "Conflicting claims", "query_params": {"notes_where": "LIKE"}},
     lambda r: "conflicting claims" in r["notes"].lower()),
    ({"region": 1}, lambda r: r["region"] == "Western Africa"),
    ({"iso": 466}, lambda r: r["iso"] == 466),
    ({"latitude": 0, "query_params": {"latitude_where": ">"}}, lambda r: r["latitude"] != "" and r["latitude"] > 0),
])
def test_each_filter_through_the_client(client, rows, kwargs, expected):
    wanted = [r["event_id_cnty"] for r in rows if expected(r)]
    assert wanted, "the sample corpus should hold events for this filter"
    assert ids(client.get_data(limit=5000, **kwargs)) == wanted


def test_fields_through_the_client(client, rows):
    got = client.get_data(fields="event_id_cnty|event_date|country|fatalities", limit=5000)
    assert len(got) == len(rows)
    assert all(set(e) == {"event_id_cnty", "event_date", "country", "fatalities"} for e in got)


def test_bad_parameter_is_the_clients_own_error(client, server):
    with pytest.raises(ClientError) as caught:
        client.get_data(query_params={"fatalities_where": "~"}, fatalities=3)
    assert isinstance(caught.value, ApiError) and caught.value.status_code == 400
    # what the client sent, as a plain request: ACLED's error envelope naming the parameter
    r = httpx.get(f"{server}/api/acled/read", params={"fatalities": "3", "fatalities_where": "~", "limit": "50"})
    assert r.status_code == 400
    assert r.json()["success"] is False and "fatalities_where" in r.json()["error"]["message"]


def test_csv_as_the_client_would_request_it(server, rows):
    # the acled client reads JSON only; ACLED's CSV is the same request with _format=csv
    r = httpx.get(f"{server}/api/acled/read", params={"key": "k", "email": "e@example.org", "_format": "csv",
                                                       "country": "Burkina Faso", "limit": "5000"})
    assert r.status_code == 200
    got = list(csv.DictReader(io.StringIO(r.text)))
    assert [g["event_id_cnty"] for g in got] == [x["event_id_cnty"] for x in rows if x["country"] == "Burkina Faso"]
    assert got and all(g["fatalities"] == str(x["fatalities"]) for g, x in zip(
        got, [x for x in rows if x["country"] == "Burkina Faso"], strict=True))


def test_deleted_endpoint_through_the_client(client):
    assert client.get_deleted_data(deleted_timestamp=0) == []  # the sample corpus merged nothing away


def test_private_reads_with_the_warledger_token_as_key(private_server, monkeypatch):
    monkeypatch.setattr(BaseHttpClient, "BASE_URL", f"{private_server}/api")
    # retries left as they are: on a 401 the client refreshes its credentials and asks once more
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        good = acled.AcledClient(api_key=TOKEN, email="analyst@example.org")
        bad = acled.AcledClient(api_key="a-guess", email="analyst@example.org")
    assert len(good.get_data(limit=3)) == 3
    with pytest.raises(ClientError) as caught:
        bad.get_data(limit=3)
    assert caught.value.status_code == 401


def test_private_reads_with_an_oauth_bearer_token(private_server, monkeypatch, tmp_path):
    monkeypatch.setattr(BaseHttpClient, "BASE_URL", f"{private_server}/api")
    monkeypatch.setattr(BaseHttpClient, "MAX_RETRIES", 0)
    # a saved token file stands in for ACLED's OAuth endpoint; the token is the warledger token
    later = (dt.datetime.now() + dt.timedelta(hours=5)).isoformat()
    token_file = tmp_path / "tokens.json"
    token_file.write_text(json.dumps({"access_token": TOKEN, "refresh_token": None,
                                      "access_token_expires_at": later, "refresh_token_expires_at": later}))
    auth = OAuthTokenAuth(username="analyst@example.org", password="unused", token_file=str(token_file))
    c = acled.AcledClient(auth_method=auth)
    assert len(c.get_data(limit=2)) == 2


def test_an_acled_script_against_warledger_serve(sample_db: Path, tmp_path: Path, rows):
    """Done when: a script written for the ACLED API, changed only in its base URL, runs against
    ``warledger serve`` and gets the sample corpus with correct filters and paging."""
    port = free_port()
    warledger = Path(sys.executable).with_name("warledger")
    serve = subprocess.Popen([str(warledger), "serve", "--db", f"sqlite:///{sample_db}", "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/events", params={"size": 1}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or serve.poll() is not None:
                pytest.fail(f"warledger serve did not start: {serve.stderr.read() if serve.poll() is not None else ''}")
            time.sleep(0.2)
        script = tmp_path / "pull_acled.py"
        script.write_text(textwrap.dedent("""
            import json, warnings
            warnings.simplefilter("ignore", DeprecationWarning)
            from acled import AcledClient
            client = AcledClient(api_key="my-acled-key", email="me@example.org")
            everything, page = [], 1
            while True:
                batch = client.get_data(limit=25, page=page)
                if not batch:
                    break
                everything += batch
                page += 1
            sahel = client.get_data(query_params={"country": "Mali:OR:country=Niger:OR:country=Burkina Faso"})
            print(json.dumps({"all": [e["event_id_cnty"] for e in everything],
                              "sahel": sorted(e["event_id_cnty"] for e in sahel)}))
        """))
        env = dict(os.environ, ACLED_API_HOST=f"http://127.0.0.1:{port}/api")
        done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["all"] == [r["event_id_cnty"] for r in rows]
        sahel = sorted(r["event_id_cnty"] for r in rows if r["country"] in ("Mali", "Niger", "Burkina Faso"))
        assert sahel and out["sahel"] == sahel
    finally:
        serve.terminate()
        serve.wait(timeout=20)
