"""What Google Colab does, reproduced on this machine.

A fresh virtual environment gets Colab's kind of stack (the lowest supported versions,
``constraints/lowest.txt``) but not our package. The notebooks alone are copied into an empty
folder outside the repository and run there with nbval, in a kernel that believes it is on
Colab (a ``google.colab`` module is present), so each notebook's setup cell takes its Colab
branch and installs the package with ``%pip install "emergence-notebooks @ git+<REPO_URL>"``.
Git is told to fetch that URL from this repository (``url.<repo>.insteadOf``), so the install
runs offline from the committed ``main``. Inside the kernel every connection that does not stay
on this machine is refused: the notebooks themselves run offline.

A second check runs the setup cell when the install fails (the URL leads nowhere) and expects
one clear sentence, not a traceback.

Slow (a new environment: about 2-4 minutes with a warm pip cache), so it is marked ``colab``.
Only committed files are tested (pip clones the repository).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import emergence_utils

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.colab

STARTUP = '''
import socket
import sys
import types

# look like Google Colab: the setup cell checks for this module
google = sys.modules.setdefault("google", types.ModuleType("google"))
colab = types.ModuleType("google.colab")
google.colab = colab
sys.modules["google.colab"] = colab

# offline: refuse any connection that leaves this machine (the kernel's own sockets are local)
_connect = socket.socket.connect


def _local_only(self, address, *args, **kwargs):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")) \\
            and self.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(f"network access blocked in the Colab-like test: {address!r}")
    return _connect(self, address, *args, **kwargs)


socket.socket.connect = _local_only
'''


def _runtime_requirements() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"])


@pytest.fixture(scope="module")
def colab_env(tmp_path_factory):
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git history (pip installs from a git URL)")
    if shutil.which("git") is None:
        pytest.skip("needs git")
    base = tmp_path_factory.mktemp("colab")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    # Colab's preinstalled stack (lowest supported versions) and the test runner; not our package
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-c",
                    str(ROOT / "constraints" / "lowest.txt"), *_runtime_requirements(),
                    "nbval>=0.10", "pytest>=7.0"], check=True)
    ipython_dir = base / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab-like.py").write_text(STARTUP)
    return base, py, ipython_dir


def _env(base: Path, ipython_dir: Path, repo_source: str) -> dict[str, str]:
    gitconfig = base / f"gitconfig-{abs(hash(repo_source))}"
    gitconfig.write_text(f'[url "{repo_source}"]\n\tinsteadOf = {emergence_utils.REPO_URL}\n'
                         "[safe]\n\tdirectory = *\n")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "EMERGENCE_DATA_DIR", "JUPYTER_PATH")}
    env.update(IPYTHONDIR=str(ipython_dir), GIT_CONFIG_GLOBAL=str(gitconfig),
               GIT_TERMINAL_PROMPT="0", MPLBACKEND="Agg")
    return env


def test_failed_install_gives_one_clear_sentence(colab_env):
    base, py, ipython_dir = colab_env
    setup = json.loads((ROOT / "notebooks" / "00_index.ipynb").read_text())["cells"]
    code = next("".join(c["source"]) for c in setup if c["cell_type"] == "code")
    script = base / "setup_cell.ipy"
    script.write_text(code)
    env = _env(base, ipython_dir, "file:///nonexistent/emergence-notebooks")
    run = subprocess.run([str(py), "-m", "IPython", "--colors=NoColor", str(script)],
                         cwd=base, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert "The helper package is missing" in out, out
    assert "ModuleNotFoundError" not in out and "Traceback" not in out, out


def test_notebooks_alone_run_as_on_colab(colab_env):
    base, py, ipython_dir = colab_env
    work = base / "work"  # an empty folder outside the repository
    work.mkdir()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for nb in notebooks:
        shutil.copy(nb, work / nb.name)
    env = _env(base, ipython_dir, f"file://{ROOT}")
    run = subprocess.run([str(py), "-m", "pytest", "--nbval-lax", "--nbval-current-env",
                          "-p", "no:cacheprovider", "-q", "."], cwd=work, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    # the package came from the git install, not from the repository on disk
    where = subprocess.run([str(py), "-c", "import emergence_utils as e, emergence_utils.data as d;"
                            "print(e.__file__); print(d.data_dir())"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.split()
    assert all(str(ROOT) not in w for w in where), where
    assert all("site-packages" in w for w in where), where
