"""Tidy datasets with provenance.

The CSV files in the repository's ``data/`` folder are built by ``scripts/build_data.py`` from
the source tables in ``data/sources/`` and described by ``data/datasets.toml`` (title, citation,
licence, sources, columns with dtype and unit, row count, sha256). This module finds that folder,
validates a file against its manifest entry and returns it as a :class:`pandas.DataFrame`.

>>> import emergence_utils as eu
>>> eu.data.list_datasets()                  # doctest: +SKIP
>>> df = eu.data.load("wei_fig2")            # doctest: +SKIP

Where the files are looked for, in order:

1. the folder named by the environment variable ``EMERGENCE_DATA_DIR`` (if set);
2. ``emergence_utils/_data/`` inside the installed package (wheels map ``data/`` there);
3. ``<repository>/data`` next to the package (source checkout / editable install).

Conventions of the returned frames: numeric columns are ``float64`` (counts such as ``params``,
``train_tokens``, ``train_flops`` are plain counts, not billions) or nullable ``Int64``;
missing numbers are ``NaN``/``<NA>``; text columns hold the empty string when the source gives
nothing. Every problem raises :class:`emergence_utils.EmergenceDataError` naming the dataset,
the file and, where they apply, the 1-based data row and the column. Nothing is fetched from
the network.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import EmergenceDataError

__all__ = [
    "DATA_DIR_ENV", "MANIFEST_NAME", "METHODS", "citation", "data_dir", "info",
    "list_datasets", "load", "load_from", "read_manifest", "require_frame",
]

#: Environment variable that overrides where the data folder is.
DATA_DIR_ENV = "EMERGENCE_DATA_DIR"
#: File name of the manifest inside the data folder.
MANIFEST_NAME = "datasets.toml"
#: Allowed values of the ``method`` column of the stored datasets. The collection also labels
#: values made in notebooks ``simulated`` (seed and settings shown) or ``illustrative`` (made up
#: to show an idea); those never appear in ``data/`` (see data/README.md).
METHODS = ("published", "digitized", "derived")

_DTYPES = ("str", "float", "int", "bool")
_MANIFEST_CACHE: dict[tuple[str, int, int], dict[str, Any]] = {}
_FRAME_CACHE: dict[tuple[str, int, int, str], pd.DataFrame] = {}


# ---------------------------------------------------------------------------------------------
# Locating files and reading the manifest
# ---------------------------------------------------------------------------------------------
def data_dir() -> Path:
    """Return the folder that holds the datasets and ``datasets.toml``.

    Returns
    -------
    pathlib.Path
        ``$EMERGENCE_DATA_DIR`` if set, else the package's ``_data/`` folder, else the
        repository's ``data/`` folder.

    Raises
    ------
    EmergenceDataError
        If none of these folders holds a ``datasets.toml``.
    """
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
        if not (path / MANIFEST_NAME).is_file():
            raise EmergenceDataError(
                f"{DATA_DIR_ENV} is set to {str(path)!r}, which has no {MANIFEST_NAME}",
                file=str(path / MANIFEST_NAME),
            )
        return path
    here = Path(__file__).resolve().parent
    candidates = (here / "_data", here.parent / "data")
    for cand in candidates:
        if (cand / MANIFEST_NAME).is_file():
            return cand
    raise EmergenceDataError(
        "no data folder found (looked for "
        + " and ".join(str(c / MANIFEST_NAME) for c in candidates)
        + f"); reinstall the package or set {DATA_DIR_ENV}",
        file=str(candidates[-1] / MANIFEST_NAME),
    )


def _toml_module() -> Any:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10 only
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError as exc:
            raise EmergenceDataError(
                "reading datasets.toml needs Python 3.11+ (tomllib) or, on Python 3.10, the "
                "'tomli' package: pip install tomli"
            ) from exc
    return tomllib


def read_manifest(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse and check ``datasets.toml`` of a data folder (cached while the file is unchanged).

    Parameters
    ----------
    directory : path-like
        Folder holding ``datasets.toml``.

    Returns
    -------
    dict
        The parsed manifest (do not modify it; :func:`info` returns copies).
    """
    path = Path(directory) / MANIFEST_NAME
    try:
        st = path.stat()
    except FileNotFoundError:
        raise EmergenceDataError("manifest is missing", file=str(path)) from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key in _MANIFEST_CACHE:
        return _MANIFEST_CACHE[key]
    tomllib = _toml_module()
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise EmergenceDataError(f"cannot parse the manifest: {exc}", file=str(path)) from None
    datasets = manifest.get("datasets")
    if not isinstance(datasets, dict) or not datasets:
        raise EmergenceDataError("manifest has no [datasets] table", file=str(path))
    for name, entry in datasets.items():
        for field, kind in (("file", str), ("rows", int), ("sha256", str), ("columns", list),
                            ("title", str), ("citation", str)):
            if not isinstance(entry.get(field), kind):
                raise EmergenceDataError(
                    f"manifest entry lacks a valid {field!r}", dataset=name, file=str(path))
        for spec in entry["columns"]:
            if not isinstance(spec.get("name"), str) or spec.get("dtype") not in _DTYPES:
                raise EmergenceDataError(
                    f"manifest column entry {spec!r} needs a name and a dtype in {_DTYPES}",
                    dataset=name, file=str(path))
    _MANIFEST_CACHE[key] = manifest
    return manifest


