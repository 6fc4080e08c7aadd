#!/usr/bin/env python3
"""Copy the Pythia / OPT / BLOOM evaluation numbers this project uses into ``data/sources/pythia``.

Usage::

    python scripts/import_pythia.py                  # read ../shared/data/pythia/raw
    python scripts/import_pythia.py --raw PATH --out DIR

The raw folder is a byte-for-byte copy of ``evals/`` of github.com/EleutherAI/pythia at commit
a19eecb807ec2c79a39ebf18108816e6ffffc1d5 (Apache-2.0). This script keeps, unchanged, only the
fields the lessons use (see ``data/sources/pythia/README.md``):

- ``evals.csv.gz``: one row per (file, task) with ``value`` and ``stderr`` written exactly as
  Python's ``json`` module reads them (``repr`` of the float, which round-trips), for the tasks
  in :data:`TASK_METRICS` and the 57 ``hendrycksTest-*`` subjects (metric ``acc``);
- ``files.csv``: every file used with its ``config.model_args`` and ``config.num_fewshot``;
- ``obsscaling_opt_bloom_scales.csv``: size, tokens and FLOPs of the OPT and BLOOM models as
  github.com/ryoungj/ObsScaling (commit 4d6e1e43fd2635d04654aa77d1df9d5266ea0382,
  ``eval_results/base_llm_benchmark_eval.csv``, Apache-2.0) states them (read from
  ``../shared/data/obsscaling``), because the Pythia repository does not;
- ``README_models_excerpt.md``: the repository README's model table (copied).

Left out: CrowS-Pairs, ``acc_norm`` and the bias case-study folders (``baseline/``,
``intervention/``): no lesson uses them. Only the standard library is used; the output is
deterministic (gzip without a time stamp).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO.parent / "shared" / "data" / "pythia" / "raw"
DEFAULT_OBS = REPO.parent / "shared" / "data" / "obsscaling" / "base_llm_benchmark_eval.csv"
DEFAULT_OUT = REPO / "data" / "sources" / "pythia"

#: Tasks kept (besides the MMLU subjects) and their metrics; each metric's ``<m>_stderr`` too.
TASK_METRICS: dict[str, tuple[str, ...]] = {
    "lambada_openai": ("acc", "ppl"),
    "piqa": ("acc",), "winogrande": ("acc",), "arc_easy": ("acc",), "arc_challenge": ("acc",),
    "sciq": ("acc",), "logiqa": ("acc",), "wsc": ("acc",),
}
MMLU_PREFIX = "hendrycksTest-"
N_MMLU = 57

#: The 8 sizes; the non-deduplicated 1B model's folder is ``pythia-1b-bf16``.
SIZES = ("70m", "160m", "410m", "1b", "1.4b", "2.8b", "6.9b", "12b")
OPT = ("125m", "350m", "1.3b", "2.7b", "6.7b", "13b", "30b", "66b")
BLOOM = ("560m", "1b1", "1b7", "3b", "7b1")
OBS_MODELS = tuple(f"facebook/opt-{s}" for s in OPT) + tuple(f"bigscience/bloom-{s}" for s in BLOOM)
OBS_COLUMNS = ("Model", "Model Family", "Model Size (B)", "Pretraining Data Size (T)",
               "FLOPs (1E21)")


class ImportError_(RuntimeError):
    """The raw folder is not what this script expects (the message names the file and key)."""


def pythia_folders() -> list[str]:
    out = []
    for s in SIZES:
        out.append("pythia-1b-bf16" if s == "1b" else f"pythia-{s}")
        out.append(f"pythia-{s}-deduped")
    return out


def raw_files(raw: Path) -> list[str]:
    """Relative paths of every file used, in a fixed order."""
    rel: list[str] = []
    for folder in pythia_folders():
        for shots in ("zero-shot", "five-shot"):
            d = raw / "pythia-v1" / folder / shots
            if not d.is_dir():
                raise ImportError_(f"{d}: folder is missing")
            found = sorted(d.glob("*.json"), key=lambda p: int(re.search(r"step(\d+)", p.name)
                                                                 .group(1)))
            rel += [str(p.relative_to(raw)) for p in found]
    rel += [f"opt/opt-{s}.json" for s in OPT] + [f"bloom/bloom-{s}.json" for s in BLOOM]
    return rel


def _num(x: object, where: str) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ImportError_(f"{where}: expected a number, got {x!r}")
    return repr(x)


def extract_file(raw: Path, rel: str) -> tuple[list[str], list[list[str]]]:
    """The ``files.csv`` row and the ``evals.csv`` rows of one raw file (``rel`` below ``raw``).

    Raises
    ------
    ImportError_
        Missing file, invalid JSON, or a missing key (the message names the file and the key).
    """
    path = raw / rel
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportError_(f"{path}: file is missing") from None
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{path}: not valid JSON ({exc})") from None
    for key in ("results", "config"):
        if not isinstance(d.get(key), dict):
            raise ImportError_(f"{path}: key {key!r} is missing")
    cfg = d["config"]
    if "model_args" not in cfg or "num_fewshot" not in cfg:
        raise ImportError_(f"{path}: key 'config.model_args' or 'config.num_fewshot' missing")
    res = d["results"]
    wanted = [(t, m) for t, ms in TASK_METRICS.items() for m in ms]
    for task in TASK_METRICS:
        if task not in res:
            raise ImportError_(f"{path}: key 'results.{task}' is missing")
    mmlu = sorted(t for t in res if t.startswith(MMLU_PREFIX))
    if len(mmlu) != N_MMLU:
        raise ImportError_(f"{path}: {len(mmlu)} '{MMLU_PREFIX}*' tasks, expected {N_MMLU}")
    rows = []
    for task, metric in wanted + [(t, "acc") for t in mmlu]:
        for k in (metric, f"{metric}_stderr"):
            if k not in res[task]:
                raise ImportError_(f"{path}: key 'results.{task}.{k}' is missing")
        rows.append([rel, task, metric, _num(res[task][metric], f"{path}: {task}.{metric}"),
                     _num(res[task][f"{metric}_stderr"], f"{path}: {task}.{metric}_stderr")])
    return [rel, str(cfg["model_args"]), str(cfg["num_fewshot"])], rows


def extract(raw: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Rows of ``files.csv`` and ``evals.csv`` (strings, values as ``repr`` of the JSON float)."""
    files, evals = [], []
    for rel in raw_files(raw):
        f, rows = extract_file(raw, rel)
        files.append(f)
        evals += rows
    return files, evals


