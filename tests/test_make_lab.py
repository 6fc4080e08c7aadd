"""The README's first command, ``make lab``, starts JupyterLab: as root too (containers and
cloud machines), prints the address to open, and the server answers there."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"(http://(?:localhost|127\.0\.0\.1):(\d+)/lab\?token=([0-9a-f]+))")


def test_make_lab_passes_allow_root_only_as_root():
    plan = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    line = next(ln for ln in plan.splitlines() if "jupyter lab" in ln)
    assert ("--allow-root" in line) == (os.geteuid() == 0), line


def test_make_lab_starts_a_server_that_answers(tmp_path):
    if not (ROOT / ".venv" / "bin" / "jupyter").exists():
        pytest.skip("make lab needs the .venv that `make setup` creates")
    log = tmp_path / "lab.log"
    env = {**os.environ, "BROWSER": "true"}  # no browser window from a test
    with open(log, "w") as out:
        proc = subprocess.Popen(["make", "lab"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        match = None
        while time.monotonic() < deadline and match is None:
            assert proc.poll() is None, f"make lab exited with {proc.returncode}:\n{log.read_text()}"
            match = URL.search(log.read_text())
            time.sleep(0.5)
        assert match, f"make lab printed no address within 120 s:\n{log.read_text()}"
        assert "Starting JupyterLab" in log.read_text()
        port, token = match.group(2), match.group(3)
        status = None
        while time.monotonic() < deadline:
            try:  # loopback only: the server this test started
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"the server at port {port} did not answer:\n{log.read_text()}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
