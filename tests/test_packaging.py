"""Packaging checks: pyproject and environment.yml agree, lower bounds only, light import."""

import re
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~;\[ ]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _env_names() -> set[str]:
    names = set()
    text = (ROOT / "environment.yml").read_text()
    deps = text.split("dependencies:", 1)[1]
    for line in deps.splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)", line)
        if m and m.group(1) not in {"pip:", "pip", "python", "-e"}:
            names.add(_name(m.group(1)))
    return names


def test_environment_yml_names_the_same_packages_as_pyproject():
    proj = _pyproject()["project"]
    reqs = list(proj["dependencies"])
    for extra in ("lab", "test"):
        reqs += proj["optional-dependencies"][extra]
    assert {_name(r) for r in reqs} == _env_names()


def _env_bounds() -> dict[str, str]:
    bounds = {}
    deps = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    for line in deps.splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)", line)
        if m and m.group(1) != "python":
            bounds[_name(m.group(1))] = m.group(2)
    return bounds


def test_environment_yml_has_the_same_lower_bounds_as_pyproject():
    """Binder (environment.yml) and pip (pyproject.toml) install the same versions or newer."""
    proj = _pyproject()["project"]
    reqs = list(proj["dependencies"])
    for extra in ("lab", "test"):
        reqs += proj["optional-dependencies"][extra]
    want = {}
    for r in reqs:
        m = re.search(r">=\s*([0-9][0-9.]*)", r.split(";")[0])
        want[_name(r)] = m.group(1) if m else None
    got = _env_bounds()
    differ = {n: (v, got.get(n)) for n, v in want.items() if v is not None and got.get(n) != v}
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"
    python = re.search(r"^\s*-\s+python\s*>=\s*([0-9.]+)", (ROOT / "environment.yml").read_text(),
                       flags=re.M)
    assert python and f">={python.group(1)}" == proj["requires-python"]


def test_environment_installs_the_local_package_in_editable_mode():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s+-e \.\s*$", text, flags=re.M)


def test_pins_are_lower_bounds_only():
    proj = _pyproject()["project"]
    reqs = list(proj["dependencies"])
    for extra in proj["optional-dependencies"].values():
        reqs += extra
    for r in reqs:
        if r.startswith("emergence-notebooks"):
            continue
        spec = r.split(";")[0]  # environment markers may compare versions of Python itself
        assert ">=" in spec, f"{r}: give a lower bound"
        assert not re.search(r"(==|<|~=|!=)", spec.replace(">=", "")), f"{r}: lower bounds only"
    # Colab compatibility (rule 7)
    assert "ipywidgets>=7.7" in proj["dependencies"]


def test_import_is_light():
    code = ("import sys, emergence_utils; "
            "print(','.join(m for m in ('matplotlib', 'pandas', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import emergence_utils pulled in {out.stdout.strip()}"


def test_citation_and_license_present():
    cff = (ROOT / "CITATION.cff").read_text()
    assert "cff-version: 1.2.0" in cff and "Emergent Abilities of Large Language Models" in cff
    lic = (ROOT / "LICENSE").read_text()
    assert "MIT License" in lic and "CC BY 4.0" in lic
    from emergence_utils import REPO_URL

    assert REPO_URL in cff


def test_lowest_constraints_pin_the_lower_bounds():
    pins = {}
    for line in (ROOT / "constraints" / "lowest.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[_name(name)] = version
    bounds = {}
    for r in _pyproject()["project"]["dependencies"]:
        spec = r.split(";")[0]
        if ";" in r:  # conditional on the Python version (tomli): not pinned
            continue
        name, version = spec.split(">=")
        bounds[_name(name)] = version
    assert set(pins) == set(bounds)
    for name, version in bounds.items():
        assert pins[name].startswith(version), f"{name}: pin {pins[name]} vs bound {version}"


def test_no_unsafe_loading_or_shell_strings():
    """Rule of issue 7: no pickle or eval of data files, safe YAML, no shell strings."""
    pattern = re.compile(r"\bpickle\b|yaml\.load\(|shell\s*=\s*True|os\.system\(|\beval\(")
    allowed = {"emergence_utils/testing.py"}  # evaluates notebook code cells, not data
    hits = []
    for folder in ("emergence_utils", "scripts", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and rel not in allowed:
                    hits.append(f"{rel}:{n}: {line.strip()}")
    assert hits == []


def test_repository_url_is_the_same_everywhere():
    """pyproject's Homepage is the one place the repository URL is set; everything else agrees:
    the package constant (setup cell and badges are written from it by scripts/nbtool.py),
    CITATION.cff, the README's badges and every notebook's setup cell and badges."""
    import json

    import emergence_utils

    url = _pyproject()["project"]["urls"]["Homepage"]
    assert emergence_utils.REPO_URL == url
    cff = (ROOT / "CITATION.cff").read_text()
    assert f'repository-code: "{url}"' in cff
    slug = url.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\((https://(?:colab\.research\.google\.com/github|mybinder\.org/v2/gh)/"
                       r"([^/]+/[^/]+)/[^)]*)\)", readme)
    assert links and all(s == slug for _, s in links), links
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        text = "".join("".join(c["source"]) for c in cells)
        found = set(re.findall(r"(?:github|gh)/([\w.-]+/[\w.-]+)/(?:blob|main)", text))
        assert found == {slug}, f"{nb.name}: repository links {found}"
        assert f'"emergence-notebooks @ git+{url}"' in text, f"{nb.name}: setup cell URL"
        assert "../img/badges" not in text, f"{nb.name}: relative badge image (breaks on Colab)"
