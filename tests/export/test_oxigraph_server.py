"""A real triple store: `oxigraph serve` loads the N-Triples export over HTTP and answers the example
queries with the known answers (the same as the embedded store)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.server

QUERIES = Path(__file__).resolve().parents[2] / "examples" / "queries"
NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float")}
STARTUP_SECONDS = 30
REQUEST_SECONDS = 30


def _oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=REQUEST_SECONDS) as resp:  # noqa: S310 (loopback only)
        return resp.read()


def _wait_until_up(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}: {proc.stderr.read().decode(errors='replace')}")
        try:
            _request(base + "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError(f"oxigraph did not answer within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an `oxigraph serve` on a free loopback port, killed at the end whatever happens."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture(scope="module")
def loaded(server: str, exports: dict[str, tuple[Path, int]]) -> str:
    """The server with the fixture's N-Triples export in its default graph."""
    path, _ = exports["nt"]
    _request(server + "/store?default", data=path.read_bytes(), headers={"Content-Type": "application/n-triples"})
    return server


def _select(server: str, query: str) -> list[dict[str, Any]]:
    body = _request(server + "/query", data=query.encode("utf-8"),
                    headers={"Content-Type": "application/sparql-query",
                             "Accept": "application/sparql-results+json"})
    return json.loads(body)["results"]["bindings"]


def _value(binding: dict[str, str] | None) -> Any:
    if binding is None:
        return None
    if binding.get("datatype") in NUMERIC:
        return round(float(binding["value"]), 3)
    return binding["value"]


def test_server_holds_every_exported_triple(loaded: str, exports: dict[str, tuple[Path, int]]) -> None:
    (row,) = _select(loaded, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(row["n"]["value"]) == exports["nt"][1]


@pytest.mark.parametrize("query_file", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_example_query_over_http(query_file: Path, loaded: str, known_answers: dict) -> None:
    columns, expected = known_answers[query_file.name]
    rows = [tuple(_value(b.get(c)) for c in columns) for b in _select(loaded, query_file.read_text())]
    assert rows == expected