def obs_scales(obs: Path) -> list[list[str]]:
    """The ObsScaling rows of the OPT and BLOOM models (scale columns, text unchanged).

    Models the table does not list are skipped (their scale is left unknown downstream).
    """
    try:
        with obs.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise ImportError_(f"{obs}: file is missing") from None
    by = {r["Model"]: r for r in rows}
    out = []
    for m in OBS_MODELS:
        if m not in by:  # e.g. bloom-1b7 is not in the table: its scale stays unknown
            continue
        for c in OBS_COLUMNS:
            if c not in by[m]:
                raise ImportError_(f"{obs}: column {c!r} is missing")
        out.append([by[m][c] for c in OBS_COLUMNS])
    return out


def csv_text(header: list[str] | tuple[str, ...], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write(raw: Path, obs: Path, out: Path) -> list[Path]:
    """Write the extract into ``out``; return the files written."""
    files, evals = extract(raw)
    scales = obs_scales(obs)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    p = out / "files.csv"
    p.write_text(csv_text(["path", "model_args", "num_fewshot"], files), encoding="utf-8")
    written.append(p)
    p = out / "evals.csv.gz"
    data = csv_text(["path", "task", "metric", "value", "stderr"], evals).encode("utf-8")
    with p.open("wb") as fh, gzip.GzipFile(filename="evals.csv", mode="wb", fileobj=fh,
                                           mtime=0, compresslevel=9) as gz:
        gz.write(data)
    written.append(p)
    p = out / "obsscaling_opt_bloom_scales.csv"
    p.write_text(csv_text(OBS_COLUMNS, scales), encoding="utf-8")
    written.append(p)
    p = out / "README_models_excerpt.md"
    shutil.copyfile(raw / "README_models_excerpt.md", p)
    written.append(p)
    lic = raw.parent / "LICENSE-Apache-2.0.txt"
    if lic.is_file():
        shutil.copyfile(lic, out / "LICENSE")
        written.append(out / "LICENSE")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    ap.add_argument("--obsscaling", type=Path, default=DEFAULT_OBS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not args.raw.is_dir():
        print(f"raw folder {args.raw} is missing; nothing written", file=sys.stderr)
        return 1
    try:
        for p in write(args.raw, args.obsscaling, args.out):
            print(f"wrote {p} ({p.stat().st_size:,} bytes)")
    except ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
