#!/usr/bin/env python3
"""Build the tidy Pythia / OPT / BLOOM datasets from ``data/sources/pythia``.

Usage::

    python scripts/build_pythia.py                  # write data/pythia_*.csv, print the TOML
    python scripts/build_pythia.py --out DIR        # write somewhere else

``build(sources_dir, out_dir)`` is what ``scripts/build_data.py`` calls: it reads only
``sources_dir / "pythia"`` (written by ``scripts/import_pythia.py``) and writes

- ``pythia_evals.csv``: every model and checkpoint: LAMBADA accuracy and perplexity, PIQA,
  WinoGrande, ARC-Easy, ARC-Challenge, SciQ, LogiQA, WSC (accuracy) and the MMLU mean over the
  57 subjects (derived);
- ``pythia_mmlu_subjects.csv``: the 57 MMLU subjects at the final checkpoint (Pythia step
  143000, zero- and five-shot) and for OPT and BLOOM.

:func:`manifest_toml` returns the ``datasets.toml`` entries of both files (rows, sha256).

Derived quantities (formulas also in the manifest):

- Pythia ``params``: non-embedding parameters ``N = L (12 d^2 + 13 d) + 2 d`` from the README's
  model table (``L`` = n_layers, ``d`` = d_model): per layer the fused QKV projection
  ``3 d^2 + 3 d``, the attention output ``d^2 + d``, the MLP ``8 d^2 + 5 d`` (d -> 4d -> d with
  biases) and two layer norms ``4 d``; plus the final layer norm ``2 d``. It reproduces the
  non-embedding counts printed in the Hugging Face model cards (e.g. 18,915,328 for 70M).
- Pythia ``train_tokens = step x 2,097,152`` (tokens per step, README), so step 143000 gives the
  README's 299,892,736,000 tokens; ``train_flops = 6 N D`` (Kaplan et al. 2020).
- OPT / BLOOM ``params``, ``train_tokens``, ``train_flops``: the ObsScaling repository's
  'Model Size (B)' x 1e9, 'Pretraining Data Size (T)' x 1e12, 'FLOPs (1E21)' x 1e21 (its own
  6 N D with the nominal size); empty for BLOOM 1B7, which that table does not list.
- MMLU mean: arithmetic mean of the 57 ``hendrycksTest-*`` accuracies of the same file;
  its standard error ``sqrt(sum_i se_i^2) / 57`` (subjects treated as independent).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
import re
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PYTHIA_COMMIT = "a19eecb807ec2c79a39ebf18108816e6ffffc1d5"
OBS_COMMIT = "4d6e1e43fd2635d04654aa77d1df9d5266ea0382"
#: every row names the committed copy of its value and the public file it comes from
PYTHIA_SRC = ("data/sources/pythia/evals.csv.gz; from "
              f"github.com/EleutherAI/pythia@{PYTHIA_COMMIT[:12]} evals/")
OBS_SRC = (f"github.com/ryoungj/ObsScaling@{OBS_COMMIT[:12]} "
           "eval_results/base_llm_benchmark_eval.csv")
#: Tokens per optimizer step (README: batch size of 2,097,152 tokens).
TOKENS_PER_STEP = 2_097_152
FINAL_STEP = 143_000
SIZES = ("70M", "160M", "410M", "1B", "1.4B", "2.8B", "6.9B", "12B")
N_MMLU = 57

TASKS = {  # raw task -> (task label, metric label, unit, chance (fraction) or None)
    ("lambada_openai", "acc"): ("LAMBADA", "accuracy", "fraction", 0.0),
    ("lambada_openai", "ppl"): ("LAMBADA", "perplexity", "perplexity", None),
    ("piqa", "acc"): ("PIQA", "accuracy", "fraction", 0.5),
    ("winogrande", "acc"): ("WinoGrande", "accuracy", "fraction", 0.5),
    ("arc_easy", "acc"): ("ARC-Easy", "accuracy", "fraction", 0.25),
    ("arc_challenge", "acc"): ("ARC-Challenge", "accuracy", "fraction", 0.25),
    ("sciq", "acc"): ("SciQ", "accuracy", "fraction", 0.25),
    ("logiqa", "acc"): ("LogiQA", "accuracy", "fraction", 0.25),
    ("wsc", "acc"): ("WSC", "accuracy", "fraction", None),
}
MMLU_CHANCE = 0.25

CITATION = (
    "Biderman, S., Schoelkopf, H., Anthony, Q., et al. (2023). Pythia: A Suite for "
    "Analyzing Large Language Models Across "
    "Training and Scaling. ICML 2023. arXiv:2304.01373. Data: github.com/EleutherAI/pythia, "
    f"commit {PYTHIA_COMMIT}, folder evals/ (Apache-2.0). OPT/BLOOM scales: Ruan, Y., "
    "Maddison, C. J., & Hashimoto, T. (2024). Observational Scaling Laws and the "
    "Predictability of Language Model Performance. arXiv:2405.10938 "
    f"(github.com/ryoungj/ObsScaling, commit {OBS_COMMIT}, Apache-2.0)."
)
LICENCE = ("Apache-2.0 (github.com/EleutherAI/pythia; notice in data/sources/pythia/LICENSE). "
           "Derived tidy table of the repository's evals/ results; keep the notice and cite "
           "Biderman et al. 2023 (and Ruan et al. 2024 for the OPT/BLOOM scales).")


class BuildError(RuntimeError):
    """The source folder is not what this script expects (the message names file and key)."""


# --------------------------------------------------------------------------------------------
# Reading the extract
# --------------------------------------------------------------------------------------------
def _read_csv(path: Path, text: str | None = None) -> list[dict[str, str]]:
    if text is None:
        if not path.is_file():
            raise BuildError(f"{path}: file is missing")
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_evals(src: Path) -> list[dict[str, str]]:
    p = src / "evals.csv.gz"
    if not p.is_file():
        raise BuildError(f"{p}: file is missing")
    try:
        text = gzip.decompress(p.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BuildError(f"{p}: cannot read ({exc})") from None
    rows = _read_csv(p, text)
    for i, r in enumerate(rows, 2):
        for k in ("path", "task", "metric", "value", "stderr"):
            if not r.get(k):
                raise BuildError(f"{p}: line {i}: key {k!r} is missing or empty")
    return rows


def architecture(src: Path) -> dict[str, tuple[int, int]]:
    """``{size label: (n_layers, d_model)}`` parsed from the README's model table."""
    p = src / "README_models_excerpt.md"
    if not p.is_file():
        raise BuildError(f"{p}: file is missing")
    text = p.read_text(encoding="utf-8")
    for needle in ("2,097,152", "299,892,736,000"):
        if needle not in text:
            raise BuildError(f"{p}: the README no longer states {needle} tokens")
    if 143_000 * TOKENS_PER_STEP != 299_892_736_000:  # pragma: no cover - arithmetic guard
        raise BuildError("tokens per step x 143000 steps != the README's token count")
    arch = {}
    for line in text.splitlines():
        m = re.match(r"^\|\s*([0-9.]+[MB])\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", line)
        if m:
            arch[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    missing = [s for s in SIZES if s not in arch]
    if missing:
        raise BuildError(f"{p}: model table has no row for {missing}")
    return arch


def non_embedding_params(n_layers: int, d_model: int) -> int:
    """GPT-NeoX non-embedding parameters: ``L (12 d^2 + 13 d) + 2 d`` (count)."""
    return n_layers * (12 * d_model ** 2 + 13 * d_model) + 2 * d_model


def obs_scales(src: Path) -> dict[str, tuple[str, str, str]]:
    """``{model id: (params, tokens, flops)}`` as exact decimal strings (counts)."""
    p = src / "obsscaling_opt_bloom_scales.csv"
    out = {}
    for i, r in enumerate(_read_csv(p), 2):
        try:
            vals = [Decimal(r[c]) * (10 ** e) for c, e in (("Model Size (B)", 9),
                    ("Pretraining Data Size (T)", 12), ("FLOPs (1E21)", 21))]
        except (KeyError, ArithmeticError) as exc:
            raise BuildError(f"{p}: line {i}: bad or missing scale ({exc!r})") from None
        out[r["Model"]] = tuple(repr(float(v)) for v in vals)  # type: ignore[assignment]
    return out


# --------------------------------------------------------------------------------------------
# Identifying the model of a file
# --------------------------------------------------------------------------------------------
_PY = re.compile(r"^pythia-v1/pythia-([0-9.]+[mb])(-bf16)?(-deduped)?/(zero|five)-shot/"
                 r"[^/]*_step(\d+)\.json$")


def _label(s: str) -> str:
    return s[:-1] + s[-1].upper()


def identify(path: str, arch: dict[str, tuple[int, int]],
             obs: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """Model columns of one raw file (family, model, scale, step, shots, note)."""
    m = _PY.match(path)
    if m:
        size, bf16, dedup, shots, step = m.groups()
        label = _label(size)
        if label not in arch:
            raise BuildError(f"{path}: unknown Pythia size {label!r}")
        n = non_embedding_params(*arch[label])
        tokens = int(step) * TOKENS_PER_STEP
        fam = "Pythia (deduped)" if dedup else "Pythia"
        return {
            "model_family": fam, "model": f"Pythia {label}" + (" (deduped)" if dedup else ""),
            "size_label": label, "deduped": "True" if dedup else "False",
            "params": str(n), "params_basis": "non-embedding (derived)",
            "train_tokens": str(tokens), "train_flops": repr(float(6 * n * tokens)),
            "scale_source": "derived: README model table and tokens per step",
            "step": step, "shots": "0" if shots == "zero" else "5",
            "model_note": "trained in bf16 (folder pythia-1b-bf16)" if bf16 else "",
        }
    m = re.match(r"^(opt|bloom)/(opt|bloom)-([0-9a-z.]+)\.json$", path)
    if not m:
        raise BuildError(f"{path}: cannot tell which model this file is")
    fam_key, _, size = m.groups()
    fam = "OPT" if fam_key == "opt" else "BLOOM"
    hub = f"facebook/opt-{size}" if fam == "OPT" else f"bigscience/bloom-{size}"
    label = size.upper() if fam == "OPT" else re.sub(r"(\d)B(\d)", r"\1.\2B", size.upper())
    scale = obs.get(hub)
    return {
        "model_family": fam, "model": f"{fam} {label}", "size_label": label, "deduped": "False",
        "params": scale[0] if scale else "",
        "params_basis": "nominal (ObsScaling)" if scale else "unknown",
        "train_tokens": scale[1] if scale else "", "train_flops": scale[2] if scale else "",
        "scale_source": OBS_SRC if scale else "",
        "step": "", "shots": "0",
        "model_note": "" if scale else "scale not stated by a source in this repository",
    }


# --------------------------------------------------------------------------------------------
# Building the tables
# --------------------------------------------------------------------------------------------
EVAL_COLUMNS = ("model_family", "model", "size_label", "deduped", "params", "params_basis",
                "train_tokens", "train_flops", "step", "shots", "task", "metric", "value", "unit",
                "stderr", "chance", "method", "source", "note")
SUBJECT_COLUMNS = ("model_family", "model", "size_label", "deduped", "params", "train_flops",
                   "step", "shots", "task", "subject", "metric", "value", "unit", "stderr",
                   "chance", "method", "source", "note")


def _fmt(x: float) -> str:
    return repr(float(x))


def tables(src: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows of ``pythia_evals`` and ``pythia_mmlu_subjects`` (strings)."""
    arch = architecture(src)
    obs = obs_scales(src)
    evals = read_evals(src)
    files = {r["path"]: r for r in _read_csv(src / "files.csv")}
    by_file: dict[str, list[dict[str, str]]] = {}
    for r in evals:
        by_file.setdefault(r["path"], []).append(r)
    unknown = sorted(set(by_file) - set(files))
    if unknown:
        raise BuildError(f"{src / 'evals.csv.gz'}: file {unknown[0]!r} is not in files.csv")
    out_e, out_s = [], []
    for path in files:
        if path not in by_file:
            raise BuildError(f"{src / 'evals.csv.gz'}: no values for file {path!r}")
        ident = identify(path, arch, obs)
        want_shots = files[path]["num_fewshot"]
        if want_shots != ident["shots"]:
            raise BuildError(f"{src / 'files.csv'}: {path}: num_fewshot {want_shots} does not "
                             f"match the folder ({ident['shots']} shots)")
        source = PYTHIA_SRC + path
        base = {k: ident[k] for k in EVAL_COLUMNS if k in ident}
        note_model = ident["model_note"]
        subjects = []
        for r in by_file[path]:
            key = (r["task"], r["metric"])
            if r["task"].startswith("hendrycksTest-"):
                subjects.append(r)
                continue
            if key not in TASKS:
                raise BuildError(f"{src / 'evals.csv.gz'}: {path}: unexpected task/metric {key}")
            task, metric, unit, chance = TASKS[key]
            out_e.append({**base, "task": task, "metric": metric, "value": r["value"],
                          "unit": unit, "stderr": r["stderr"],
                          "chance": "" if chance is None else repr(chance),
                          "method": "published", "source": source, "note": note_model})
        if len(subjects) != N_MMLU:
            raise BuildError(f"{src / 'evals.csv.gz'}: {path}: {len(subjects)} MMLU subjects, "
                             f"expected {N_MMLU}")
        vals = [float(r["value"]) for r in subjects]
        ses = [float(r["stderr"]) for r in subjects]
        mean = math.fsum(vals) / N_MMLU
        se = math.sqrt(math.fsum(s * s for s in ses)) / N_MMLU
        out_e.append({**base, "task": "MMLU", "metric": "accuracy", "value": _fmt(mean),
                      "unit": "fraction", "stderr": _fmt(se), "chance": repr(MMLU_CHANCE),
                      "method": "derived", "source": source,
                      "note": "; ".join(x for x in (
                          "mean of the 57 hendrycksTest-* acc of this file; stderr = "
                          "sqrt(sum se_i^2)/57", note_model) if x)})
        final = ident["step"] in ("", str(FINAL_STEP))
        if final:
            for r in subjects:
                out_s.append({**{k: ident[k] for k in SUBJECT_COLUMNS if k in ident},
                              "task": "MMLU", "subject": r["task"].removeprefix("hendrycksTest-"),
                              "metric": "accuracy", "value": r["value"], "unit": "fraction",
                              "stderr": r["stderr"], "chance": repr(MMLU_CHANCE),
                              "method": "published", "source": source, "note": note_model})
    return out_e, out_s


def csv_bytes(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for i, row in enumerate(rows, 1):
        extra = set(row) - set(columns)
        if extra:
            raise BuildError(f"row {i}: keys not in the schema: {sorted(extra)}")
        w.writerow([row.get(c, "") for c in columns])
    return buf.getvalue().encode("utf-8")


def build(sources_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``pythia_evals.csv`` and ``pythia_mmlu_subjects.csv`` into ``out_dir``.

    Parameters
    ----------
    sources_dir : Path
        The ``data/sources`` folder (this reads its ``pythia/`` sub-folder only).
    out_dir : Path
        Where the CSV files are written.

    Returns
    -------
    list of Path
        The files written.
    """
    src = Path(sources_dir) / "pythia"
    evals, subjects = tables(src)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cols, rows in (("pythia_evals.csv", EVAL_COLUMNS, evals),
                             ("pythia_mmlu_subjects.csv", SUBJECT_COLUMNS, subjects)):
        p = out_dir / name
        p.write_bytes(csv_bytes(cols, rows))
        written.append(p)
    return written


# --------------------------------------------------------------------------------------------
# Manifest entries
# --------------------------------------------------------------------------------------------
def _c(name, dtype, unit, description, required=False, **kw):
    return {"name": name, "dtype": dtype, "unit": unit, "description": description,
            "required": required, **kw}


_FAMILY = _c("model_family", "str", "", "'Pythia', 'Pythia (deduped)' (trained on the "
             "deduplicated Pile), 'OPT' or 'BLOOM'", True,
             allowed=["Pythia", "Pythia (deduped)", "OPT", "BLOOM"])
_MODEL = _c("model", "str", "", "family + size label, e.g. 'Pythia 1.4B (deduped)', 'OPT 125M'",
            True)
_SIZE = _c("size_label", "str", "", "size label of the model's name (70M ... 12B; OPT/BLOOM as in "
           "their names); a label, not a count", True)
_DEDUP = _c("deduped", "bool", "", "True for the models trained on the deduplicated Pile "
            "(always False for OPT and BLOOM)", True)
_PARAMS = _c("params", "float", "parameters", "Pythia: non-embedding parameters derived from "
             "the README model table, N = L (12 d^2 + 13 d) + 2 d (L = n_layers, d = d_model); "
             "OPT/BLOOM: ObsScaling's 'Model Size (B)' x 1e9 (nominal size); empty when "
             "unknown (BLOOM 1B7)", positive=True)
_FLOPS = _c("train_flops", "float", "FLOPs", "training compute: Pythia 6 N D with N = params and "
            "D = train_tokens (derived; 0 at step 0); OPT/BLOOM ObsScaling's 'FLOPs (1E21)' x "
            "1e21 (6 N D with the nominal size); empty when unknown", nonnegative=True)
_STEP = _c("step", "int", "optimizer steps", "Pythia checkpoint (0 ... 143000); empty for OPT "
           "and BLOOM (final models only)", nonnegative=True)
_SHOTS = _c("shots", "str", "", "in-context examples: '0' or '5'", True, allowed=["0", "5"])
_UNIT = _c("unit", "str", "", "'fraction' (accuracy in [0, 1]) or 'perplexity'", True,
           allowed=["fraction", "perplexity"])
_STDERR = _c("stderr", "float", "same as value", "standard error the harness reports "
             "(`<metric>_stderr`); derived for the MMLU mean (see note)", True, nonnegative=True)
_CHANCE = _c("chance", "float", "fraction", "accuracy of guessing: 1 / number of answer options "
             "(PIQA, WinoGrande 0.5; ARC, SciQ, LogiQA, MMLU 0.25, ARC approximately: a few "
             "questions have 3 or 5 options); LAMBADA accuracy 0 (open vocabulary); empty for "
             "perplexity and WSC (not stated here)", nonnegative=True)
_METHOD = _c("method", "str", "", "'published' (the repository's JSON value) or 'derived' "
             "(computed here; formula in `note`)", True, allowed=["published", "derived"])
_SOURCE = _c("source", "str", "", "repository @ commit + path of the raw JSON file (a copy of the "
             "values used is in data/sources/pythia/evals.csv.gz)", True)
_NOTE = _c("note", "str", "", "formula of derived rows; flags (the 1B model was trained in bf16; "
           "unknown scale)")

DATASETS = {
    "pythia_evals": {
        "file": "pythia_evals.csv",
        "title": "Pythia (16 models x 27 checkpoints), OPT and BLOOM: LAMBADA, PIQA, WinoGrande, "
                 "ARC, SciQ, LogiQA, WSC and MMLU (mean of 57 subjects)",
        "description": "Long table, one row per model x checkpoint x shots x task/metric. Pythia: "
                       "8 sizes (70M-12B) trained on the Pile and on the deduplicated Pile, 27 "
                       "checkpoints zero-shot (steps 0, 1, 2, 4, ..., 512, 1000, 3000, 13000, "
                       "23000, ..., 143000) and 15 five-shot (3000, 13000, ..., 143000); OPT "
                       "(125M-66B) and BLOOM (560M-7.1B) final models zero-shot. LAMBADA "
                       "accuracy and perplexity are measured on the same examples. Values as in "
                       "the repository's lm-evaluation-harness (2023) JSON files; MMLU is the "
                       "derived mean over the 57 subjects. CrowS-Pairs, acc_norm and the bias "
                       "case-study runs are not included. train_tokens = step x 2,097,152; "
                       "train_flops = 6 N D (Pythia, N = non-embedding params).",
        "columns": [_FAMILY, _MODEL, _SIZE, _DEDUP, _PARAMS,
                    _c("params_basis", "str", "", "what `params` counts: 'non-embedding "
                       "(derived)', 'nominal (ObsScaling)' or 'unknown'", True,
                       allowed=["non-embedding (derived)", "nominal (ObsScaling)", "unknown"]),
                    _c("train_tokens", "float", "tokens", "Pythia: step x 2,097,152 (derived); "
                       "OPT/BLOOM: ObsScaling's 'Pretraining Data Size (T)' x 1e12; empty when "
                       "unknown", nonnegative=True),
                    _FLOPS, _STEP, _SHOTS,
                    _c("task", "str", "", "benchmark", True,
                       allowed=sorted({v[0] for v in TASKS.values()} | {"MMLU"})),
                    _c("metric", "str", "", "'accuracy' or 'perplexity' (LAMBADA: perplexity of "
                       "the target word on the same examples as the accuracy)", True,
                       allowed=["accuracy", "perplexity"]),
                    _c("value", "float", "see unit", "the number, in `unit`", True), _UNIT,
                    _STDERR, _CHANCE, _METHOD, _SOURCE, _NOTE],
    },
    "pythia_mmlu_subjects": {
        "file": "pythia_mmlu_subjects.csv",
        "title": "MMLU per subject (57) for the final Pythia checkpoints (0- and 5-shot), OPT and "
                 "BLOOM",
        "description": "Long table, one row per model x shots x subject: the harness's "
                       "hendrycksTest-<subject> accuracy at Pythia step 143000 (16 models, 0 and 5 "
                       "shots) and for the OPT and BLOOM models (0-shot). Intermediate "
                       "checkpoints' subjects are in data/sources/pythia/evals.csv.gz.",
        "columns": [_FAMILY, _MODEL, _SIZE, _DEDUP, _PARAMS, _FLOPS, _STEP, _SHOTS,
                    _c("task", "str", "", "'MMLU'", True, allowed=["MMLU"]),
                    _c("subject", "str", "", "MMLU subject (the harness task name without "
                       "'hendrycksTest-')", True),
                    _c("metric", "str", "", "'accuracy'", True, allowed=["accuracy"]),
                    _c("value", "float", "fraction", "accuracy", True),
                    _c("unit", "str", "", "'fraction'", True, allowed=["fraction"]),
                    _STDERR, _CHANCE, _METHOD, _SOURCE, _NOTE],
    },
}
SOURCES = [f"github.com/EleutherAI/pythia @ {PYTHIA_COMMIT} evals/pythia-v1, evals/opt, "
           "evals/bloom (values used: data/sources/pythia/evals.csv.gz, written by "
           "scripts/import_pythia.py)",
           "Model table (n_layers, d_model, tokens per step): the repository README, copied in "
           "data/sources/pythia/README_models_excerpt.md",
           f"OPT/BLOOM scale: github.com/ryoungj/ObsScaling @ {OBS_COMMIT} "
           "eval_results/base_llm_benchmark_eval.csv (data/sources/pythia/"
           "obsscaling_opt_bloom_scales.csv)"]


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    raise BuildError(f"cannot write {v!r} to TOML")


def manifest_toml(out_dir: Path) -> str:
    """The ``datasets.toml`` entries of the files in ``out_dir`` (rows and sha256 measured)."""
    lines = []
    for name, spec in DATASETS.items():
        blob = (Path(out_dir) / spec["file"]).read_bytes()
        rows = blob.count(b"\n") - 1
        entry = {"file": spec["file"], "title": spec["title"], "description": spec["description"],
                 "citation": CITATION, "licence": LICENCE, "sources": SOURCES, "rows": rows,
                 "sha256": hashlib.sha256(blob).hexdigest()}
        lines.append(f"[datasets.{name}]")
        lines += [f"{k} = {_toml(v)}" for k, v in entry.items()]
        lines.append("")
        for c in spec["columns"]:
            lines.append(f"[[datasets.{name}.columns]]")
            lines += [f"{k} = {_toml(v)}" for k, v in c.items()]
            lines.append("")
    return "\n".join(lines)


MARK_BEGIN = "# --- begin pythia datasets (scripts/build_pythia.py) ---"
MARK_END = "# --- end pythia datasets ---"


def update_manifest(manifest: Path, out_dir: Path) -> None:
    """Append (or replace) this module's entries at the end of ``manifest``."""
    text = manifest.read_text(encoding="utf-8")
    if MARK_BEGIN in text:
        text = text[:text.index(MARK_BEGIN)].rstrip("\n") + "\n"
    block = f"{MARK_BEGIN}\n{manifest_toml(out_dir)}{MARK_END}\n"
    manifest.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=Path, default=REPO / "data" / "sources")
    ap.add_argument("--out", type=Path, default=REPO / "data")
    ap.add_argument("--update-manifest", action="store_true",
                    help="append/replace the entries at the end of OUT/datasets.toml")
    args = ap.parse_args(argv)
    try:
        for p in build(args.sources, args.out):
            print(f"wrote {p} ({p.stat().st_size:,} bytes)")
        if args.update_manifest:
            update_manifest(args.out / "datasets.toml", args.out)
            print(f"updated {args.out / 'datasets.toml'}")
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
