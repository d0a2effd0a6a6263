"""How fast, and in how much memory, a large HAR capture imports.

    .venv/bin/python bench/har_import.py [--mb 50] [--seed 7] [--keep DIR] [--compare]

Writes a realistic capture of about `--mb` megabytes into a temporary directory
(thousands of entries: page loads with HTML, images and scripts whose bodies the
exporter wrote in base64, analytics beacons with JSON, form, base64 and
base64-of-gzip payloads carrying a persistent device ID, CONNECT tunnels, data:
URLs, some hundred hosts), then imports it through
`scrapers.evidence.read_evidence_file` (streamed from disk, what the CLI should
call) and `read_evidence` (the bytes in memory, streamed from them), each in a
fresh process, and prints entries/s, wall time and peak memory:

- `maxrss`: the process's peak resident set (resource.getrusage), the figure that
  matters; `baseline` is the resident set after imports, before the file is read;
- `traced peak`: the peak of Python allocations during the import (tracemalloc,
  in a second run, because tracing slows the import down).

`--compare` adds the old way of reading (the whole document parsed with
`json.loads`, then the same per-entry code) for comparison.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IPS = ["161.117.96.23", "47.88.1.1", "8.8.8.8", "157.240.1.1", "104.16.1.1", "13.32.1.1",
       "52.84.1.1", "2a03:2880:f12f:83:face:b00c::25de", "203.0.113.9", "185.60.216.35"]
WORDS = ["privacy", "browser", "incognito", "news", "cricket", "weather", "loan", "apps",
         "election", "budget", "monsoon", "phone", "review", "camera", "battery", "update",
         "settings", "account", "travel", "hotel", "recipe"]


def _headers(rng: random.Random, host: str, extra: int = 0) -> list[dict[str, str]]:
    hs = [{"name": ":authority", "value": host}, {"name": "accept", "value": "*/*"},
          {"name": "accept-encoding", "value": "gzip, deflate, br"},
          {"name": "accept-language", "value": "en-IN,en;q=0.9"},
          {"name": "user-agent", "value": "Mozilla/5.0 (Linux; Android 10; Redmi Note 8) "
                                          "AppleWebKit/537.36 (KHTML, like Gecko) "
                                          "Chrome/89.0 Mobile Safari/537.36 XiaoMi/MiuiBrowser"},
          {"name": "cookie", "value": f"sid={rng.getrandbits(128):032x}"}]
    hs += [{"name": f"x-h{i}", "value": f"{rng.getrandbits(64):016x}"} for i in range(extra)]
    return hs


def _html(rng: random.Random, size: int) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return "<html><body><p>" + " ".join(words) + "</p></body></html>"


def _entry(rng: random.Random, i: int, device: str, hosts: list[str]) -> dict:
    host = rng.choice(hosts)
    kind = rng.random()
    page = f"https://news{rng.randrange(20)}.example.in/{rng.choice(WORDS)}/{i}"
    request: dict = {"method": "GET", "url": f"https://{host}/r/{i}", "httpVersion": "HTTP/2.0",
                     "headers": _headers(rng, host, rng.randrange(4)), "queryString": [],
                     "cookies": [], "headersSize": -1, "bodySize": 0}
    content: dict = {"size": 0, "mimeType": "text/plain"}
    extra: dict = {}
    if kind < 0.10:                       # a page the user opened
        request["url"] = page + "?utm_source=home"
        extra["_resourceType"] = "document"
        text = _html(rng, rng.randrange(8_000, 40_000))
        content = {"size": len(text), "mimeType": "text/html", "text": text}
    elif kind < 0.40:                     # images and fonts: binary, base64 in the HAR
        blob = rng.randbytes(rng.randrange(4_000, 24_000))
        content = {"size": len(blob), "mimeType": "image/webp", "encoding": "base64",
                   "text": base64.b64encode(blob).decode()}
        extra["_resourceType"] = "image"
    elif kind < 0.55:                     # scripts, compressed on the wire, text in the HAR
        text = "function f(){return " + json.dumps(_html(rng, rng.randrange(2_000, 12_000))) + "}"
        content = {"size": len(text), "mimeType": "application/javascript", "text": text,
                   "compression": len(text) // 3}
        extra["_resourceType"] = "script"
    elif kind < 0.70:                     # JSON beacon
        body = json.dumps({"event": "page_view", "url": page, "device_id": device,
                           "ts": 1700000000 + i, "seq": i})
        request.update(method="POST", postData={"mimeType": "application/json", "text": body})
    elif kind < 0.80:                     # base64 of gzip, as the HAR writer's own base64
        body = gzip.compress(json.dumps({"events": [{"u": page, "did": device,
                                                     "q": rng.choice(WORDS)}] * 3}).encode())
        request.update(method="POST", postData={"mimeType": "application/octet-stream",
                                                "encoding": "base64",
                                                "text": base64.b64encode(body).decode()})
        request["headers"].append({"name": "content-encoding", "value": "gzip"})
    elif kind < 0.88:                     # app-level base64 inside a form
        inner = base64.b64encode(json.dumps({"href": page, "uuid": device}).encode()).decode()
        request.update(method="POST", postData={
            "mimeType": "application/x-www-form-urlencoded",
            "params": [{"name": "data", "value": inner}, {"name": "v", "value": "3.2.1"}]})
    elif kind < 0.96:                     # tracking pixel with a query
        request["url"] = (f"http://{host}/p.gif?dl={page.replace(':', '%3A').replace('/', '%2F')}"
                          f"&cid={device}&rnd={rng.getrandbits(40)}")
    elif kind < 0.98:                     # a proxy's tunnel
        request.update(method="CONNECT", url=f"{host}:443")
    else:                                 # never leaves the device
        request["url"] = "data:image/png;base64,iVBORw0KGgo="
    return {"startedDateTime": "2026-11-20T10:00:00.000Z", "time": rng.randrange(5, 900),
            "request": request,
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2.0",
                         "headers": [{"name": "content-type", "value": content["mimeType"]}],
                         "cookies": [], "content": content, "redirectURL": "",
                         "headersSize": -1, "bodySize": content["size"]},
            "cache": {}, "timings": {"send": 0, "wait": 40, "receive": 10},
            "serverIPAddress": IPS[zlib.crc32(host.encode()) % len(IPS)], **extra}


def generate(path: Path, mb: float, seed: int) -> int:
    """Write a capture of about `mb` megabytes, entry by entry; the number of entries."""
    rng = random.Random(seed)
    device = f"{rng.getrandbits(64):016x}"
    hosts = (["tracking.intl.miui.com", "sa.api.intl.miui.com", "global.sensorsdata.cn",
              "graph.facebook.com", "www.google-analytics.com"]
             + [f"cdn{i}.example{i % 37}.com" for i in range(120)])
    target = int(mb * 1024 * 1024)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        f.write('\ufeff{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"},'
                ' "pages": [], "entries": [\n')
        while f.tell() < target:
            if n:
                f.write(",\n")
            f.write(json.dumps(_entry(rng, n, device, hosts)))
            n += 1
        f.write("\n]}}\n")
    return n


def _rss_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(mode: str, path: str, traced: bool) -> dict:
    """One import in this process; what it took."""
    import tracemalloc

    from ontologies.iris import Minter
    from scrapers import netinfo
    from scrapers.evidence import read_evidence, read_evidence_file

    netinfo.database_version()        # load the IP database before measuring
    netinfo.lookup_ip("8.8.8.8")
    baseline = _rss_kb()
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    kw = {"minter": Minter(), "product": "Mi Browser", "vendor": "Xiaomi"}
    if mode == "file":
        r = read_evidence_file(path, **kw)
    elif mode == "bytes":
        r = read_evidence(path, Path(path).read_bytes(), **kw)
    else:                               # the old way: the whole document parsed at once
        from ontologies.iris import key
        from scrapers.evidence_files import load_json
        from scrapers.har import _capture, _observe

        data = Path(path).read_bytes()
        entries = load_json(data, path)["log"]["entries"]
        hosts = _observe(entries, path)
        r = _capture(hosts, len(entries), key(data), source=path, context=(),
                     vantage=None, **kw)
    wall = time.perf_counter() - t0
    out = {"mode": mode, "entries": r.to_json()["capture"]["entries"],
           "hosts": len(r.to_json()["observations"]), "wall_s": round(wall, 2)}
    if traced:
        out["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    else:
        out["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        out["baseline_mb"] = round(baseline / 1024, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="write the capture here and keep it")
    ap.add_argument("--compare", action="store_true", help="also time the old json.loads way")
    ap.add_argument("--measure", help=argparse.SUPPRESS)      # child: mode
    ap.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.measure:
        print(json.dumps(measure(a.measure, a.file, a.traced)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(a.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "capture.har"
        t0 = time.perf_counter()
        n = generate(path, a.mb, a.seed)
        size = path.stat().st_size / 2**20
        print(f"capture: {path.name}, {size:.1f} MB, {n} entries "
              f"(generated in {time.perf_counter() - t0:.1f} s)")
        print(f"python {sys.version.split()[0]}, ijson backend "
              f"{__import__('ijson').backend}")
        for mode in ("file", "bytes") + (("old",) if a.compare else ()):
            runs = {}
            for traced in (False, True):
                cmd = [sys.executable, __file__, "--measure", mode, "--file", str(path)]
                res = subprocess.run(cmd + (["--traced"] if traced else []), check=True,
                                     capture_output=True, text=True)
                runs.update(json.loads(res.stdout.strip().splitlines()[-1]))
            rate = runs["entries"] / runs["wall_s"] if runs["wall_s"] else float("inf")
            label = {"file": "streamed from the file (read_evidence_file)",
                     "bytes": "streamed from bytes in memory (read_evidence)",
                     "old": "old way: json.loads of the whole file"}[mode]
            print(f"{label}:\n  {runs['entries']} entries, {runs['hosts']} hosts, "
                  f"{runs['wall_s']:.2f} s, {rate:,.0f} entries/s; "
                  f"maxrss {runs['maxrss_mb']:.0f} MB (baseline {runs['baseline_mb']:.0f} MB, "
                  f"+{runs['maxrss_mb'] - runs['baseline_mb']:.0f} MB); "
                  f"traced peak {runs['traced_peak_mb']:.1f} MB")


if __name__ == "__main__":
    main()
