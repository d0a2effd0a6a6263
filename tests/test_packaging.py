"""The built wheel carries everything the program needs (rules, queries, demo files,
data, ontologies): install it outside the checkout and run the demo from there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(out), str(ROOT)], check=True)
    wheel = next(out.glob("privacykg-*.whl"))
    target = out / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(target), str(wheel)], check=True)
    return target


def run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # PYTHONPATH comes before the editable checkout on sys.path, so the wheel's copy wins
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, "-c", "from web.cli import main; main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_wheel_runs_the_demo_outside_the_checkout(installed, tmp_path):
    where = subprocess.run([sys.executable, "-c", "import kg, web; print(kg.__file__)"],
                           cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
                           capture_output=True, text=True, check=True).stdout
    assert str(installed) in where
    r = run_installed(installed, tmp_path, "--store", str(tmp_path / "store"), "demo")
    assert r.returncode == 0, r.stderr
    assert "certification-scope-excludes" in r.stdout
    assert "data-location-mismatch" in r.stdout


def test_stock_pip_of_a_fresh_venv_installs_it_and_the_demo_runs(tmp_path):
    """`python3 -m venv v && v/bin/pip install .` with the pip the venv ships (no
    upgrade): every dependency we import must be named directly, since an old pip does
    not resolve extras such as lxml[html_clean] that trafilatura's own dependencies ask
    for."""
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "pip"), "--version"], capture_output=True,
                         text=True, check=True).stdout
    r = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (pip, r.stderr[-2000:])
    demo = subprocess.run([str(venv / "bin" / "privacykg"), "--store", str(tmp_path / "s"),
                           "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, (pip, demo.stderr[-2000:])
    assert "contradiction(s) against" in demo.stdout
