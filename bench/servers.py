"""The SPARQL servers the benchmarks compare with, started on 127.0.0.1 and stopped on
exit: `oxigraph serve --union-default-graph` over a store folder, and a private Virtuoso
(scripts/virtuoso.sh) with an N-Quads file bulk-loaded through isql."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve --union-default-graph` on 127.0.0.1 over a store folder; with
    `nquads`, the folder is first loaded from that file (`load_s`) and removed on exit."""

    def __init__(self, location: str | Path, nquads: Path | None = None,
                 timeout: float = 3600):
        self.folder = Path(location) if nquads is not None else None
        self.load_s = 0.0
        if nquads is not None:
            t = time.perf_counter()
            subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file",
                            str(nquads)], check=True, capture_output=True, timeout=timeout)
            self.load_s = time.perf_counter() - t
        self.port = free_port()
        self.proc = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(location), "--bind",
             f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        self.url, self.update_url = f"{base}/query", f"{base}/update"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class VirtuosoServer:
    """A private Virtuoso (scripts/virtuoso.sh) with an N-Quads file bulk-loaded through
    isql's ld_dir/rdf_loader_run (`load_s`); stopped on exit. Query and update URL are
    its /sparql. `timeout`: the seconds a query may run there; `load_timeout` those the
    load may take (default: the same)."""

    def __init__(self, nquads: Path, timeout: float, load_timeout: float | None = None):
        env = dict(os.environ, VIRTUOSO_MAX_ROWS="10000", VIRTUOSO_BUFFERS="170000",
                   VIRTUOSO_MAX_SECONDS=str(int(timeout)), VIRTUOSO_TIMEOUT="120")
        out = subprocess.run([str(ROOT / "scripts" / "virtuoso.sh"), "start"], env=env,
                             capture_output=True, text=True, check=True).stdout
        conf = dict(line.split("=", 1) for line in out.split() if "=" in line)
        self.dir = conf["VIRTUOSO_DIR"]
        self.url = self.update_url = conf["VIRTUOSO_SPARQL"]
        t = time.perf_counter()
        try:
            shutil.copy(nquads, Path(self.dir) / "data.nq")
            isql = shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"
            subprocess.run([isql, f"127.0.0.1:{conf['VIRTUOSO_ISQL_PORT']}", "dba", "dba",
                            f"exec=ld_dir('{self.dir}', 'data.nq', 'urn:privacykg:default'); "
                            "rdf_loader_run(); checkpoint;"],
                           capture_output=True, check=True, timeout=load_timeout or timeout)
        except BaseException:
            self.stop()
            raise
        self.load_s = time.perf_counter() - t

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "virtuoso.sh"), "stop", self.dir],
                       capture_output=True, timeout=60)

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