def _entry(manifest: dict[str, Any], name: object, directory: Path) -> dict[str, Any]:
    datasets = manifest["datasets"]
    if not isinstance(name, str) or name not in datasets:
        raise EmergenceDataError(
            "unknown dataset; known datasets: " + ", ".join(sorted(datasets)),
            dataset=str(name), file=str(directory / MANIFEST_NAME),
        )
    return datasets[name]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def list_datasets() -> pd.DataFrame:
    """List the datasets of the manifest.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``title``, ``rows`` (number of data rows) and ``file``.
    """
    manifest = read_manifest(data_dir())
    records = [{"name": n, "title": e["title"], "rows": e["rows"], "file": e["file"]}
               for n, e in manifest["datasets"].items()]
    return pd.DataFrame.from_records(records, columns=["name", "title", "rows", "file"])


def info(name: str) -> dict[str, Any]:
    """Return the manifest entry of a dataset (a copy).

    Parameters
    ----------
    name : str
        Dataset name, e.g. ``"wei_fig2"``.

    Returns
    -------
    dict
        Keys ``name``, ``file``, ``title``, ``description``, ``citation``, ``licence``,
        ``sources``, ``rows``, ``sha256``, ``columns`` (list of dicts with ``name``, ``dtype``,
        ``unit``, ``description``, ``required`` ...) and dataset-specific extras such as
        ``agreement_factor`` for ``wei_fig2``.
    """
    directory = data_dir()
    entry = copy.deepcopy(_entry(read_manifest(directory), name, directory))
    entry["name"] = name
    return entry


def citation(name: str) -> str:
    """Return the full reference(s) to cite for a dataset.

    Parameters
    ----------
    name : str
        Dataset name.
    """
    directory = data_dir()
    return str(_entry(read_manifest(directory), name, directory)["citation"])


def load(name: str) -> pd.DataFrame:
    """Load a dataset as a validated DataFrame.

    Parameters
    ----------
    name : str
        Dataset name (see :func:`list_datasets`).

    Returns
    -------
    pandas.DataFrame
        A fresh copy (loaded frames are cached; changing the copy is safe). Columns and units
        are described by ``info(name)["columns"]``.

    Raises
    ------
    EmergenceDataError
        Unknown name, missing/empty/truncated file, missing or extra column, text in a numeric
        column, value out of range, missing value where one is required, duplicate rows, or a
        sha256 that does not match the manifest. The message names dataset, file, row, column.
    """
    return load_from(data_dir(), name)


def load_from(directory: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """Like :func:`load`, but from an explicit data folder (used by the build script)."""
    directory = Path(directory)
    entry = _entry(read_manifest(directory), name, directory)
    path = directory / entry["file"]
    try:
        st = path.stat()
    except FileNotFoundError:
        raise EmergenceDataError("data file is missing", dataset=name, file=str(path)) from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, entry["sha256"])
    if key not in _FRAME_CACHE:
        _FRAME_CACHE[key] = _parse(name, entry, path.read_bytes(), str(path))
    return _FRAME_CACHE[key].copy()


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------
def _parse(name: str, entry: dict[str, Any], raw: bytes, file: str) -> pd.DataFrame:
    def fail(message: str, row: int | None = None, column: str | None = None) -> None:
        raise EmergenceDataError(message, dataset=name, file=file, row=row, column=column)

    if not raw.strip():
        fail("file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"file is not valid UTF-8 (byte {exc.start})")
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        for rec in reader:
            records.append(rec)
    except csv.Error as exc:
        fail(f"malformed CSV: {exc}", row=max(len(records), 1))
    header, data = records[0], records[1:]

    expected = [c["name"] for c in entry["columns"]]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        fail(f"column(s) {dupes} appear more than once in the header", column=dupes[0])
    missing = [c for c in expected if c not in header]
    if missing:
        fail(f"missing column(s) {missing}; the manifest expects {expected}", column=missing[0])
    extra = [h for h in header if h not in expected]
    if extra:
        fail(f"column(s) {extra} are not in the manifest", column=extra[0])
    if not data:
        fail("no data rows (file truncated to its header?)", row=1)
    for i, rec in enumerate(data, 1):
        if len(rec) != len(header):
            col = header[len(rec)] if len(rec) < len(header) else None
            fail(f"row has {len(rec)} fields but the header has {len(header)} (truncated or "
                 "malformed line)", row=i, column=col)
    if len(data) != entry["rows"]:
        fail(f"file has {len(data)} data rows but the manifest says {entry['rows']} (truncated "
             "or edited file)", row=min(len(data), entry["rows"]) + 1)

    idx = {h: j for j, h in enumerate(header)}
    columns: dict[str, Any] = {}
    for spec in entry["columns"]:
        c, dtype, required = spec["name"], spec["dtype"], bool(spec.get("required", False))
        cells = [rec[idx[c]] for rec in data]
        allowed = spec.get("allowed")
        if c == "method":
            allowed = [m for m in (allowed or METHODS) if m in METHODS]
        if dtype == "str":
            for i, v in enumerate(cells, 1):
                if required and not v.strip():
                    fail("empty value where one is required", row=i, column=c)
                if allowed is not None and v not in allowed:
                    fail(f"value {v!r} is not one of {allowed}", row=i, column=c)
            columns[c] = pd.Series(cells, dtype=object)
        elif dtype == "bool":
            values = []
            for i, v in enumerate(cells, 1):
                if v not in ("True", "False"):
                    fail(f"value {v!r} is not 'True' or 'False'", row=i, column=c)
                values.append(v == "True")
            columns[c] = pd.Series(values, dtype=bool)
        else:
            columns[c] = _numeric(cells, spec, fail)

    frame = pd.DataFrame(columns, columns=expected)
    _check_rows(frame, data, fail)

    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry["sha256"] and hashlib.sha256(
            raw.replace(b"\r\n", b"\n")).hexdigest() != entry["sha256"]:
        fail(f"sha256 {digest[:16]}... does not match the manifest ({entry['sha256'][:16]}...): "
             "the file was changed after it was built; rebuild it with scripts/build_data.py")
    return frame


def _numeric(cells: list[str], spec: dict[str, Any], fail: Any) -> pd.Series:
    c, dtype = spec["name"], spec["dtype"]
    required = bool(spec.get("required", False))
    out: list[float | int | None] = []
    for i, v in enumerate(cells, 1):
        s = v.strip()
        if not s:
            if required:
                fail("missing value (NaN) where a number is required", row=i, column=c)
            out.append(None)
            continue
        try:
            x: float | int = float(s) if dtype == "float" else int(s)
        except ValueError:
            fail(f"text {v!r} in a numeric ({dtype}) column", row=i, column=c)
        if not math.isfinite(x):
            fail(f"non-finite value {v!r} (NaN/inf not allowed; leave the cell empty for a "
                 "missing value)", row=i, column=c)
        if spec.get("positive") and not x > 0:
            fail(f"value {v} out of range: must be > 0", row=i, column=c)
        if spec.get("nonnegative") and x < 0:
            fail(f"value {v} out of range: must be >= 0", row=i, column=c)
        out.append(x)
    if dtype == "float":
        return pd.Series(np.array([np.nan if x is None else x for x in out], dtype=float))
    return pd.Series(pd.array(out, dtype="Int64"))


def _check_rows(frame: pd.DataFrame, data: list[list[str]], fail: Any) -> None:
    """Rules across columns and rows."""
    if "method" in frame.columns:
        method = frame["method"].to_numpy()
        if "uncertainty" in frame.columns:
            unc = frame["uncertainty"].to_numpy(dtype=float)
            bad = np.flatnonzero((method == "digitized") & np.isnan(unc))
            if bad.size:
                fail("digitized row without an uncertainty", row=int(bad[0]) + 1,
                     column="uncertainty")
        if "note" in frame.columns:
            bad = np.flatnonzero((method == "derived") & (frame["note"].str.strip() == ""))
            if bad.size:
                fail("derived row must state its formula in note", row=int(bad[0]) + 1,
                     column="note")
    seen: dict[tuple[str, ...], int] = {}
    for i, rec in enumerate(data, 1):
        key = tuple(rec)
        if key in seen:
            fail(f"duplicate row: identical to row {seen[key]}", row=i)
        seen[key] = i


def require_frame(df: Any, dataset: str, columns: Any, param: str = "df") -> pd.DataFrame:
    """Check that a caller passed a DataFrame of ``dataset`` with the ``columns`` a function needs.

    Raises
    ------
    EmergenceInputError
        ``df`` is not a DataFrame (the message names the parameter ``param``).
    EmergenceDataError
        A column is missing (the message names the dataset and the first missing column).
    """
    from .errors import EmergenceInputError

    if not isinstance(df, pd.DataFrame):
        raise EmergenceInputError(f"{param}: expected a pandas DataFrame (eu.data.load("
                                  f"{dataset!r})), got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise EmergenceDataError(f"missing column(s) {missing}", dataset=dataset,
                                 column=missing[0])
    return df
