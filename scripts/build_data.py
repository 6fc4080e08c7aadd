#!/usr/bin/env python3
"""Build the tidy datasets in ``data/`` from the committed source tables in ``data/sources/``.

Usage::

    python scripts/build_data.py                  # write data/*.csv, data/datasets.toml, data/README.md
    python scripts/build_data.py --sources PATH   # read the source tables from PATH
    python scripts/build_data.py --out DIR        # write somewhere else (used by the tests)
    python scripts/build_data.py --check          # only compare with what is in data/, exit 1 if stale

Every output row keeps its provenance: ``source`` (paper + table/figure, or repository + path +
commit, plus the file in ``data/sources/`` the number was read from) and ``method``
(``published``, ``digitized`` or ``derived``). Numbers that come from text are written as they
were printed (a count such as ``175B`` becomes ``1.75e+11`` with the printed digits kept), so the
output is deterministic and does not depend on float formatting.

Nothing is downloaded and nothing outside the repository is read; only the standard library is
used (plus the package's own validator to check the result). A missing or malformed source
table stops the script before anything is written, with a message naming the file, the row and
the column. ``scripts/import_shared.py`` wrote the source tables once from the collection folder
the project started from; it is not needed to rebuild.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import statistics
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = REPO / "data" / "sources"
DEFAULT_OUT = REPO / "data"

#: Agreement rule for Fig. 2: a published value replaces a digitized reading of the same point
#: when |published - digitized| <= AGREEMENT_FACTOR * digitized uncertainty.
AGREEMENT_FACTOR = 2.0

OBS_COMMIT = "4d6e1e43fd2635d04654aa77d1df9d5266ea0382"
OBS_REPO = f"github.com/ryoungj/ObsScaling @ {OBS_COMMIT}"


class BuildError(RuntimeError):
    """A source table is missing or does not look the way this script expects."""


_PER_SIZE = ("model_family", "model", "params", "train_tokens", "train_flops", "task", "metric",
             "shots", "split", "value", "paper", "table", "cross_check", "source", "note")
_QUOTED = ("model_family", "model", "params", "train_tokens", "train_flops", "task",
           "source_benchmark", "figure", "panel", "shots", "metric", "value", "random_baseline",
           "source", "note")
_DIGITIZED = ("panel", "task", "metric", "model_family", "point_index", "train_flops",
              "x_unc_dex", "y", "y_unc", "flag")

#: Every source table in data/sources/ (path relative to that folder) and its columns, in the
#: order the file has them. The reader checks the header against this list.
SOURCE_TABLES: dict[str, tuple[str, ...]] = {
    "wei2022_table1/table1.csv": ("category", "ability", "model", "emergent_params",
                                  "emergent_train_flops", "reference", "source", "note"),
    "model_scales/model_papers.csv": ("model_family", "model", "params", "train_tokens",
                                      "train_flops", "train_pf_days", "n_layers", "d_model",
                                      "n_heads", "paper", "table", "source", "note"),
    "model_scales/chung2022_wei2022.csv": ("model_family", "model", "params", "train_tokens",
                                           "train_flops", "flops_kind", "architecture", "source",
                                           "note"),
    "hendrycks2021_mmlu/mmlu_quoted.csv": _QUOTED,
    "wei2022b_cot/table1_and_figure2.csv": _QUOTED,
    "wei2022b_cot/appendix_b_tables.csv": _PER_SIZE,
    "brown2020_gpt3/per_size.csv": _PER_SIZE,
    "chowdhery2022_palm/per_size.csv": _PER_SIZE,
    "hoffmann2022_chinchilla/published.csv": _PER_SIZE,
    "bigbench_tasks/task_metadata.csv": ("bigbench_task", "subtask", "figure", "panel",
                                         "wei_label", "metrics", "preferred_score", "n_examples",
                                         "n_choices_counts", "random_mc_grade_derived", "source",
                                         "note"),
    "wei2022_digitized/fig2.csv": _DIGITIZED,
    "wei2022_digitized/loss_figure.csv": _DIGITIZED[:4] + ("quantity",) + _DIGITIZED[4:],
    "wei2022_digitized/appendix_f.csv": _DIGITIZED,
    "wei2022_digitized/axis_calibration.csv": (
        "figure", "panel", "y_scale", "y_pixel_at_zero", "y_pixels_per_unit", "x_pixel_at_zero",
        "x_pixels_per_dex", "tick_rms_y_px", "tick_rms_x_px"),
    "obsscaling/base_llm_benchmark_eval.csv": (),  # third-party file: header checked below
    "obsscaling/base_llm_benchmark_eval_sub_10b.csv": (),
    "obsscaling/base_llm_emergent_capability_eval.csv": (),
}


# --------------------------------------------------------------------------------------------
# Citations (full references)
# --------------------------------------------------------------------------------------------
CITE = {
    "wei": (
        "Wei, J., Tay, Y., Bommasani, R., Raffel, C., Zoph, B., Borgeaud, S., Yogatama, D., "
        "Bosma, M., Zhou, D., Metzler, D., Chi, E. H., Hashimoto, T., Vinyals, O., Liang, P., "
        "Dean, J., & Fedus, W. (2022). Emergent Abilities of Large Language Models. "
        "Transactions on Machine Learning Research (08/2022). arXiv:2206.07682."
    ),
    "brown": (
        "Brown, T. B., Mann, B., Ryder, N., Subbiah, M., Kaplan, J., Dhariwal, P., "
        "Neelakantan, A., Shyam, P., Sastry, G., Askell, A., Agarwal, S., Herbert-Voss, A., "
        "Krueger, G., Henighan, T., Child, R., Ramesh, A., Ziegler, D. M., Wu, J., Winter, C., "
        "Hesse, C., Chen, M., Sigler, E., Litwin, M., Gray, S., Chess, B., Clark, J., Berner, C., "
        "McCandlish, S., Radford, A., Sutskever, I., & Amodei, D. (2020). Language Models are "
        "Few-Shot Learners. Advances in Neural Information Processing Systems 33. "
        "arXiv:2005.14165."
    ),
    "cot": (
        "Wei, J., Wang, X., Schuurmans, D., Bosma, M., Ichter, B., Xia, F., Chi, E. H., Le, Q. V., "
        "& Zhou, D. (2022). Chain-of-Thought Prompting Elicits Reasoning in Large Language "
        "Models. Advances in Neural Information Processing Systems 35. arXiv:2201.11903."
    ),
    "palm": (
        "Chowdhery, A., Narang, S., Devlin, J., Bosma, M., Mishra, G., Roberts, A., Barham, P., "
        "Chung, H. W., Sutton, C., Gehrmann, S., et al. (2022). PaLM: Scaling Language Modeling "
        "with Pathways. arXiv:2204.02311 (Journal of Machine Learning Research 24, 2023)."
    ),
    "chinchilla": (
        "Hoffmann, J., Borgeaud, S., Mensch, A., Buchatskaya, E., Cai, T., Rutherford, E., "
        "de Las Casas, D., Hendricks, L. A., Welbl, J., Clark, A., et al. (2022). Training "
        "Compute-Optimal Large Language Models. Advances in Neural Information Processing "
        "Systems 35. arXiv:2203.15556."
    ),
    "hendrycks": (
        "Hendrycks, D., Burns, C., Basart, S., Zou, A., Mazeika, M., Song, D., & Steinhardt, J. "
        "(2021). Measuring Massive Multitask Language Understanding. International Conference "
        "on Learning Representations (ICLR 2021). arXiv:2009.03300."
    ),
    "chung": (
        "Chung, H. W., Hou, L., Longpre, S., Zoph, B., Tay, Y., Fedus, W., Li, Y., Wang, X., "
        "Dehghani, M., Brahma, S., et al. (2022). Scaling Instruction-Finetuned Language Models. "
        "arXiv:2210.11416."
    ),
    "bigbench": (
        "Srivastava, A., Rastogi, A., Rao, A., Shoeb, A. A. M., Abid, A., Fisch, A., Brown, A. R., "
        "Santoro, A., Gupta, A., Garriga-Alonso, A., et al. (2023). Beyond the Imitation Game: "
        "Quantifying and extrapolating the capabilities of language models. Transactions on "
        "Machine Learning Research. arXiv:2206.04615. Task files: PyPI bigbench==1.0.0."
    ),
    "ruan": (
        "Ruan, Y., Maddison, C. J., & Hashimoto, T. (2024). Observational Scaling Laws and the "
        "Predictability of Language Model Performance. arXiv:2405.10938. Data: "
        f"github.com/ryoungj/ObsScaling, commit {OBS_COMMIT}, folder eval_results/ (Apache-2.0)."
    ),
}

LICENCE_PAPERS = (
    "Numbers are facts reported in the cited papers; cite the papers when you use them. They "
    "were parsed from short verbatim excerpts of third-party conversions of the papers (see "
    "sources); check against the arXiv PDF before publishing."
)
LICENCE_DIGITIZED = (
    "Measurements made for this project from an image of the published figure (programmatic "
    "pixel digitization); they are readings of plotted points, not the authors' numbers. Cite "
    "Wei et al. (2022) for the figure."
)


# --------------------------------------------------------------------------------------------
# Number handling: keep the printed digits, never go through binary floats
# --------------------------------------------------------------------------------------------
_SUFFIX = {"K": 3, "M": 6, "B": 9, "T": 12}
_COUNT_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMBT])\s*$")


def sci(d: Decimal) -> str:
    """Write a Decimal in scientific notation keeping its digits (``Decimal('1.20E+22')`` ->
    ``'1.20e+22'``)."""
    if not d.is_finite():
        raise BuildError(f"non-finite number {d}")
    if d == 0:
        return "0"
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    while len(digits) > 1 and digits[0] == 0:  # e.g. Decimal('0.05') has no leading zeros, safe
        digits = digits[1:]
    e = exp + len(digits) - 1
    mant = str(digits[0])
    if len(digits) > 1:
        mant += "." + "".join(str(x) for x in digits[1:])
    return f"{'-' if sign else ''}{mant}e{e:+03d}"


def count(text: str, where: str) -> str:
    """``'175B'`` -> ``'1.75e+11'``; ``'8.63B'`` -> ``'8.63e+09'``; ``'1.4T'`` -> ``'1.4e+12'``.

    Empty text stays empty. Anything else is an error naming ``where``.
    """
    text = text.strip()
    if not text:
        return ""
    m = _COUNT_RE.match(text)
    if not m:
        raise BuildError(f"{where}: cannot parse count {text!r} (expected e.g. '175B', '125M')")
    return sci(Decimal(m.group(1)).scaleb(_SUFFIX[m.group(2)]))


def scaled(text: str, power: int, where: str) -> str:
    """Multiply a printed decimal by ``10**power`` exactly (unit conversion)."""
    text = text.strip()
    if not text:
        return ""
    try:
        d = Decimal(text)
    except InvalidOperation as exc:
        raise BuildError(f"{where}: not a number: {text!r}") from exc
    return sci(d.scaleb(power))


def flops(text: str, where: str) -> str:
    """``'3.1E+23'`` -> ``'3.1e+23'`` (printed digits kept)."""
    return scaled(text, 0, where)


def num(text: str, where: str) -> str:
    """Check that ``text`` is a finite number and return it as printed (stripped)."""
    text = text.strip()
    if not text:
        return ""
    try:
        value = float(text)
    except ValueError as exc:
        raise BuildError(f"{where}: not a number: {text!r}") from exc
    if not math.isfinite(value) or text.lower() in {"nan", "inf", "-inf", "infinity"}:
        raise BuildError(f"{where}: non-finite number {text!r}")
    return text


def fmt(x: float, digits: int = 3) -> str:
    """Format a computed float for notes."""
    return f"{x:.{digits}f}"


# --------------------------------------------------------------------------------------------
# Reading the sources
# --------------------------------------------------------------------------------------------
class SourceRow(dict):
    """One data row of a source table; knows its file and row number for error messages."""

    file: str
    row: int

    def at(self, column: str) -> str:
        """``'<file> data row <i>, column '<column>''`` (the address of one cell)."""
        return f"data/sources/{self.file} data row {self.row}, column {column!r}"

    def __missing__(self, column: str) -> str:
        raise BuildError(f"data/sources/{self.file} data row {self.row}: no column {column!r}")


def read_source(folder: Path, rel: str) -> list[SourceRow]:
    """Read ``folder / rel``, check its header against :data:`SOURCE_TABLES` and every row's
    length; each row remembers its file and 1-based data-row number.

    Raises
    ------
    BuildError
        The file is missing or empty, a column is missing or unexpected, or a row has the wrong
        number of fields (the message names the file, the row and the column).
    """
    path = folder / rel
    name = f"data/sources/{rel}"
    if not path.is_file():
        raise BuildError(f"{name}: source file is missing (looked for {path})")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not records[0]:
        raise BuildError(f"{name}: file is empty (no header)")
    header = records[0]
    expected = SOURCE_TABLES.get(rel, ())
    if expected:
        missing = [c for c in expected if c not in header]
        if missing:
            raise BuildError(f"{name}: column {missing[0]!r} is missing from the header "
                             f"(expected columns {list(expected)})")
        extra = [c for c in header if c not in expected]
        if extra:
            raise BuildError(f"{name}: unexpected column {extra[0]!r} in the header")
    if len(records) < 2:
        raise BuildError(f"{name}: no data rows (file truncated to its header?)")
    rows = []
    for i, rec in enumerate(records[1:], 1):
        if len(rec) != len(header):
            col = header[len(rec)] if len(rec) < len(header) else "(extra field)"
            raise BuildError(f"{name} data row {i}, column {col!r}: row has {len(rec)} fields, "
                             f"the header {len(header)}")
        r = SourceRow(zip(header, rec, strict=True))
        r.file, r.row = rel, i
        rows.append(r)
    return rows


# --------------------------------------------------------------------------------------------
# Dataset description
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    name: str
    dtype: str  # "str", "float", "int" or "bool"
    unit: str
    description: str
    required: bool = False
    positive: bool = False
    nonnegative: bool = False
    allowed: tuple[str, ...] = ()


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    citation: str
    licence: str
    sources: list[str]
    columns: list[Col]
    rows: list[dict[str, str]]
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


METHODS = ("published", "digitized", "derived")

_COMMON: dict[str, Col] = {c.name: c for c in [
    Col("model_family", "str", "", "model family, e.g. 'LaMDA', 'GPT-3', 'Gopher', 'Chinchilla', "
        "'PaLM'; 'Random' for random-baseline rows, 'reference' for human/random/forecast rows",
        required=True),
    Col("model", "str", "", "model name as the source prints it (e.g. 'GPT-3 175B'); empty "
        "when the source does not name the model"),
    Col("params", "float", "parameters", "number of parameters (a count, not billions); empty "
            "when unknown", positive=True),
    Col("train_tokens", "float", "tokens", "number of pre-training tokens (a count); empty when "
        "unknown", positive=True),
    Col("train_flops", "float", "FLOPs", "training compute in FLOPs (a count); empty when unknown "
        "and for baseline rows", positive=True),
    Col("task", "str", "", "task name as the source labels it", required=True),
    Col("metric", "str", "", "metric, e.g. 'accuracy', 'exact match', 'BLEU'", required=True),
    Col("shots", "str", "", "in-context examples: '0', '1', '2', '5', '8', ... or 'few' when the "
        "source says few-shot without a number here; empty when not stated"),
    Col("split", "str", "", "evaluation split as printed ('dev', 'test', ...); empty when not "
        "stated or not applicable"),
    Col("value", "float", "see unit", "the number, in `unit`", required=True),
    Col("unit", "str", "", "unit of `value`: 'percent' (0-100), 'fraction' (0-1), 'perplexity', "
        "'score' (0-100 BLEU), 'loss' ...", required=True),
    Col("method", "str", "", "'published' (printed in a paper/table/repository), 'digitized' "
        "(read from a figure image) or 'derived' (computed here; formula in `note`)",
        required=True, allowed=METHODS),
    Col("uncertainty", "float", "same as value", "1-sigma-like half-width of a digitized value "
        "(required for digitized rows, empty for published ones)", nonnegative=True),
    Col("flops_uncertainty_dex", "float", "dex", "uncertainty of log10(train_flops) for points "
        "read from a figure", nonnegative=True),
    Col("source", "str", "", "paper + table/figure, or repository + path + commit, and the name "
        "of the verbatim excerpt / file the number was parsed from", required=True),
    Col("note", "str", "", "anything a careful reader must know (mismatches, flags, formulas)"),
    Col("cross_check", "str", "", "how the value was cross-checked against another copy of the "
        "same table (empty: no second copy checked)"),
    Col("paper", "str", "", "paper the table belongs to", required=True),
    Col("table", "str", "", "table (or text section) of that paper", required=True),
    Col("shots_detail", "str", "", "shot setting exactly as printed (e.g. 'few (K=32)')"),
]}


#: The digitizer's own uncertainty, kept beside the calibrated one.
UNC_ORIG = Col("uncertainty_uncalibrated", "float", "same as value", "the digitizer's original "
               "uncertainty of the reading (half a marker radius or more, in the value's unit); "
               "`uncertainty` equals it except for clean markers (flag 'ok'), whose uncertainty "
               "is calibrated against published values (data/README.md)", required=True,
               nonnegative=True)


def col(name: str, **kw: object) -> Col:
    """A column from the shared schema, optionally with some fields replaced."""
    base = _COMMON[name]
    return Col(**{**base.__dict__, **kw})  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Normalisers
# --------------------------------------------------------------------------------------------
def norm_shots(text: str) -> str:
    """'few (K=32)' -> 'few'; '0' -> '0'; '8 (4 for AQuA)' -> '8'; '' -> ''."""
    t = text.strip()
    if not t:
        return ""
    if t.lower().startswith("few"):
        return "few"
    m = re.match(r"^(\d+)", t)
    if m:
        return m.group(1)
    raise BuildError(f"cannot normalise shots {text!r}")


_METRIC_MAP = {
    "acc (%)": ("accuracy", "percent"),
    "em (%)": ("exact match", "percent"),
    "f1 (%)": ("F1", "percent"),
    "accuracy (%)": ("accuracy", "percent"),
    "perplexity": ("perplexity", "perplexity"),
    "solve rate (%)": ("solve rate", "percent"),
    "acc / normalized score (%)": ("accuracy / normalized score", "percent"),
    "solve rate / accuracy (%)": ("accuracy", "percent"),
}


def norm_metric(text: str, where: str) -> tuple[str, str]:
    try:
        return _METRIC_MAP[text.strip()]
    except KeyError as exc:
        raise BuildError(f"{where}: unknown metric {text!r}") from exc


def join_notes(*parts: str) -> str:
    return "; ".join(p.strip() for p in parts if p and p.strip())


def cite_src(r: SourceRow) -> str:
    """The row's paper + table/figure followed by the source table it was read from."""
    return f"{r['source']}; data/sources/{r.file}"


# --------------------------------------------------------------------------------------------
# Model registry (used to identify digitized points and to attach scale columns)
# --------------------------------------------------------------------------------------------
@dataclass
class ModelInfo:
    family: str
    model: str
    params: str = ""  # count text, e.g. '1.75e+11'
    params_src: str = ""
    tokens: str = ""
    tokens_src: str = ""
    flops: list[tuple[str, str]] = field(default_factory=list)  # (count text, source label)


def build_registry(sh: Path) -> dict[str, ModelInfo]:
    reg: dict[str, ModelInfo] = {}
    tr = read_source(sh, "model_scales/model_papers.csv")
    fl = read_source(sh, "model_scales/chung2022_wei2022.csv")
    for r in tr:
        m = reg.setdefault(r["model"], ModelInfo(r["model_family"], r["model"]))
        label = f"{r['paper']} {r['table']}"
        if r["params"] and not m.params:
            m.params, m.params_src = count(r["params"], r.at("params")), label
        if r["train_tokens"] and not m.tokens:
            m.tokens, m.tokens_src = count(r["train_tokens"], r.at("train_tokens")), label
        if r["train_flops"]:
            m.flops.append((flops(r["train_flops"], r.at("train_flops")), label))
    for r in fl:
        m = reg.setdefault(r["model"], ModelInfo(r["model_family"], r["model"]))
        label = ("Wei et al. 2022 Table 1" if r["source"].startswith("Wei")
                 else "Chung et al. 2022 Table 2")
        if r["params"] and not m.params:
            m.params, m.params_src = count(r["params"], r.at("params")), label
        if r["train_tokens"] and not m.tokens:
            m.tokens, m.tokens_src = count(r["train_tokens"], r.at("train_tokens")), label
        if r["train_flops"]:
            m.flops.append((flops(r["train_flops"], r.at("train_flops")), label))
    return reg


#: Families drawn in Wei et al.'s figures and the models that can be identified by FLOPs.
#: "PaLM 62B (trained to 1325B tokens)" has no FLOPs and is never matched.
FIG_FAMILIES = ("LaMDA", "GPT-3", "Gopher", "Chinchilla", "PaLM")


#: Largest |log10 FLOPs| distance at which a digitized point is named after a published model.
MAX_IDENTIFY_DEX = 0.05


def identify(reg: dict[str, ModelInfo], family: str, log_flops: float,
             unc_dex: float) -> tuple[ModelInfo | None, str]:
    """Find the model of ``family`` whose published FLOPs lie within ``unc_dex`` of the point.

    The tolerance is also capped at ``MAX_IDENTIFY_DEX``: the same model's marker sits at the
    same x in every panel to within 0.017 dex (DIGITIZATION.md), so a point farther than that
    from a named model is another (unnamed) model of the family, even when its own x
    uncertainty is large (e.g. a mostly hidden marker).

    Returns (model, explanation) or (None, reason) when no or several models fit.
    """
    unc_dex = min(unc_dex, MAX_IDENTIFY_DEX)
    hits: list[tuple[float, ModelInfo, str, str]] = []
    for m in reg.values():
        if m.family != family or not m.flops:
            continue
        best = min(((abs(log_flops - math.log10(float(f))), f, src) for f, src in m.flops),
                   key=lambda t: t[0])
        if best[0] <= unc_dex:
            hits.append((best[0], m, best[1], best[2]))
    if len(hits) == 1:
        d, m, f, src = hits[0]
        return m, (f"model identified from the FLOPs: {m.model} ({src}: {f}; |delta log10| = "
                   f"{fmt(d)} dex <= x uncertainty {fmt(unc_dex)} dex)")
    if len(hits) > 1:
        names = ", ".join(h[1].model for h in hits)
        return None, f"FLOPs fit several models ({names}); model left empty"
    return None, ""


# --------------------------------------------------------------------------------------------
# Dataset builders
# --------------------------------------------------------------------------------------------
def build_wei_table1(sh: Path) -> Dataset:
    rows = []
    for r in read_source(sh, "wei2022_table1/table1.csv"):
        note = r["note"]
        if r["emergent_train_flops"] == "Many":
            family = model = params = fl = ""
            note = join_notes("Table 1 prints 'Many' for FLOPs, parameters and model "
                              "(see Wei et al. Appendix E)", note)
        else:
            family, params, fl = r["model"], count(r["emergent_params"], r.at("emergent_params")), \
                flops(r["emergent_train_flops"], r.at("emergent_train_flops"))
            model = f"{r['model']} {r['emergent_params']}"
        rows.append({
            "category": r["category"], "ability": r["ability"], "model_family": family,
            "model": model, "params": params, "train_flops": fl, "reference": r["reference"],
            "method": "published", "source": cite_src(r), "note": note,
        })
    return Dataset(
        "wei_table1", "Wei et al. (2022) Table 1: emergent abilities and the scale where they "
        "emerge",
        "Every ability listed in Table 1 with the training FLOPs and parameter count at which "
        "Wei et al. say it emerges, the model family and the reference they cite. `model` is the "
        "family plus the printed parameter label (e.g. 'GPT-3 13B').",
        CITE["wei"], LICENCE_PAPERS,
        ["Wei et al. 2022 (TMLR) Table 1: data/sources/wei2022_table1/table1.csv (how it was "
         "read: data/sources/wei2022_table1/README.md)"],
        [Col("category", "str", "", "'few-shot prompting' or 'augmented prompting' (the two "
             "halves of Table 1)", required=True,
             allowed=("few-shot prompting", "augmented prompting")),
         Col("ability", "str", "", "the emergent ability as printed", required=True),
         col("model_family", required=False, description="model family printed in Table 1; "
             "empty for the 'Many BIG-Bench tasks' row"),
         col("model", description="family + printed parameter label, e.g. 'GPT-3 13B'"),
         col("params", description="parameters at the emergent scale (count)"),
         col("train_flops", description="training FLOPs at the emergent scale, as printed "
             "(2 significant digits)"),
         Col("reference", "str", "", "the paper Wei et al. cite for the ability", required=True),
         col("method"), col("source"), col("note")],
        rows,
    )


# --------------------------------------------------------------------------------------------
# Calibration of the digitized uncertainties against published values
# --------------------------------------------------------------------------------------------
#: Fig. 2 panels whose points are compared with published values to calibrate the reading
#: precision (the cross-check points): G (MMLU) and H (WiC). Panel E is left out: its only
#: published value (Gopher 280B, Hoffmann et al. 2022 text, variant not named) is not from the
#: source Fig. 2E cites and does not say which variant Wei et al. plot.
CALIBRATION_PANELS = ("G", "H")
#: Smallest calibration error of an axis, in pixels (the digitizer's own floor).
CAL_FLOOR_PX = 0.1
#: Flag of a fully visible, separate marker: only these readings get the calibrated uncertainty.
CLEAN_FLAG = "ok"


@dataclass
class Axis:
    """Pixel calibration of one y axis of a digitized panel."""

    scale: str  # 'linear' or 'log10'
    px_per_unit: float  # pixels per unit of value (linear) or per dex (log10); signed
    tick_rms_px: float

    def px_per_value(self, y: float) -> float:
        """|d pixel / d value| at value ``y``."""
        if self.scale == "linear":
            return abs(self.px_per_unit)
        if y <= 0:
            raise BuildError(f"value {y} on a log axis")
        return abs(self.px_per_unit) / (y * math.log(10))


@dataclass
class Calibration:
    """The reading precision of clean markers, fitted to the cross-check points."""

    sigma_px: float
    points: list[dict[str, str]]
    axes: dict[tuple[str, str], Axis]

    def uncertainty(self, figure: str, panel: str, y: float, flag: str,
                    original: str) -> tuple[str, bool]:
        """(uncertainty text, calibrated?) of one reading.

        A clean marker (flag 'ok') gets sqrt(sigma_px^2 + cal^2) pixels converted to the value's
        unit at ``y``, with cal = max(CAL_FLOOR_PX, the panel's tick-fit rms). Every other reading
        (partly hidden, overlapping, occluded markers, dashed baselines) keeps the digitizer's
        original, conservative uncertainty: the cross-check points do not measure those cases.
        """
        if flag != CLEAN_FLAG:
            return original, False
        ax = self.axes[(figure, panel)]
        cal = max(CAL_FLOOR_PX, ax.tick_rms_px)
        unc = math.hypot(self.sigma_px, cal) / ax.px_per_value(y)
        return f"{unc:.3f}", True


def read_axes(sh: Path) -> dict[tuple[str, str], Axis]:
    axes = {}
    for r in read_source(sh, "wei2022_digitized/axis_calibration.csv"):
        if r["y_scale"] not in ("linear", "log10"):
            raise BuildError(f"{r.at('y_scale')}: expected 'linear' or 'log10', got "
                             f"{r['y_scale']!r}")
        axes[(r["figure"], r["panel"])] = Axis(
            r["y_scale"], float(num(r["y_pixels_per_unit"], r.at("y_pixels_per_unit"))),
            float(num(r["tick_rms_y_px"], r.at("tick_rms_y_px"))))
    return axes


def build_calibration(sh: Path, reg: dict[str, ModelInfo]) -> Calibration:
    """Residuals of the Fig. 2 readings of panels G and H against the published values of the
    same models; sigma_px = the largest |residual| in pixels (a conservative 1-sigma)."""
    axes = read_axes(sh)
    cands = _fig2_candidates(sh, reg)
    points: list[dict[str, str]] = []
    for r in read_source(sh, "wei2022_digitized/fig2.csv"):
        if r["panel"] not in CALIBRATION_PANELS or r["model_family"] == "Random":
            continue
        x = math.log10(float(num(r["train_flops"], r.at("train_flops"))))
        m, _ = identify(reg, r["model_family"], x, float(num(r["x_unc_dex"], r.at("x_unc_dex"))))
        if m is None:
            continue
        mine = [c for c in cands if c["panel"] == r["panel"] and c["model"] == m.model]
        if not mine:
            continue
        y = float(num(r["y"], r.at("y")))
        best = min(mine, key=lambda c: abs(float(c["value"]) - y))
        res = float(best["value"]) - y
        px = abs(res) * axes[("fig2", r["panel"])].px_per_value(y)
        points.append({"panel": r["panel"], "model": m.model, "flag": r["flag"],
                       "published": best["value"], "series": best["series"], "digitized": r["y"],
                       "residual": f"{res:.3f}", "residual_px": f"{px:.3f}",
                       "original_uncertainty": r["y_unc"]})
    if not points:
        raise BuildError("no cross-check points for the uncertainty calibration")
    sigma = max(float(p["residual_px"]) for p in points)
    return Calibration(sigma, points, axes)


def calibration_extra(cal: Calibration) -> dict[str, object]:
    px = sorted(float(p["residual_px"]) for p in cal.points)
    pp = sorted(abs(float(p["residual"])) for p in cal.points)
    return {
        "uncertainty_calibration": (
            "clean markers (flag 'ok'): uncertainty = sqrt(sigma_px^2 + cal_px^2) / |d pixel / d "
            "value|, sigma_px = largest |published - digitized| of the Fig. 2 G/H cross-check "
            f"points in pixels, cal_px = max({CAL_FLOOR_PX:g}, the panel's tick-fit rms); other "
            "flags keep the digitizer's original uncertainty (column uncertainty_uncalibrated)"),
        "calibration_points": len(px),
        "calibration_sigma_px": round(cal.sigma_px, 3),
        "calibration_median_abs_residual": round(statistics.median(pp), 4),
        "calibration_max_abs_residual": round(max(pp), 4),
    }



def _fig2_candidates(sh: Path, reg: dict[str, ModelInfo]) -> list[dict[str, str]]:
    """Published values that can stand for Fig. 2 points (panels E, G, H)."""
    out: list[dict[str, str]] = []

    def add(panel: str, r: dict[str, str], file: str, series_label: str) -> None:
        if r["model"] not in reg:
            return
        out.append({
            "panel": panel, "family": r["model_family"], "model": r["model"],
            "shots": norm_shots(r["shots"]), "split": r.get("split", "").replace("n/a", ""),
            "value": num(r["value"], r.at("value")), "source": cite_src(r),
            "series": series_label, "file": file, "cross_check": r.get("cross_check", ""),
        })

    def label(shots: str, extra: str) -> str:
        s = f"{shots}-shot" if shots.isdigit() else shots
        return f"{s}, {extra}" if extra else s

    # order matters for ties: the model's own paper first
    for r in read_source(sh, "hendrycks2021_mmlu/mmlu_quoted.csv"):
        if r["task"] == "MMLU (57-subject average)":
            add("G", r, "data/sources/" + r.file, label(r["shots"], r["source"].split(";")[0]))
    for r in read_source(sh, "hoffmann2022_chinchilla/published.csv"):
        if r["task"].startswith("MMLU") and r["model_family"] != "reference":
            add("G", r, "data/sources/" + r.file,
                label(r["shots"], "Hoffmann et al. 2022 Table 6"))
        elif r["task"] == "TruthfulQA":
            add("E", r, "data/sources/" + r.file,
                label(r["shots"], "Hoffmann et al. 2022 Sec. 4.2.5 text"))
    for r in read_source(sh, "chowdhery2022_palm/per_size.csv"):
        if r["task"] == "WiC":
            add("H", r, "data/sources/" + r.file, label(r["shots"], "Chowdhery et al. 2022 Table 40"))
        elif r["task"] == "MMLU Average" and r["table"] == "Table 6":
            add("G", r, "data/sources/" + r.file, label(r["shots"], "Chowdhery et al. 2022 Table 6"))
    for r in read_source(sh, "brown2020_gpt3/per_size.csv"):
        if r["task"] == "WiC":
            add("H", r, "data/sources/" + r.file,
                label(r["shots"], f"{r['split']}, Brown et al. 2020 Table H.1"))
    return out


def _series_rank(shots: str, split: str) -> tuple[int, int]:
    """Priority of a published series for a figure labelled 'few-shot' (lower = preferred)."""
    if shots == "few" or (shots.isdigit() and int(shots) >= 2):
        r = 0
    elif shots == "1":
        r = 1
    else:
        r = 2
    return (r, 0 if split in ("", "dev") else 1)


FIG2_PANELS = {
    # panel: (title on the figure, task, BIG-bench task)
    "A": ("Mod. arithmetic", "Modified arithmetic", "modified_arithmetic"),
    "B": ("IPA transliterate", "IPA transliterate",
          "international_phonetic_alphabet_transliterate"),
    "C": ("Word unscramble", "Word unscramble", "word_unscrambling"),
    "D": ("Persian QA", "Persian QA", "parsinlu_qa"),
    "E": ("TruthfulQA", "TruthfulQA", ""),
    "F": ("Grounded mappings", "Grounded conceptual mappings", ""),
    "G": ("Multi-task NLU", "MMLU (57-subject average)", ""),
    "H": ("Word in context", "WiC (Word in Context)", ""),
}


def _axis_metric(label: str) -> tuple[str, str]:
    """'Accuracy (%)' -> ('accuracy', 'percent'), 'BLEU (%)' -> ('BLEU', 'percent')."""
    m = re.match(r"^(.*?)\s*\(%\)$", label.strip())
    if not m:
        raise BuildError(f"unexpected axis label {label!r}")
    name = m.group(1)
    return (name if name.isupper() else name.lower()), "percent"


def _digitized_note(flag: str, value: str) -> str:
    notes = []
    if "x_fixed" in flag:
        notes.append("FLOPs not measured independently here: x fixed to the model's position "
                     "measured where its marker is clearly visible")
    if "mostly_hidden" in flag or "partly_hidden" in flag:
        notes.append("marker partly covered; uncertainty raised accordingly")
    if "only_vertex_tips" in flag:
        notes.append("only the triangle's vertex tips are visible: y weakly determined")
    if value.startswith("-"):
        notes.append("slightly below 0: measurement noise around 0")
    return join_notes(*notes)


def build_wei_fig2(sh: Path, reg: dict[str, ModelInfo],
                   cal: Calibration) -> tuple[Dataset, list[dict[str, str]]]:
    file = "wei2022_digitized/fig2.csv"
    dig = read_source(sh, file)
    cands = _fig2_candidates(sh, reg)
    k = AGREEMENT_FACTOR

    # 1. identify models
    points = []
    for r in dig:
        p = dict(r)
        p["_y"] = float(num(r["y"], r.at("y")))
        p["y_unc_orig"] = num(r["y_unc"], r.at("y_unc"))
        p["y_unc"], _ = cal.uncertainty("fig2", r["panel"], p["_y"], r["flag"], p["y_unc_orig"])
        p["_u"] = float(p["y_unc"])
        p["_model"], p["_idnote"] = None, ""
        if r["model_family"] != "Random":
            x = math.log10(float(num(r["train_flops"], r.at("train_flops"))))
            p["_model"], p["_idnote"] = identify(reg, r["model_family"], x,
                                                 float(num(r["x_unc_dex"], r.at("x_unc_dex"))))
        points.append(p)
    # a model may be identified only once per series
    seen: dict[tuple[str, str, str], int] = {}
    for p in points:
        if p["_model"] is not None:
            key = (p["panel"], p["model_family"], p["_model"].model)
            seen[key] = seen.get(key, 0) + 1
    for p in points:
        if p["_model"] is not None and seen[(p["panel"], p["model_family"],
                                             p["_model"].model)] > 1:
            p["_idnote"] = f"FLOPs fit {p['_model'].model} for two points; model left empty"
            p["_model"] = None

    def agrees(c: dict[str, str], p: dict) -> bool:
        return abs(float(c["value"]) - p["_y"]) <= k * p["_u"]

    # 2. choose, per panel and family, the published series that agrees with most points
    chosen: dict[tuple[str, str], tuple[str, str] | None] = {}
    groups = sorted({(p["panel"], p["model_family"]) for p in points})
    for panel, fam in groups:
        pts = [p for p in points if p["panel"] == panel and p["model_family"] == fam
               and p["_model"] is not None]
        series = sorted({(c["shots"], c["split"]) for c in cands
                         if c["panel"] == panel and c["family"] == fam},
                        key=lambda s: (_series_rank(*s), s))
        best, best_score = None, 0
        for s in series:
            score = sum(any(agrees(c, p) for c in cands
                            if c["panel"] == panel and c["model"] == p["_model"].model
                            and (c["shots"], c["split"]) == s) for p in pts)
            if score > best_score:
                best, best_score = s, score
        chosen[(panel, fam)] = best

    # 3. rows
    rows: list[dict[str, str]] = []
    status: list[dict[str, str]] = []
    for p in points:
        panel, fam = p["panel"], p["model_family"]
        title, task, bb = FIG2_PANELS[panel]
        metric, unit = _axis_metric(p["metric"])
        m: ModelInfo | None = p["_model"]
        dsrc = (f"Wei et al. 2022 (TMLR, arXiv 2206.07682) Fig. 2{panel}, digitized from "
                f"a screenshot of the figure; data/sources/{file} "
                f"(point_index {p['point_index']}; method in data/sources/wei2022_digitized/"
                "README.md)")
        row = {
            "panel": panel, "panel_title": title, "task": task, "bigbench_task": bb,
            "metric": metric, "unit": unit, "shots": "few", "split": "",
            "model_family": fam, "model": "", "params": "", "train_tokens": "",
            "train_flops": "", "flops_uncertainty_dex": "", "point_index": p["point_index"],
            "value": p["y"], "uncertainty": p["y_unc"], "method": "digitized",
            "digitized_value": p["y"], "digitized_uncertainty": p["y_unc"],
            "uncertainty_uncalibrated": p["y_unc_orig"], "flag": p["flag"],
            "source": dsrc, "note": "",
        }
        notes = [_digitized_note(p["flag"], p["y"])]
        st = {"panel": panel, "family": fam, "point_index": p["point_index"],
              "model": "", "status": "digitized", "detail": ""}
        if fam == "Random":
            notes.append("random baseline: centre line of the dashed line")
            st["status"] = "baseline"
        else:
            row["train_flops"] = flops(p["train_flops"], file)
            row["flops_uncertainty_dex"] = p["x_unc_dex"]
        if m is not None:
            row.update(model=m.model, params=m.params, train_tokens=m.tokens)
            src = " and ".join(sorted({s for s in (m.params_src, m.tokens_src) if s}))
            notes.append(p["_idnote"] + (f"; params/tokens from {src}" if src else ""))
            st["model"] = m.model
            mine = [c for c in cands if c["panel"] == panel and c["model"] == m.model]
            sel = chosen.get((panel, fam))
            pick = None
            if mine:
                in_sel = [c for c in mine if (c["shots"], c["split"]) == sel and agrees(c, p)]
                others = sorted((c for c in mine if agrees(c, p)),
                                key=lambda c: (_series_rank(c["shots"], c["split"]),
                                               abs(float(c["value"]) - p["_y"])))
                if in_sel:
                    pick = min(in_sel, key=lambda c: abs(float(c["value"]) - p["_y"]))
                elif others:
                    pick = others[0]
                    notes.append("the family's best-matching series does not agree at this "
                                 "point; another published series does")

                def describe(c: dict[str, str], p: dict = p) -> str:
                    d = abs(float(c["value"]) - p["_y"])
                    ok = agrees(c, p)
                    return (f"{c['series']} value {c['value']} ({c['file']}) "
                            f"{'agrees' if ok else 'disagrees'}: |published - digitized| = "
                            f"{fmt(d, 2)} {'<=' if ok else '>'} {k:g} x {p['y_unc']}")

                if pick is not None:
                    row.update(value=pick["value"], uncertainty="", method="published",
                               shots=pick["shots"], split=pick["split"],
                               source=f"{pick['source']} | digitized reading: {dsrc}")
                    notes.insert(0, f"published value ({pick['series']}, {pick['file']}) "
                                 f"replaces the digitized reading {p['y']} +/- {p['y_unc']} "
                                 f"(|diff| = {fmt(abs(float(pick['value']) - p['_y']), 2)} <= "
                                 f"{k:g} x uncertainty)")
                    if pick["shots"] in ("0", "1"):
                        notes.append(f"Wei et al. label Fig. 2 few-shot, but this point matches "
                                     f"the {pick['shots']}-shot series of the source")
                    rest = [describe(c) for c in mine if c is not pick]
                    if rest:
                        notes.append("other published values for this point: "
                                     + " | ".join(rest))
                    if pick["cross_check"]:
                        notes.append(f"cross-check: {pick['cross_check']}")
                    st["status"], st["detail"] = "published", f"{pick['series']} = {pick['value']}"
                else:
                    row["flag"] = join_notes(row["flag"], "published_mismatch")
                    notes.insert(0, "published_mismatch: no published value agrees with the "
                                 "digitized reading; digitized value kept. Published: "
                                 + " | ".join(describe(c) for c in mine))
                    st["status"] = "mismatch"
                    st["detail"] = "; ".join(f"{c['series']} = {c['value']}" for c in mine)
        elif p["_idnote"]:
            notes.append(p["_idnote"])
        row["note"] = join_notes(*notes)
        rows.append(row)
        status.append(st)

    cols = [
        Col("panel", "str", "", "panel letter of Wei et al. Fig. 2 (A-H)", required=True,
            allowed=tuple("ABCDEFGH")),
        Col("panel_title", "str", "", "panel title as printed on the figure", required=True),
        col("task", description="benchmark of the panel"),
        Col("bigbench_task", "str", "", "BIG-bench task name for panels A-D (join with "
            "bigbench_tasks); empty otherwise"),
        col("metric", description="y-axis metric of the panel ('accuracy', 'BLEU', 'exact "
            "match')"),
        col("unit"),
        col("shots", description="'few' for digitized points (Wei et al. label the figure "
            "few-shot); for published rows the shot count of the matching published series"),
        col("split", description="split of the matching published series ('dev', 'test "
            "(175B test server)'); empty for digitized points"),
        col("model_family"),
        col("model", description="model identified from its published FLOPs (see note); empty "
            "when the FLOPs do not identify one model of the family"),
        col("params", description="parameters of the identified model (count)"),
        col("train_tokens", description="pre-training tokens of the identified model (count), "
            "when published"),
        col("train_flops", description="x position of the point read from the figure (FLOPs); "
            "empty for Random rows. Join on `model` with model_scales for the model's "
            "published FLOPs"),
        col("flops_uncertainty_dex"),
        Col("point_index", "int", "", "0-based order of the visible points of this series in "
            "this panel by increasing FLOPs (not a model id)", required=True, nonnegative=True),
        col("value", description="published value where one agrees with the digitized point, "
            "otherwise the digitized reading"),
        col("uncertainty"),
        col("method"),
        Col("digitized_value", "float", "same as value", "the reading from the figure (all "
            "rows)", required=True),
        Col("digitized_uncertainty", "float", "same as value", "uncertainty of the reading "
            "(all rows), calibrated for clean markers (see uncertainty_uncalibrated)",
            required=True, nonnegative=True),
        UNC_ORIG,
        Col("flag", "str", "", "digitization flags (DIGITIZATION.md vocabulary: ok, "
            "overlaps_same_colour_marker, occluded_by_other_series, partly_hidden(N%_visible), "
            "mostly_hidden(N%_visible), x_fixed_from_other_panels, dashed_line_centroid) plus "
            "'published_mismatch' when published values exist but none agrees", required=True),
        col("source"), col("note"),
    ]
    ds = Dataset(
        "wei_fig2", "Wei et al. (2022) Fig. 2: eight few-shot tasks vs training FLOPs",
        "Panels A-H of Fig. 2 (modified arithmetic, IPA transliterate, word unscramble, Persian "
        "QA, TruthfulQA, grounded conceptual mappings, MMLU, WiC): every visible point read from "
        "the figure image, with uncertainty and flags, plus the Random baseline of each panel "
        "(model_family 'Random', empty train_flops). Where a published value exists for the same "
        "model (identified by its published FLOPs within the point's x uncertainty, at most "
        "0.05 dex) and agrees "
        f"with the reading within {AGREEMENT_FACTOR:g} x its uncertainty, the published value "
        "is used (method 'published', the reading kept in digitized_value). Per panel and family "
        "the published series (shot count / split) that agrees with the most points is used; "
        "ties go to the few-shot series. Points that are not visible in the image are absent "
        "(see data/README.md).",
        CITE["wei"], LICENCE_DIGITIZED + " Published values: " + LICENCE_PAPERS,
        ["Wei et al. 2022 Fig. 2, digitized: data/sources/wei2022_digitized/fig2.csv "
         "(method and uncertainty calibration: data/sources/wei2022_digitized/README.md)",
         "GPT-3 WiC: Brown et al. 2020 Table H.1 (data/sources/brown2020_gpt3/per_size.csv); "
         "model FLOPs: Table D.1",
         "PaLM WiC and MMLU: Chowdhery et al. 2022 Tables 6 and 40 "
         "(data/sources/chowdhery2022_palm/per_size.csv)",
         "MMLU: Hendrycks et al. 2021 via Papers-with-Code and the hendrycks/test README, "
         "Chinchilla abstract (data/sources/hendrycks2021_mmlu/mmlu_quoted.csv); Hoffmann et al. "
         "2022 Table 6 (data/sources/hoffmann2022_chinchilla/published.csv)",
         "TruthfulQA Gopher 280B: Hoffmann et al. 2022 Sec. 4.2.5 text",
         "Model identification: data/sources/model_scales/model_papers.csv, "
         "data/sources/model_scales/chung2022_wei2022.csv"],
        cols, rows, extra={"agreement_factor": AGREEMENT_FACTOR, **calibration_extra(cal)},
    )
    return ds, status


LOSS_PANELS = {
    "mod_arith_err": ("Modified arithmetic", "modified_arithmetic"),
    "ipa_err": ("IPA transliterate", "international_phonetic_alphabet_transliterate"),
    "unscramble_err": ("Word unscramble", "word_unscrambling"),
    "mod_arith_ce": ("Modified arithmetic", "modified_arithmetic"),
    "ipa_ce": ("IPA transliterate", "international_phonetic_alphabet_transliterate"),
    "unscramble_ce": ("Word unscramble", "word_unscrambling"),
}


def ipa_bleu_check(loss_rows: list[dict[str, str]],
                   fig2_rows: list[dict[str, str]]) -> list[tuple[str, float, float, float]]:
    """Pair each IPA T=0 'error rate' reading with the Fig. 2B BLEU reading of the same LaMDA
    model (x within MAX_IDENTIFY_DEX): (log10 FLOPs, 100 - error reading, BLEU reading,
    difference)."""
    bleu = [(math.log10(float(r["train_flops"])), float(r["digitized_value"])) for r in fig2_rows
            if r["panel"] == "B" and r["model_family"] == "LaMDA"]
    out = []
    for r in loss_rows:
        if r["panel"] != "ipa_err" or r["quantity"] != "error_rate_T0":
            continue
        x = math.log10(float(r["train_flops"]))
        bx, by = min(bleu, key=lambda b: abs(b[0] - x))
        if abs(bx - x) <= MAX_IDENTIFY_DEX:
            out.append((x, 100 - float(r["value"]), by, 100 - float(r["value"]) - by))
    return out


#: IPA transliterate is scored with BLEU; its 'error rate' in the loss figure is 100 - BLEU.
IPA_METRIC = {"error_rate_T0": "100 - BLEU at T=0", "error_rate_T1": "100 - BLEU at T=1",
              "error_rate_random_baseline": "100 - BLEU"}
IPA_UNIT = "BLEU points"


def build_wei_loss(sh: Path, reg: dict[str, ModelInfo], cal: Calibration,
                   fig2_rows: list[dict[str, str]]) -> Dataset:
    file = "wei2022_digitized/loss_figure.csv"
    rows = []
    for r in read_source(sh, file):
        task, bb = LOSS_PANELS[r["panel"]]
        q = r["quantity"]
        temp = {"error_rate_T0": "0", "error_rate_T1": "1"}.get(q, "")
        unit = "loss" if q == "cross_entropy_loss" else "percent"
        metric = r["metric"].replace(" (%)", "").strip()
        metric = metric[0].lower() + metric[1:]
        if r["panel"] == "ipa_err":
            metric, unit = IPA_METRIC[q], IPA_UNIT
        y_unc = num(r["y_unc"], r.at("y_unc"))
        unc, _ = cal.uncertainty("loss_figure", r["panel"], float(num(r["y"], r.at("y"))),
                                 r["flag"], y_unc)
        row = {
            "panel": r["panel"], "task": task, "bigbench_task": bb, "quantity": q,
            "temperature": temp, "metric": metric, "unit": unit,
            "model_family": r["model_family"], "model": "", "params": "", "train_flops": "",
            "flops_uncertainty_dex": "", "point_index": r["point_index"],
            "value": num(r["y"], r.at("y")), "uncertainty": unc,
            "uncertainty_uncalibrated": y_unc, "method": "digitized", "flag": r["flag"],
            "source": (f"Wei et al. 2022 (TMLR) figure of error rate and cross-entropy loss vs "
                       f"training FLOPs (figure number not verified; panel {r['panel']}), "
                       f"digitized from a screenshot of the figure; data/sources/{file} "
                       f"(point_index {r['point_index']})"),
            "note": "",
        }
        notes = [_digitized_note(r["flag"], r["y"])]
        if r["model_family"] == "Random":
            notes.append("random baseline: centre line of the dashed line (error rate of a "
                         "model that is never right)")
        else:
            row["train_flops"] = flops(r["train_flops"], r.at("train_flops"))
            row["flops_uncertainty_dex"] = num(r["x_unc_dex"], r.at("x_unc_dex"))
            m, why = identify(reg, r["model_family"], math.log10(float(r["train_flops"])),
                              float(r["x_unc_dex"]))
            if m is not None:
                row.update(model=m.model, params=m.params)
            if why:
                notes.append(why)
        row["_notes"] = notes
        rows.append(row)
    check = ipa_bleu_check(rows, fig2_rows)
    worst = max(abs(c[3]) for c in check)
    ipa_note = (
        "IPA transliterate is scored with BLEU (BIG-bench's preferred metric for the task; Fig. 2B "
        "plots BLEU), so this panel's 'error rate' is 100 - BLEU, not 100 - accuracy: the T=0 "
        f"series equals 100 minus the Fig. 2B BLEU readings of the same {len(check)} LaMDA models "
        f"within {worst:.2f} BLEU points (data/README.md); the T=1 series, on the same axis, is "
        "read the same way (100 - BLEU of temperature-1 samples)")
    for row in rows:
        notes = row.pop("_notes")
        if row["panel"] == "ipa_err":
            notes.append(ipa_note)
        row["note"] = join_notes(*notes)
    cols = [
        Col("panel", "str", "", "panel of the figure: *_err = top row (error rate), *_ce = "
            "bottom row (cross-entropy loss)", required=True, allowed=tuple(LOSS_PANELS)),
        col("task"),
        Col("bigbench_task", "str", "", "BIG-bench task name", required=True),
        Col("quantity", "str", "", "'error_rate_T0', 'error_rate_T1' (sampling temperature 0 "
            "or 1), 'cross_entropy_loss', 'error_rate_random_baseline'", required=True,
            allowed=("error_rate_T0", "error_rate_T1", "cross_entropy_loss",
                     "error_rate_random_baseline")),
        Col("temperature", "float", "", "sampling temperature of an error-rate series; empty "
            "for loss and baseline rows", nonnegative=True),
        col("metric", description="the quantity as labelled on the figure ('error rate at T=0', "
            "'error rate at T=1', 'error rate', 'cross-entropy loss'), except IPA transliterate, "
            "whose 'error rate' is 100 - BLEU: '100 - BLEU at T=0', '100 - BLEU at T=1', "
            "'100 - BLEU' (baseline)"),
        col("unit", description="'percent' for error rates; 'BLEU points' for the IPA "
            "transliterate rows (100 - BLEU, 0-100 scale); 'loss' for cross-entropy (the figure "
            "does not state the log base)"),
        col("model_family"),
        col("model", description="model identified from Wei et al. Table 1 FLOPs (see note)"),
        col("params"),
        col("train_flops", description="x position read from the figure (FLOPs); empty for "
            "Random rows"),
        col("flops_uncertainty_dex"),
        Col("point_index", "int", "", "0-based order of the visible points of the series by "
            "increasing FLOPs", required=True, nonnegative=True),
        col("value"), col("uncertainty", required=True), UNC_ORIG, col("method"),
        Col("flag", "str", "", "digitization flags (data/sources/wei2022_digitized/README.md)",
            required=True),
        col("source"), col("note"),
    ]
    return Dataset(
        "wei_loss", "Wei et al. (2022) error rate and cross-entropy loss vs training FLOPs "
        "(LaMDA)",
        "The figure that shows, for modified arithmetic, IPA transliterate and word unscramble "
        "(LaMDA models), the error rate at sampling temperature 0 and 1 (top row) and the "
        "cross-entropy loss (bottom row) against training FLOPs, with the random-baseline error "
        "rate. All values are digitized. The 11 LaMDA points are the 2nd to 12th LaMDA models "
        "of Fig. 2. Top-left and top-middle error-rate axes are logarithmic in the figure. "
        "IPA transliterate is scored with BLEU: its 'error rate' rows are 100 - BLEU (metric "
        "'100 - BLEU at T=0' / '100 - BLEU at T=1', unit 'BLEU points'); the T=0 series equals "
        f"100 minus the Fig. 2B BLEU readings within {worst:.2f} BLEU points.",
        CITE["wei"], LICENCE_DIGITIZED,
        ["Wei et al. 2022 figure of error rate and cross-entropy loss vs training FLOPs (figure "
         "number not verified), digitized: "
         "data/sources/wei2022_digitized/loss_figure.csv (method and uncertainty calibration: "
         "data/sources/wei2022_digitized/README.md)"],
        cols, rows, extra=calibration_extra(cal),
    )


APPF_PANELS = {
    "A": ("Modified arithmetic", "modified_arithmetic"),
    "B": ("IPA transliterate", "international_phonetic_alphabet_transliterate"),
    "C": ("Periodic elements", "periodic_elements"),
}
APPF_METRICS = ("Exact match", "ROUGE1", "ROUGE2", "ROUGE L-Sum", "BLEURT", "BLEU",
                "Sequence F1", "Multiple choice grade")


def build_wei_appendix_f(sh: Path, reg: dict[str, ModelInfo], cal: Calibration) -> Dataset:
    file = "wei2022_digitized/appendix_f.csv"
    rows = []
    for r in read_source(sh, file):
        task, bb = APPF_PANELS[r["panel"]]
        metric = r["metric"].replace(" (%)", "").strip()
        if metric not in APPF_METRICS:
            raise BuildError(f"{r.at('metric')}: unknown App. F metric {metric!r}")
        y_unc = num(r["y_unc"], r.at("y_unc"))
        unc, _ = cal.uncertainty("appendix_f", r["panel"], float(num(r["y"], r.at("y"))),
                                 r["flag"], y_unc)
        row = {
            "panel": r["panel"], "task": task, "bigbench_task": bb, "metric": metric,
            "unit": "percent", "model_family": r["model_family"], "model": "", "params": "",
            "train_flops": flops(r["train_flops"], r.at("train_flops")),
            "flops_uncertainty_dex": num(r["x_unc_dex"], r.at("x_unc_dex")),
            "point_index": r["point_index"], "value": num(r["y"], r.at("y")),
            "uncertainty": unc, "uncertainty_uncalibrated": y_unc, "method": "digitized",
            "flag": r["flag"],
            "source": (f"Wei et al. 2022 (TMLR) Appendix F partial-credit figure, panel "
                       f"{r['panel']}, digitized from a screenshot of the figure; "
                       f"data/sources/{file} "
                       f"(point_index {r['point_index']})"),
        }
        notes = [_digitized_note(r["flag"], r["y"])]
        m, why = identify(reg, r["model_family"], math.log10(float(r["train_flops"])),
                          float(r["x_unc_dex"]))
        if m is not None:
            row.update(model=m.model, params=m.params)
        if why:
            notes.append(why)
        row["note"] = join_notes(*notes)
        rows.append(row)
    cols = [
        Col("panel", "str", "", "panel of the Appendix F figure (A, B, C)", required=True,
            allowed=tuple(APPF_PANELS)),
        col("task"), Col("bigbench_task", "str", "", "BIG-bench task name", required=True),
        col("metric", description="the partial-credit metric (series) as in the legend",
            allowed=APPF_METRICS),
        col("unit"), col("model_family"),
        col("model", description="model identified from Wei et al. Table 1 FLOPs (see note)"),
        col("params"),
        col("train_flops", required=True, description="x position read from the figure"),
        col("flops_uncertainty_dex", required=True),
        Col("point_index", "int", "", "0-based order of the visible points of the series by "
            "increasing FLOPs (hidden points are absent, so it is not a model id)",
            required=True, nonnegative=True),
        col("value"), col("uncertainty", required=True), UNC_ORIG, col("method"),
        Col("flag", "str", "", "digitization flags (data/sources/wei2022_digitized/README.md)",
            required=True),
        col("source"), col("note"),
    ]
    return Dataset(
        "wei_appendix_f", "Wei et al. (2022) Appendix F: partial-credit metrics vs training "
        "FLOPs (LaMDA)",
        "Modified arithmetic, IPA transliterate and periodic elements scored with exact match, "
        "ROUGE-1/2/L-Sum, BLEURT, BLEU, sequence F1 and multiple-choice grade for the LaMDA "
        "models, digitized. Near 0 many markers hide each other; the series and models that "
        "are not visible are absent and listed in data/README.md.",
        CITE["wei"], LICENCE_DIGITIZED,
        ["Wei et al. 2022 Appendix F figure, digitized: "
         "data/sources/wei2022_digitized/appendix_f.csv (method and uncertainty calibration: "
         "data/sources/wei2022_digitized/README.md)"],
        cols, rows, extra=calibration_extra(cal),
    )


_ENGINES = {  # CoT paper Sec. 3.1
    "GPT 350M": "text-ada-001", "GPT 1.3B": "text-babbage-001", "GPT 6.7B": "text-curie-001",
    "GPT-3 175B (text-davinci-002)": "text-davinci-002",
    "Codex (code-davinci-002)": "code-davinci-002",
}
_ARITH = {"GSM8K", "SVAMP", "ASDiv", "MAWPS", "MAWPS SingleOp", "MAWPS SingleEq",
          "MAWPS AddSub", "MAWPS MultiArith"}
_PRIOR_REFS = {"a": "Cobbe et al. (2021)", "b": "Pi et al. (2022)", "c": "Lan et al. (2021)",
               "d": "Piękos et al. (2021)", "e": "Pi et al. (2022)"}


def _prompting(note: str) -> tuple[str, str]:
    """Split a CoT note into (prompting, rest)."""
    for prefix, label in (("chain-of-thought + external calculator",
                           "chain of thought + external calculator"),
                          ("chain-of-thought prompting", "chain of thought"),
                          ("standard prompting", "standard")):
        if note.startswith(prefix):
            return label, note[len(prefix):].lstrip("; ").strip()
    raise BuildError(f"cannot parse prompting from note {note!r}")


def build_chain_of_thought(sh: Path) -> Dataset:
    rows = []
    for r in read_source(sh, "wei2022b_cot/appendix_b_tables.csv"):
        prompting, rest = _prompting(r["note"])
        family = r["model_family"]
        notes = [rest]
        if family == "GPT-3":
            family = "InstructGPT"
            if "text-davinci" in r["model"]:
                notes.append("OpenAI API engine text-davinci-002, which the CoT paper (Sec. 3.1) "
                             "says presumably corresponds to a 175B InstructGPT model - not the "
                             "original GPT-3 175B of Brown et al. 2020")
        if r["task"] in _ARITH:
            shots = "8"
        elif r["task"] == "AQuA":
            shots = "4"
        else:
            shots = "few"
            notes.append("exemplar count for this task not given in the excerpt")
        metric, unit = norm_metric(r["metric"], r.at("metric"))
        rows.append({
            "table": r["table"], "model_family": family, "model": r["model"],
            "engine": _ENGINES.get(r["model"], ""), "params": count(r["params"], r.at("params")),
            "task": r["task"], "metric": metric, "shots": shots, "prompting": prompting,
            "value": num(r["value"], r.at("value")), "unit": unit, "method": "published",
            "cross_check": r["cross_check"], "source": cite_src(r),
            "note": join_notes(*notes),
        })
    for r in read_source(sh, "wei2022b_cot/table1_and_figure2.csv"):
        if r["model"] == "prior best (finetuning)":
            letter = r["note"].strip()[-1]
            rows.append({
                "table": "Table 1", "model_family": "prior best", "model": r["model"],
                "engine": "", "params": "", "task": r["task"], "metric": "accuracy",
                "shots": "", "prompting": "finetuned (prior best)",
                "value": num(r["value"], r.at("value")), "unit": "percent", "method": "published",
                "cross_check": "", "source": cite_src(r),
                "note": join_notes(r["note"], f"footnote {letter}: {_PRIOR_REFS[letter]} "
                                   "(per the Table 1 caption)"),
            })
        elif r["model"] == "Finetuned GPT-3 175B":
            rows.append({
                "table": "Figure 2", "model_family": "GPT-3", "model": r["model"], "engine": "",
                "params": count(r["params"], r.at("params")),
                "task": r["task"], "metric": "solve rate", "shots": "",
                "prompting": "finetuned + verifier", "value": num(r["value"], r.at("value")),
                "unit": "percent", "method": "published", "cross_check": "",
                "source": cite_src(r),
                "note": join_notes(r["note"], "finetuned GPT-3 175B with a verifier "
                                   "(Cobbe et al. 2021), as a bar of CoT Figure 2"),
            })
    cols = [
        col("table", description="table of Wei et al. 2022b Appendix B (Tables 1-5) or "
            "'Figure 2' (bar label)"),
        col("model_family", description="'UL2', 'LaMDA', 'InstructGPT' (the paper's 'GPT' "
            "rows are OpenAI API engines text-ada/babbage/curie-001 and text-davinci-002), "
            "'Codex', 'PaLM', 'GPT-3' (finetuned baseline), 'prior best'"),
        col("model", description="model as printed in the table"),
        Col("engine", "str", "", "OpenAI API engine behind the row (CoT paper Sec. 3.1); "
            "empty for other models"),
        col("params", description="parameters as printed (count); for the API engines the "
            "sizes the CoT paper says they 'presumably' have"),
        col("task"), col("metric"),
        col("shots", description="exemplars in the prompt: 8 for the arithmetic benchmarks, "
            "4 for AQuA (CoT Sec. 3.1); 'few' where the excerpt does not give the count"),
        Col("prompting", "str", "", "'standard', 'chain of thought', 'chain of thought + "
            "external calculator', 'finetuned (prior best)', 'finetuned + verifier'",
            required=True, allowed=("standard", "chain of thought",
                                    "chain of thought + external calculator",
                                    "finetuned (prior best)", "finetuned + verifier")),
        col("value"), col("unit"), col("method"), col("cross_check"), col("source"),
        col("note"),
    ]
    return Dataset(
        "chain_of_thought", "Chain-of-thought vs standard prompting by model size (Wei et al. "
        "2022b)",
        "All per-size results of Appendix B Tables 1-5 of the chain-of-thought paper (UL2, "
        "LaMDA 420M-137B, InstructGPT API engines, Codex, PaLM 8B-540B; arithmetic, "
        "commonsense and symbolic tasks), plus the finetuned prior-best rows of Table 1 and the "
        "finetuned GPT-3 bar of CoT Figure 2. Tables 1 and 2 overlap for the largest models "
        "(same numbers): filter on `table` to avoid counting them twice. Not taken from "
        "data/sources/wei2022b_cot/table1_and_figure2.csv: its UL2/LaMDA/GPT-3/Codex rows (the same numbers "
        "are in Table 1 here) and the rounded CoT Figure 2 bar labels for PaLM 540B (18, 57) and "
        "the prior best (55), which duplicate table values.",
        CITE["cot"], LICENCE_PAPERS,
        ["Wei et al. 2022b Appendix B Tables 1-5 (PDF text layer; Table 2 checked against an "
         "independent HTML conversion): "
         "data/sources/wei2022b_cot/appendix_b_tables.csv",
         "Prior-best row of Table 1 and CoT Figure 2 bar labels: "
         "data/sources/wei2022b_cot/table1_and_figure2.csv"],
        cols, rows,
    )


MMLU_SUBSETS = {
    "MMLU (57-subject average)": "average", "MMLU (57-task average)": "average",
    "MMLU Average": "average", "MMLU Humanities": "Humanities", "MMLU STEM": "STEM",
    "MMLU Social Science": "Social Sciences", "MMLU Social Sciences": "Social Sciences",
    "MMLU Other": "Other",
}


def _attach_scale(reg: dict[str, ModelInfo], model: str) -> tuple[str, str, str, str]:
    """(params, tokens, flops, scale_source) of a model from the registry (model's own paper
    first, then Wei Table 1)."""
    m = reg.get(model)
    if m is None:
        return "", "", "", ""
    fl, fsrc = "", ""
    if m.flops:
        own = [f for f in m.flops if not f[1].startswith(("Wei", "Chung"))]
        fl, fsrc = (own or m.flops)[0]
    by_src: dict[str, list[str]] = {}
    for label, src in (("params", m.params_src), ("tokens", m.tokens_src), ("FLOPs", fsrc)):
        if src:
            by_src.setdefault(src, []).append(label)
    return m.params, m.tokens, fl, "; ".join(f"{', '.join(v)}: {k}" for k, v in by_src.items())


def build_mmlu(sh: Path, reg: dict[str, ModelInfo]) -> Dataset:
    rows: list[dict[str, str]] = []
    seen: dict[tuple[str, str, str, str], dict[str, str]] = {}

    def add(family: str, model: str, subset: str, shots: str, value: str, paper: str,
            source: str, note: str) -> None:
        key = (paper, model, subset, shots)
        if key in seen:  # same model + shots + subset from the same paper
            prev = seen[key]
            if prev["value"] == value:
                prev["note"] = join_notes(prev["note"], f"also printed as {value} in: {source}")
                return
            note = join_notes(note, f"the same paper also gives {prev['value']} "
                              f"({prev['source']})")
            prev["note"] = join_notes(prev["note"], f"the same paper also gives {value} "
                                      f"({source})")
        params, tokens, fl, ssrc = _attach_scale(reg, model) if family != "reference" else \
            ("", "", "", "")
        row = {"model_family": family, "model": model, "params": params,
               "train_tokens": tokens, "train_flops": fl, "scale_source": ssrc,
               "task": "MMLU", "subset": subset, "shots": shots, "value": value,
               "unit": "percent", "method": "published", "paper": paper, "source": source,
               "note": note}
        rows.append(row)
        seen.setdefault(key, row)

    for r in read_source(sh, "hendrycks2021_mmlu/mmlu_quoted.csv"):
        model, note = r["model"], r["note"]
        if model.startswith("GPT-3 (few-shot"):
            model = "GPT-3 175B"
            note = join_notes("README row 'GPT-3 (few-shot)'; its size (175B) and 5-shot "
                              "setting follow from the equal 43.9 average of the Papers-with-"
                              "Code listing of the same paper", note)
        note = re.sub(r"train_flops from Wei Table 1 \(emergent-scale column\);?\s*", "", note)
        paper = "Hoffmann et al. 2022" if r["model_family"] == "Chinchilla" else \
            "Hendrycks et al. 2021"
        add(r["model_family"], model, MMLU_SUBSETS[r["task"]], norm_shots(r["shots"]),
            num(r["value"], r.at("value")), paper, cite_src(r), note)
    baselines = {r["random_baseline"] for r in read_source(sh, "hendrycks2021_mmlu/mmlu_quoted.csv")}
    if len(baselines) != 1:
        raise BuildError(f"fig2G_mmlu_published.csv: several random baselines {baselines}")
    add("reference", "Random", "average", "", num(baselines.pop(), "fig2G random_baseline"),
        "Hendrycks et al. 2021",
        "github hendrycks/test README.md @055448fdb0cb9128f3afe2cd9d53d40e16f04442 "
        "('Random Baseline' row); data/sources/hendrycks2021_mmlu/mmlu_quoted.csv "
        "(column random_baseline)", "")
    for r in read_source(sh, "hoffmann2022_chinchilla/published.csv"):
        if not r["task"].startswith("MMLU"):
            continue
        add(r["model_family"], r["model"], MMLU_SUBSETS[r["task"]], norm_shots(r["shots"]),
            num(r["value"], r.at("value")),
            "Hoffmann et al. 2022", cite_src(r), r["note"])
    for r in read_source(sh, "chowdhery2022_palm/per_size.csv"):
        if not r["task"].startswith("MMLU"):
            continue
        add(r["model_family"], r["model"], MMLU_SUBSETS[r["task"]], norm_shots(r["shots"]),
            num(r["value"], r.at("value")), "Chowdhery et al. 2022",
            cite_src(r), r["note"])
    cols = [
        col("model_family"), col("model"),
        col("params", description="parameters (count), attached from the model's paper "
            "(see scale_source)"),
        col("train_tokens", description="pre-training tokens (count), see scale_source"),
        col("train_flops", description="training FLOPs, see scale_source (GPT-3: Table D.1; "
            "PaLM: Table 22; Gopher/Chinchilla: Wei et al. Table 1, whose value is the same for "
            "both)"),
        Col("scale_source", "str", "", "where params / tokens / FLOPs of this row come from"),
        col("task"),
        Col("subset", "str", "", "'average' (57 subjects) or the subject group 'Humanities', "
            "'STEM', 'Social Sciences', 'Other'", required=True,
            allowed=("average", "Humanities", "STEM", "Social Sciences", "Other")),
        col("shots"), col("value"), col("unit"), col("method"),
        col("paper", description="paper the number is quoted from (one row per model, subset "
            "and shots per paper; disagreeing copies within a paper are separate rows with a "
            "note)"),
        col("source"), col("note"),
    ]
    return Dataset(
        "mmlu", "MMLU (Hendrycks et al. 2021) results quoted by the papers behind Fig. 2G",
        "Every MMLU value in the sources: GPT-3 2.7B-175B 5-shot and 175B 0-shot (Hendrycks et "
        "al.), GPT-3 subject groups, Gopher 280B and Chinchilla 70B (Hoffmann et al. Table 6 "
        "and abstract), PaLM 8B/62B/540B and the Chinchilla row quoted by PaLM (Chowdhery et al. "
        "Table 6, Appendix F), and the reference rows (random chance, average human rater, "
        "expert, forecasts) with model_family 'reference'. Deduplicated so that a model + "
        "subset + shots appears once per paper; where copies disagree (Chinchilla 67.5 in the "
        "abstract vs 67.6 in Table 6) both rows are kept with a note.",
        CITE["hendrycks"] + " | " + CITE["chinchilla"] + " | " + CITE["palm"], LICENCE_PAPERS,
        ["data/sources/hendrycks2021_mmlu/mmlu_quoted.csv (Papers-with-Code listing of "
         "Hendrycks et al.; "
         "github hendrycks/test README @055448fd; Chinchilla abstract): "

         "Hoffmann et al. 2022 Table 6: "
         "data/sources/hoffmann2022_chinchilla/published.csv",
         "Chowdhery et al. 2022 Table 6 and Appendix F: "
         "data/sources/chowdhery2022_palm/per_size.csv"],
        cols, rows,
    )


#: Values kept as printed although they look wrong: (model, printed value) -> note. Every note
#: starts with 'suspected typo in source:' so that plots can mark these rows.
SUSPECTED_TYPOS = {
    ("U-PaLM 540B", "2.5E+23"): (
        "suspected typo in source: Chung et al. 2022 Table 2 prints 2.5E+23 pre-training FLOPs "
        "for U-PaLM 540B, ten times less than the 2.5E+24 it prints for PaLM 540B, although "
        "U-PaLM is PaLM 540B trained further with the UL2R objective for a small fraction of "
        "extra compute (Tay et al. 2022b, 'Transcending Scaling Laws with 0.1% Extra Compute'), "
        "so about 2.5E+24 is expected; kept as printed (not checked against the arXiv PDF)"),
}


def build_model_scales(sh: Path) -> Dataset:
    rows: list[dict[str, str]] = []
    for r in read_source(sh, "model_scales/model_papers.csv"):
        kind = "model_paper" if r["train_flops"] else "none"
        if r["train_flops"] and r["paper"].split(" (")[-1].rstrip(")") not in r["model"]:
            raise BuildError(f"{r.at('train_flops')}: FLOPs from a paper other than the model's own")
        rows.append({
            "model_family": r["model_family"], "model": r["model"],
            "params": count(r["params"], r.at("params")),
            "train_tokens": count(r["train_tokens"], r.at("train_tokens")),
            "train_flops": flops(r["train_flops"], r.at("train_flops")),
            "train_pf_days": scaled(r["train_pf_days"], 0, r.at("train_pf_days"))
            if "E" in r["train_pf_days"]
            else num(r["train_pf_days"], r.at("train_pf_days")),
            "n_layers": r["n_layers"], "d_model": r["d_model"], "n_heads": r["n_heads"],
            "architecture": "", "flops_kind": kind, "paper": r["paper"], "table": r["table"],
            "method": "published", "source": cite_src(r), "note": r["note"],
        })
    for r in read_source(sh, "model_scales/chung2022_wei2022.csv"):
        wei = r["source"].startswith("Wei")
        rows.append({
            "model_family": r["model_family"], "model": r["model"],
            "params": count(r["params"], r.at("params")),
            "train_tokens": count(r["train_tokens"], r.at("train_tokens")),
            "train_flops": flops(r["train_flops"], r.at("train_flops")), "train_pf_days": "",
            "n_layers": "", "d_model": "", "n_heads": "", "architecture": r["architecture"],
            "flops_kind": "wei2022_table1" if wei else "chung2022_table2",
            "paper": "Wei et al. 2022" if wei else "Chung et al. 2022",
            "table": "Table 1" if wei else "Table 2",
            "method": "published", "source": cite_src(r),
            "note": SUSPECTED_TYPOS.get((r["model"], r["train_flops"]), r["note"]),
        })
    # say where sources disagree about the same model
    by_model: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_model.setdefault(r["model"], []).append(r)
    for model, rs in by_model.items():
        for r in rs:
            for other in rs:
                if other is r:
                    continue
                diffs = []
                for c in ("params", "train_tokens", "train_flops"):
                    a, b = r[c], other[c]
                    if a and b and not math.isclose(float(a), float(b), rel_tol=1e-9):
                        diffs.append(f"{c} {b}")
                if diffs:
                    r["note"] = join_notes(r["note"], f"{other['paper']} {other['table']} "
                                           f"gives {', '.join(diffs)} for {model}")
    cols = [
        col("model_family"), col("model", required=True),
        col("params"), col("train_tokens"),
        col("train_flops", description="training FLOPs of this row's source (see flops_kind)"),
        Col("train_pf_days", "float", "petaflop/s-days", "training compute in PF-days as "
            "printed (GPT-3 Table D.1, PaLM Table 22)", positive=True),
        Col("n_layers", "int", "", "number of layers", positive=True),
        Col("d_model", "int", "", "model width as printed (GPT-3 13B prints 5140; 40 heads x 128 "
            "= 5120)", positive=True),
        Col("n_heads", "int", "", "attention heads", positive=True),
        Col("architecture", "str", "", "'decoder-only' / 'encoder-decoder' where the source "
            "says"),
        Col("flops_kind", "str", "", "what train_flops is: 'model_paper' (pre-training FLOPs "
            "from the model's own paper: GPT-3 Table D.1, PaLM Table 22), 'chung2022_table2' "
            "(pre-training FLOPs in Chung et al. 2022 Table 2), 'wei2022_table1' (the FLOPs Wei "
            "et al. Table 1 assign, 2 significant digits), 'none' (source gives no FLOPs)",
            required=True, allowed=("model_paper", "chung2022_table2", "wei2022_table1", "none")),
        col("paper"), col("table"), col("method"), col("source"), col("note"),
    ]
    return Dataset(
        "model_scales", "Model scales: parameters, training tokens and training FLOPs",
        "One row per model and source: GPT-3 (Brown et al. Tables 2.1 and D.1), PaLM (Chowdhery "
        "et al. Tables 1 and 22), models listed in Chinchilla Table 1/4, pre-training FLOPs of "
        "T5/PaLM/U-PaLM from Chung et al. Table 2, and the FLOPs Wei et al. Table 1 assign to "
        "each model they name. Where sources disagree both rows are kept (flops_kind says which "
        "is which) and the note of each row gives the other value.",
        CITE["brown"] + " | " + CITE["palm"] + " | " + CITE["chinchilla"] + " | " + CITE["chung"]
        + " | " + CITE["wei"], LICENCE_PAPERS,
        ["Brown et al. 2020 Tables 2.1 and D.1, Chowdhery et al. 2022 Tables 1 and 22, Hoffmann "
         "et al. 2022 Tables 1 and 4: data/sources/model_scales/model_papers.csv",
         "Chung et al. 2022 Table 2 and Wei et al. 2022 Table 1: "
         "data/sources/model_scales/chung2022_wei2022.csv"],
        cols, rows,
    )


def _per_size_rows(sh: Path, file: str, with_prompting: bool = False) -> list[dict[str, str]]:
    rows = []
    for r in read_source(sh, file):
        metric, unit = norm_metric(r["metric"], r.at("metric"))
        row = {
            "paper": r["paper"], "table": r["table"], "model_family": r["model_family"],
            "model": r["model"], "params": count(r["params"], r.at("params")),
            "train_tokens": count(r["train_tokens"], r.at("train_tokens")),
            "train_flops": flops(r["train_flops"], r.at("train_flops")), "task": r["task"], "metric": metric,
            "shots": norm_shots(r["shots"]), "shots_detail": r["shots"],
            "split": r["split"].replace("n/a", ""), "value": num(r["value"], r.at("value")),
            "unit": unit, "method": "published", "cross_check": r["cross_check"],
            "source": cite_src(r), "note": r["note"],
        }
        if with_prompting:
            n = r["note"]
            row["prompting"] = ("chain of thought" if n.startswith("chain-of-thought") or
                                "chain of thought" in n else
                                "standard" if n.startswith("standard") else "")
        rows.append(row)
    return rows


def _per_size_cols(with_prompting: bool = False) -> list[Col]:
    cols = [col("paper"), col("table"), col("model_family"), col("model"), col("params"),
            col("train_tokens"), col("train_flops"), col("task"), col("metric"), col("shots"),
            col("shots_detail"), col("split"), col("value"), col("unit"), col("method")]
    if with_prompting:
        cols.append(Col("prompting", "str", "", "'standard' or 'chain of thought' for the "
                        "GSM8K rows; empty otherwise",
                        allowed=("", "standard", "chain of thought")))
    return cols + [col("cross_check"), col("source"), col("note")]


def build_gpt3(sh: Path) -> Dataset:
    return Dataset(
        "gpt3_per_size", "GPT-3 per model size (Brown et al. 2020 Table H.1 and Table 3.9)",
        "GPT-3 Small to 175B in zero-, one- and few-shot settings: WiC, the ten arithmetic "
        "tasks, SQuADv2 EM/F1, BoolQ and ANLI R1 (Table H.1), and the 175B arithmetic results "
        "of Table 3.9 (one decimal, same runs). params from Table 2.1, train_flops from Table "
        "D.1, 300B tokens. WiC zero-shot is printed 0.00 for every size.",
        CITE["brown"], LICENCE_PAPERS,
        ["Brown et al. 2020 Table H.1 (OCR conversion): "
         "data/sources/brown2020_gpt3/per_size.csv",
         "Tables 2.1, 3.9, D.1 and cross-check rows: "
         "data/sources/brown2020_gpt3/per_size.csv (how the copies were compared: "
         "data/sources/brown2020_gpt3/README.md)"],
        _per_size_cols(), _per_size_rows(sh, "brown2020_gpt3/per_size.csv"),
    )


def build_palm(sh: Path) -> Dataset:
    return Dataset(
        "palm_per_size", "PaLM per model size (Chowdhery et al. 2022)",
        "PaLM 8B/62B/540B (and 62B trained to 1325B tokens): WiC 0/1/few-shot (Table 40), MMLU "
        "5-shot average and subject groups (Table 6, incl. the Chinchilla row PaLM quotes), "
        "MMLU / BIG-bench / GSM8K of Appendix F, and GSM8K standard vs chain-of-thought from the "
        "CoT paper's Table 2. params (Table 1), tokens (Sec. 3 / Table 40 header), FLOPs "
        "(Table 22).",
        CITE["palm"] + " | " + CITE["cot"], LICENCE_PAPERS,
        ["Chowdhery et al. 2022 Tables 1, 4, 6, 22, 40 and Appendix F (plain-text extraction of "
         "the ar5iv HTML): data/sources/chowdhery2022_palm/per_size.csv",
         "Wei et al. 2022b Appendix B Table 2: "
         "data/sources/chowdhery2022_palm/per_size.csv (rows with table 'Table 2')"],
        _per_size_cols(True), _per_size_rows(sh, "chowdhery2022_palm/per_size.csv", True),
    )


def build_chinchilla(sh: Path) -> Dataset:
    return Dataset(
        "chinchilla_gopher", "Chinchilla and Gopher (Hoffmann et al. 2022)",
        "MMLU 5-shot of Table 6 (with random, human rater, expert and forecast reference rows, "
        "model_family 'reference'), WikiText-103 perplexity (Sec. 4.2.1 text) and TruthfulQA "
        "0/5/10-shot (Sec. 4.2.5 text, variant not named) for Chinchilla 70B and Gopher 280B.",
        CITE["chinchilla"], LICENCE_PAPERS,
        ["Hoffmann et al. 2022 Table 6 and Sec. 4.2 text (Obsidian clipping of ar5iv): "
         "data/sources/hoffmann2022_chinchilla/published.csv"],
        _per_size_cols(), _per_size_rows(sh, "hoffmann2022_chinchilla/published.csv"),
    )


OBS_BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd",
                  "HumanEval")
OBS_EMERGENT = {
    # column prefix: (task key, BIG-bench task, description)
    "parsinlu_qa": ("parsinlu_qa", "parsinlu_qa", "Persian QA"),
    "word_unscrambling": ("word_unscrambling", "word_unscrambling", "word unscramble"),
    "ipa_transliterate": ("ipa_transliterate", "international_phonetic_alphabet_transliterate",
                          "IPA transliterate"),
    "arithmetic_3ds": ("arithmetic_3ds", "arithmetic", "3-digit subtraction"),
    "arithmetic_3da": ("arithmetic_3da", "arithmetic", "3-digit addition"),
    "arithmetic_2dm": ("arithmetic_2dm", "arithmetic", "2-digit multiplication"),
    "arithmetic_2da": ("arithmetic_2da", "arithmetic", "2-digit addition"),
}
_OBS_METRICS = {"acc": ("accuracy", "fraction"), "exact_match": ("exact match", "fraction"),
                "bleu": ("BLEU", "score")}


def _obs_scale(r: SourceRow) -> dict[str, str]:
    return {
        "model_family": r["Model Family"],
        "params": scaled(r["Model Size (B)"], 9, r.at("Model Size (B)")),
        "train_tokens": scaled(r["Pretraining Data Size (T)"], 12, r.at("Pretraining Data Size (T)")),
        "train_flops": scaled(r["FLOPs (1E21)"], 21, r.at("FLOPs (1E21)")),
    }


def _obs_scale_note(r: dict[str, str]) -> str:
    notes = []
    if not r["FLOPs (1E21)"]:
        notes.append("the ObsScaling table gives no pre-training tokens/FLOPs for this model")
    try:
        if float(r["Pretraining Data Size (T)"]) / float(r["Model Size (B)"]) > 100:
            notes.append(f"the table lists {r['Pretraining Data Size (T)']} T tokens for a "
                         f"{r['Model Size (B)']}B model (far above every other model; possibly a "
                         "unit slip in the source); kept as given, FLOPs follow from it")
    except ValueError:
        pass
    return join_notes(*notes)


def build_obsscaling(sh: Path) -> tuple[Dataset, Dataset]:
    base = read_source(sh, "obsscaling/base_llm_benchmark_eval.csv")
    sub = {r["Model"] for r in read_source(sh, "obsscaling/base_llm_benchmark_eval_sub_10b.csv")}
    emerg = read_source(sh, "obsscaling/base_llm_emergent_capability_eval.csv")
    src_b = (f"{OBS_REPO} eval_results/base_llm_benchmark_eval.csv; "
             "data/sources/obsscaling/base_llm_benchmark_eval.csv")
    rows, omitted = [], 0
    by_model: dict[str, dict[str, str]] = {}
    for r in base:
        if r["Model"] in by_model:
            raise BuildError(f"{r.at('Model')}: model {r['Model']} listed twice")
        by_model[r["Model"]] = r
        scale = _obs_scale(r)
        for b in OBS_BENCHMARKS:
            if not r[b].strip():
                omitted += 1
                continue
            rows.append({
                "model": r["Model"], **scale, "benchmark": b, "value": num(r[b], r.at(b)),
                "unit": "fraction", "in_sub_10b": str(r["Model"] in sub), "method": "published",
                "source": src_b, "note": _obs_scale_note(r),
            })
    scale_cols = [
        col("model", required=True, description="Hugging Face model id as in the repository"),
        col("model_family"),
        col("params", description="'Model Size (B)' x 1e9 (count)"),
        col("train_tokens", description="'Pretraining Data Size (T)' x 1e12 (count)"),
        col("train_flops", description="'FLOPs (1E21)' x 1e21: the repository's own value "
            "(6 N D) converted to FLOPs; a unit conversion, so method stays 'published'"),
    ]
    bench = Dataset(
        "obsscaling_benchmarks", "Observational Scaling Laws: ~150 open base models on eight "
        "standard benchmarks",
        "Long table, one row per model x benchmark (MMLU, ARC-C, HellaSwag, Winograd, "
        "TruthfulQA, GSM8K, XWinograd, HumanEval), values as fractions in [0, 1] as in the "
        "repository. Scale columns converted from the repository's units (B params, T tokens, "
        "1E21 FLOPs) to counts. Cells left empty in the repository (model not evaluated on that "
        f"benchmark) have no row: {omitted} such cells. in_sub_10b marks the models of the "
        "repository's sub-10B file (identical values).",
        CITE["ruan"], "Apache-2.0 (github.com/ryoungj/ObsScaling); this is a derived tidy table "
        "of the repository's eval_results; keep the Apache-2.0 notice and cite Ruan et al. 2024.",
        [f"{OBS_REPO} eval_results/base_llm_benchmark_eval.csv and "
         "eval_results/base_llm_benchmark_eval_sub_10b.csv (unchanged copies in "
         "data/sources/obsscaling/)"],
        scale_cols + [
            Col("benchmark", "str", "", "benchmark column of the repository", required=True,
                allowed=OBS_BENCHMARKS),
            col("value", description="score as a fraction in [0, 1]"), col("unit"),
            Col("in_sub_10b", "bool", "", "True if the model is in the repository's "
                "base_llm_benchmark_eval_sub_10b.csv", required=True),
            col("method"), col("source"), col("note")],
        rows, extra={"omitted_empty_cells": omitted, "unit_conversion": (
            "params = 'Model Size (B)' x 1e9; train_tokens = 'Pretraining Data Size (T)' x "
            "1e12; train_flops = 'FLOPs (1E21)' x 1e21 (exact decimal scaling of the printed "
            "number)")},
    )

    src_e = f"{OBS_REPO} eval_results/base_llm_emergent_capability_eval.csv"
    erows, e_omitted = [], 0
    metric_cols = [c for c in emerg[0] if c != "Model"] if emerg else []
    for r in emerg:
        b = by_model.get(r["Model"])
        scale = _obs_scale(b) if b else {"model_family": "", "params": "",
                                                 "train_tokens": "", "train_flops": ""}
        note = _obs_scale_note(b) if b else ("model not in base_llm_benchmark_eval.csv: "
                                             "family and scale unknown")
        for c in metric_cols:
            m = re.match(r"^(.*)_(\d+)_(acc|exact_match|bleu)$", c)
            if not m or m.group(1) not in OBS_EMERGENT:
                raise BuildError(f"unexpected column {c!r} in base_llm_emergent_capability_eval")
            if not r[c].strip():
                e_omitted += 1
                continue
            task, bb, desc = OBS_EMERGENT[m.group(1)]
            metric, unit = _OBS_METRICS[m.group(3)]
            erows.append({
                "model": r["Model"], **scale, "task": task, "bigbench_task": bb,
                "task_description": desc, "metric": metric, "shots": m.group(2),
                "value": num(r[c], r.at(c)), "unit": unit, "method": "published",
                "source": (f"{src_e} (column {c}); data/sources/obsscaling/"
                           "base_llm_emergent_capability_eval.csv"), "note": note,
            })
    emergent = Dataset(
        "obsscaling_emergent", "Observational Scaling Laws: open base models on tasks Wei et al. "
        "call emergent (2-shot)",
        "Long table, one row per model x task x metric: parsinlu_qa (accuracy), "
        "word_unscrambling (exact match), IPA transliterate (exact match and BLEU) from BIG-bench, "
        "and GPT-3's arithmetic tasks (Brown et al. 2020, as run by EleutherAI's LM Evaluation "
        "Harness; Ruan et al. group them with BIG-bench): 3-digit subtraction/addition, 2-digit "
        "multiplication/addition (accuracy), all 2-shot. Accuracy/exact match are fractions; BLEU "
        "is on the 0-100 scale. Family and scale columns are joined from the benchmark table on "
        "`model`. Note: 'arithmetic' is not the 'modified_arithmetic' task of Wei et al. Fig. 2A. "
        "Empty cells "
        f"of the repository have no row: {e_omitted} such cells.",
        CITE["ruan"], "Apache-2.0 (github.com/ryoungj/ObsScaling); derived tidy table, keep the "
        "notice and cite Ruan et al. 2024.",
        [f"{OBS_REPO} eval_results/base_llm_emergent_capability_eval.csv (scale columns from "
         "eval_results/base_llm_benchmark_eval.csv)"],
        scale_cols + [
            Col("task", "str", "", "the repository's task key", required=True,
                allowed=tuple(v[0] for v in OBS_EMERGENT.values())),
            Col("bigbench_task", "str", "", "BIG-bench task name; 'arithmetic' marks GPT-3's "
                "arithmetic tasks run with EleutherAI's harness (not a BIG-bench task)",
                required=True),
            Col("task_description", "str", "", "what the task key stands for (SOURCE.md)",
                required=True),
            col("metric"), col("shots", required=True),
            col("value", description="score: fraction for accuracy / exact match, 0-100 for "
                "BLEU"), col("unit"), col("method"), col("source"), col("note")],
        erows, extra={"omitted_empty_cells": e_omitted},
    )
    return bench, emergent


def build_bigbench(sh: Path) -> Dataset:
    rows = []
    for r in read_source(sh, "bigbench_tasks/task_metadata.csv"):
        derived = bool(r["random_mc_grade_derived"].strip())
        note = r["note"]
        if derived:
            note = join_notes("random_mc_grade derived here: mean over the task's examples of "
                              "1 / (number of answer choices), computed from n_choices_counts "
                              "as sum(count_k / k) / n_examples; NOT a published number")
        if r["n_examples"] == "0":
            note = join_notes(note, "container task: its examples are in the subtasks")
        rows.append({
            "figure": r["figure"], "panel": r["panel"], "wei_label": r["wei_label"],
            "bigbench_task": r["bigbench_task"], "subtask": r["subtask"],
            "metrics": r["metrics"], "preferred_score": r["preferred_score"],
            "n_examples": r["n_examples"], "n_choices_counts": r["n_choices_counts"],
            "random_mc_grade": num(r["random_mc_grade_derived"], r.at("random_mc_grade_derived")),
            "method": "derived" if derived else "published",
            "source": cite_src(r), "note": note,
        })
    cols = [
        Col("figure", "str", "", "figure of Wei et al. that uses the task ('Fig 2', 'App. F')",
            required=True),
        Col("panel", "str", "", "panel letter (empty for App. F)"),
        Col("wei_label", "str", "", "the task's label in Wei et al.", required=True),
        Col("bigbench_task", "str", "", "BIG-bench task directory name", required=True),
        Col("subtask", "str", "", "subtask name (empty for the task itself)"),
        Col("metrics", "str", "", "the task's metrics, ';'-separated (task.json)"),
        Col("preferred_score", "str", "", "the task's preferred metric (task.json)"),
        Col("n_examples", "int", "examples", "number of examples in task.json (0 for container "
            "tasks)", required=True, nonnegative=True),
        Col("n_choices_counts", "str", "", "JSON object: number of answer choices -> number of "
            "examples with that many choices (multiple-choice tasks)"),
        Col("random_mc_grade", "float", "fraction", "derived chance level of "
            "multiple_choice_grade (formula in note); empty when not applicable",
            nonnegative=True),
        col("method", description="'derived' for rows with random_mc_grade, 'published' "
            "(task metadata as in the package) otherwise"),
        col("source"), col("note"),
    ]
    return Dataset(
        "bigbench_tasks", "BIG-bench task metadata behind Fig. 2A-D and Appendix F",
        "Exact task/subtask names, metrics, preferred score, example counts and answer-choice "
        "counts of the BIG-bench tasks Wei et al. plot, read from the task.json files of the "
        "PyPI bigbench==1.0.0 sdist, with a derived random multiple-choice grade.",
        CITE["bigbench"], "Apache-2.0 (google/BIG-bench); the PyPI sdist metadata says "
        "'License: UNKNOWN', its content is the same project.",
        ["PyPI bigbench==1.0.0 sdist (sha256 1bb398a5512c6d798cdebe0dfa0ac03f67f6033fa6b39c6ef71df"
         "978c7cbc5c2), bigbench/benchmark_tasks/<task>[/<subtask>]/task.json; subsets in "
         "data/sources/bigbench_tasks/task_metadata.csv"],
        cols, rows,
    )


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
def csv_bytes(ds: Dataset) -> bytes:
    names = [c.name for c in ds.columns]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(names)
    for i, row in enumerate(ds.rows, 1):
        extra = set(row) - set(names)
        if extra:
            raise BuildError(f"{ds.name} row {i}: keys not in the schema: {sorted(extra)}")
        w.writerow([str(row.get(n, "")) for n in names])
    return buf.getvalue().encode("utf-8")


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise BuildError(f"cannot write {v!r} to TOML")


def manifest_text(datasets: list[Dataset], blobs: dict[str, bytes]) -> str:
    out = [
        "# Manifest of the tidy datasets in this folder.",
        "# Generated by scripts/build_data.py from data/sources/ - do not edit by hand.",
        "format_version = 1",
        f"method_values = {toml_value(list(METHODS))}",
        "",
    ]
    for ds in datasets:
        out.append(f"[datasets.{ds.name}]")
        entry: dict[str, object] = {
            "file": ds.file, "title": ds.title, "description": ds.description,
            "citation": ds.citation, "licence": ds.licence, "sources": ds.sources,
            "rows": len(ds.rows), "sha256": hashlib.sha256(blobs[ds.file]).hexdigest(),
        }
        entry.update(ds.extra)
        for key, val in entry.items():
            out.append(f"{key} = {toml_value(val)}")
        out.append("")
        for c in ds.columns:
            out.append(f"[[datasets.{ds.name}.columns]]")
            out.append(f"name = {toml_str(c.name)}")
            out.append(f"dtype = {toml_str(c.dtype)}")
            out.append(f"unit = {toml_str(c.unit)}")
            out.append(f"description = {toml_str(c.description)}")
            out.append(f"required = {toml_value(c.required)}")
            if c.positive:
                out.append("positive = true")
            if c.nonnegative:
                out.append("nonnegative = true")
            if c.allowed:
                out.append(f"allowed = {toml_value(list(c.allowed))}")
            out.append("")
    return "\n".join(out)


def _missing_positions(rows: Iterable[dict[str, str]], ref: list[float]) -> list[int]:
    """1-based positions (in the 12-model LaMDA order) not present among ``rows``."""
    present = set()
    for r in rows:
        x = math.log10(float(r["train_flops"]))
        present.add(min(range(len(ref)), key=lambda j: abs(ref[j] - x)))
    return [j + 1 for j in range(len(ref)) if j not in present]


def _abs_res(cal: Calibration) -> list[float]:
    return [abs(float(p["residual"])) for p in cal.points]


def _worst(cal: Calibration) -> str:
    p = max(cal.points, key=lambda q: abs(float(q["residual"])))
    return f"{p['panel']} {p['model']}, published {p['published']} vs read {p['digitized']}"


def _typical(cal: Calibration) -> str:
    parts = []
    for (fig, panel), label in ((("fig2", "A"), "Fig. 2 top row"),
                                (("fig2", "E"), "Fig. 2 bottom row"),
                                (("appendix_f", "A"), "Appendix F"),
                                (("loss_figure", "unscramble_err"), "loss figure, linear axis")):
        unc, _ = cal.uncertainty(fig, panel, 50.0, CLEAN_FLAG, "")
        parts.append(f"{label} {unc} pp")
    return ", ".join(parts) + " at a value of 50 %"


def _old_range(fig2: list[dict[str, str]]) -> str:
    old = [float(r["uncertainty_uncalibrated"]) for r in fig2 if r["model_family"] != "Random"]
    return f"{min(old):.1f}-{max(old):.1f}"


def _ipa_pull(loss: list[dict[str, str]], fig2: list[dict[str, str]]) -> float:
    """Largest |(100 - loss reading) - BLEU reading| / combined uncertainty (IPA, T=0)."""
    worst = 0.0
    bleu = [r for r in fig2 if r["panel"] == "B" and r["model_family"] == "LaMDA"]
    for r in loss:
        if r["panel"] != "ipa_err" or r["quantity"] != "error_rate_T0":
            continue
        x = math.log10(float(r["train_flops"]))
        b = min(bleu, key=lambda q: abs(math.log10(float(q["train_flops"])) - x))
        d = abs(100 - float(r["value"]) - float(b["digitized_value"]))
        worst = max(worst, d / math.hypot(float(r["uncertainty"]),
                                          float(b["digitized_uncertainty"])))
    return worst


def readme_text(datasets: list[Dataset], fig2_status: list[dict[str, str]],
                cal: Calibration) -> str:
    by = {d.name: d for d in datasets}
    fig2 = by["wei_fig2"].rows
    lamda_ref = sorted(math.log10(float(r["train_flops"])) for r in fig2
                       if r["panel"] == "C" and r["model_family"] == "LaMDA")
    lines = [
        "# Data",
        "",
        "Tidy CSV files with provenance, built by `scripts/build_data.py` (`make data`) from the "
        "source tables in `sources/` (numbers from paper tables, points digitized from Wei et "
        "al.'s figures, the Observational Scaling Laws files), which are part of the repository: "
        "every number can be traced to a file here and, from there, to a paper's table or "
        "figure (each `sources/*/README.md` says which and how it was read). **Do not edit the "
        "CSV files by hand**: the manifest `datasets.toml` stores each file's sha256 and "
        "`emergence_utils.data.load` refuses a file that does not match. The notebooks and the "
        "package only read this folder. `lab/` is the cache of the simulated lab "
        "(`emergence_utils.lab`), not built by this script.",
        "",
        "```python",
        "import emergence_utils as eu",
        "eu.data.list_datasets()          # name, title, rows, file",
        "df = eu.data.load(\"wei_fig2\")     # validated pandas DataFrame (a copy)",
        "eu.data.citation(\"wei_fig2\")      # full reference",
        "eu.data.info(\"wei_fig2\")          # manifest entry: columns with units, sources, licence",
        "```",
        "",
        "## Datasets",
        "",
        "| name | rows | title |",
        "|---|---:|---|",
    ]
    for d in datasets:
        lines.append(f"| `{d.name}` | {len(d.rows)} | {d.title} |")
    lines += [
        "",
        "## Conventions",
        "",
        "- Counts are counts: `params` in parameters, `train_tokens` in tokens, `train_flops` in "
        "FLOPs (not billions, not PF-days). Printed labels such as `175B`, `1.4T`, `3.1E+23` are "
        "converted exactly, keeping the printed digits (`1.75e+11`, `1.4e+12`, `3.1e+23`).",
        "- `unit` says whether `value` is in `percent` (0-100) or a `fraction` (0-1); the "
        "Observational Scaling tables use fractions, the papers percent. BLEU is on its 0-100 "
        "scale (`score`, or `BLEU points` for the 100 - BLEU rows of `wei_loss`).",
        "- `method` in these files is one of `published` (printed in a paper, table or "
        "repository), `digitized` (read from an image of a figure, with `uncertainty`) or "
        "`derived` (computed here from published numbers; the formula is in `note`). Unit "
        "conversions (e.g. ObsScaling `FLOPs (1E21)` x 1e21) keep `published`. The collection "
        "uses two more categories for values made in notebooks, never stored here: `simulated` "
        "(produced by a simulation in the package, e.g. `emergence_utils.lab`; the seed and "
        "settings are printed with it) and `illustrative` (a made-up curve or number that "
        "demonstrates an idea and claims nothing about a real model; labelled as such wherever "
        "it is shown).",
        "- An empty cell means the source does not give the number: nothing is guessed, "
        "interpolated or smoothed. Text columns use the empty string, numeric columns NaN.",
        "- Random baselines are rows with `model_family == \"Random\"` and empty `train_flops`; "
        "human/expert/forecast rows of MMLU have `model_family == \"reference\"`.",
        "- `source` names the paper and table/figure (or repository, path and commit) and the "
        "file in `data/sources/` the number was read from.",
        "- A value that is kept as printed although it looks wrong has a `note` starting with "
        "`suspected typo in source:` (so far one: U-PaLM 540B at 2.5E+23 FLOPs in "
        "`model_scales`, Chung et al. 2022 Table 2, ten times below PaLM 540B).",
        "",
        "## Fig. 2: what is published, what is digitized",
        "",
        f"Agreement rule: a published value replaces a digitized reading when the model is "
        f"identified by its published FLOPs (within the point's x uncertainty, at most "
        f"{MAX_IDENTIFY_DEX} dex) and "
        f"|published - digitized| <= {AGREEMENT_FACTOR:g} x the reading's uncertainty. Per panel "
        "and family, the published series (shot count / split) agreeing with the most points is "
        "used. Both values stay in the file (`value`, `digitized_value`).",
        "",
        "| panel | family | points | published | digitized only | mismatched | models named |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for s in fig2_status:
        groups.setdefault((s["panel"], s["family"]), []).append(s)
    for (panel, fam), ss in groups.items():
        if fam == "Random":
            continue
        pub = [s for s in ss if s["status"] == "published"]
        mis = [s for s in ss if s["status"] == "mismatch"]
        dig = [s for s in ss if s["status"] == "digitized"]
        named = ", ".join(s["model"] for s in ss if s["model"]) or "-"
        lines.append(f"| {panel} {FIG2_PANELS[panel][0]} | {fam} | {len(ss)} | {len(pub)} | "
                     f"{len(dig)} | {len(mis)} | {named} |")
    lines += ["", "Published values used:", ""]
    for s in fig2_status:
        if s["status"] == "published":
            lines.append(f"- {s['panel']} {s['model']}: {s['detail']}")
    mism = [s for s in fig2_status if s["status"] == "mismatch"]
    lines += ["", "Mismatches (digitized value kept, published values in `note`): "
              + ("none." if not mism else "")]
    for s in mism:
        lines.append(f"- {s['panel']} {s['model']}: published {s['detail']}")
    miss_d = _missing_positions((r for r in fig2 if r["panel"] == "D"
                                 and r["model_family"] == "LaMDA"), lamda_ref)
    lines += [
        "",
        "Missing from Fig. 2 (say so in plots and text):",
        "",
        "- A-D (BIG-bench): no published per-model numbers are available here (the per-model "
        "score files of google/BIG-bench could not be obtained); every point is digitized.",
        f"- D Persian QA: LaMDA models {', '.join(map(str, miss_d))} (of 12, in FLOPs order) are "
        "not visible in the figure and absent.",
        "- E TruthfulQA: only Gopher 280B has published values (Hoffmann et al. Sec. 4.2.5, "
        "variant not named, while Fig. 2E cites Lin et al. 2021 and Rae et al. 2021); "
        + ("they do not agree with the reading (see Mismatches), so every E point is digitized."
           if any(s["panel"] == "E" and s["status"] == "mismatch" for s in fig2_status) else
           "the smaller Gopher sizes (Rae et al. 2021) and the GPT-3 points are digitized "
           "only."),
        "- F Grounded conceptual mappings (Patel & Pavlick 2022): digitized only; no published "
        "numbers found.",
        "- G MMLU: the smaller Gopher and Chinchilla points are digitized only (Gopher paper "
        "not available); GPT-3 2.7B-175B, Gopher 280B and Chinchilla 70B are published.",
        "- H WiC: Chinchilla is digitized only (no WiC row in the Chinchilla excerpt).",
        "- LaMDA model sizes are not published for the Fig. 2 models; only the two LaMDA points "
        "whose FLOPs equal a value of Wei et al. Table 1 (40M at 8.9E+19, 68B at 1.3E+23) are "
        "named, the other LaMDA points have no model/params.",
        "",
        "## Appendix F: series not visible in the figure (absent from `wei_appendix_f`)",
        "",
        "Positions are 1-based in the 12-model LaMDA order of Fig. 2 (by FLOPs).",
        "",
    ]
    appf = by["wei_appendix_f"].rows
    # multiple-choice grade needs answer options: a task without them has no such series
    # (not a hidden one). The task files' metrics say which tasks have options.
    bb_metrics: dict[str, set[str]] = {}
    for r in by["bigbench_tasks"].rows:
        bb_metrics.setdefault(r["bigbench_task"], set()).update(
            m for m in r["metrics"].split(";") if m)
    no_options = {panel: sorted(bb_metrics.get(bb, set()))
                  for panel, (_, bb) in APPF_PANELS.items()
                  if "multiple_choice_grade" not in bb_metrics.get(bb, set())}
    for panel in no_options:
        if any(r["panel"] == panel and r["metric"] == "Multiple choice grade" for r in appf):
            raise BuildError(f"wei_appendix_f: panel {panel} has multiple-choice grade rows, "
                             "but its BIG-bench task lists no multiple_choice_grade metric")
    for panel, (task, _) in APPF_PANELS.items():
        parts = []
        for metric in APPF_METRICS:
            if metric == "Multiple choice grade" and panel in no_options:
                continue  # does not exist (listed below), so it is not hidden
            rs = [r for r in appf if r["panel"] == panel and r["metric"] == metric]
            missing = _missing_positions(rs, lamda_ref)
            if len(missing) == len(lamda_ref):
                parts.append(f"{metric}: all 12")
            elif missing:
                parts.append(f"{metric}: model{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(map(str, missing))}")
        lines.append(f"- {panel} {task}: " + ("; ".join(parts) if parts else "none") + ".")
    if no_options:
        lines += [
            "",
            "Series that do not exist (not hidden): a multiple-choice grade needs answer "
            "options, and the BIG-bench task files of these tasks have none (the metrics they "
            "list, dataset `bigbench_tasks`):",
            "",
        ]
        for panel, metrics in no_options.items():
            lines.append(f"- {panel} {APPF_PANELS[panel][0]}: Multiple choice grade (task "
                         f"metrics: {', '.join(metrics) if metrics else 'none listed'}).")
    lines += [
        "",
        "## Uncertainty of the digitized values",
        "",
        "The digitizer gave every reading an uncertainty of at least half a marker radius "
        f"({_old_range(fig2)} percentage points in Fig. 2). The published values that Fig. 2 plots show "
        "that clean markers are read far more precisely, so the uncertainty of clean markers "
        "(flag `ok`) is calibrated against them:",
        "",
        f"- Cross-check points: the {len(cal.points)} Fig. 2 points of panels "
        f"{' and '.join(CALIBRATION_PANELS)} whose model is identified and has a published "
        "value (residual = published - digitized, using the published value of that model "
        "closest to the reading). Panel E is left out (its one published value is not from the "
        "source Fig. 2E cites; it now disagrees with the reading and is flagged "
        "`published_mismatch`).",
        f"- Residuals: median |residual| {statistics.median(_abs_res(cal)):.3f} pp, "
        f"{sum(r <= 0.011 for r in _abs_res(cal))} of {len(cal.points)} within 0.011 pp, "
        f"largest {max(_abs_res(cal)):.3f} pp ({_worst(cal)}) = "
        f"{cal.sigma_px:.3f} px.",
        f"- Model: sigma_px = the largest |residual| in pixels ({cal.sigma_px:.3f} px, a "
        "conservative 1-sigma: the median |residual| is "
        f"{statistics.median(float(p['residual_px']) for p in cal.points):.3f} px); a clean "
        "reading "
        "gets uncertainty = sqrt(sigma_px^2 + cal_px^2) / |d pixel / d value| at its value, "
        f"with cal_px = max({CAL_FLOOR_PX:g} px, the panel's tick-fit rms) from "
        "`sources/wei2022_digitized/axis_calibration.csv` (log axes: d pixel / d value = "
        "pixels per dex / (value x ln 10)).",
        f"- Typical result: {_typical(cal)}.",
        "- Readings with any other flag (overlapping, occluded, partly or mostly hidden "
        "markers, x fixed from another panel, dashed baseline lines) keep the digitizer's "
        "original uncertainty: the cross-check points do not test them (two flagged points, "
        "GPT-3 XL and PaLM 62B in panel H, agree within 0.007 pp, too few to calibrate a "
        "class). The original value is kept in `uncertainty_uncalibrated` for every row.",
        "- Independent check: the IPA transliterate T=0 series of the loss figure (100 - BLEU, "
        "below) agrees with 100 minus the Fig. 2B BLEU readings of the same models within "
        f"{_ipa_pull(by['wei_loss'].rows, fig2):.2f} x their combined (calibrated) "
        "uncertainty at worst.",
        "- The x uncertainty (`flops_uncertainty_dex`) is not recalibrated.",
        "",
        "| panel | model | flag | published | series | digitized | residual (pp) | residual (px) "
        "| old uncertainty |",
        "|---|---|---|---:|---|---:|---:|---:|---:|",
        *[f"| {p['panel']} | {p['model']} | {p['flag']} | {p['published']} | {p['series']} | "
          f"{p['digitized']} | {p['residual']} | {p['residual_px']} | "
          f"{p['original_uncertainty']} |" for p in cal.points],
        "",
        "## IPA transliterate in `wei_loss`: 100 - BLEU, not an error rate",
        "",
        "BIG-bench scores IPA transliterate with BLEU (its preferred metric) and Fig. 2B plots "
        "BLEU. The loss figure's 'error rate' panel for this task is 100 - BLEU: its T=0 series "
        "equals 100 minus the Fig. 2B BLEU readings of the same LaMDA models:",
        "",
        "| log10 FLOPs | 100 - reading (loss figure) | Fig. 2B BLEU reading | difference |",
        "|---:|---:|---:|---:|",
        *[f"| {x:.3f} | {a:.3f} | {b:.3f} | {d:+.3f} |"
          for x, a, b, d in ipa_bleu_check(by["wei_loss"].rows, fig2)],
        "",
        "These rows therefore have `metric` `100 - BLEU at T=0` / `100 - BLEU at T=1` (the "
        "baseline row `100 - BLEU`) and `unit` `BLEU points`; the T=1 series (on the same axis) "
        "has no BLEU counterpart in Fig. 2 to check against.",
        "",
        "## Disagreements between sources (kept, each row with its source)",
        "",
        "- Chinchilla MMLU: 67.5 (abstract; PaLM Table 6) vs 67.6 (Chinchilla Table 6) - both in "
        "`mmlu`.",
        "- PaLM training FLOPs: PaLM Table 22 (4.29E+22 / 3.08E+23 / 2.56E+24) vs Chung et al. "
        "Table 2 and Wei Table 1 (3.7E+22 / 2.9E+23 / 2.5E+24) - separate rows in "
        "`model_scales` (`flops_kind`). Wei et al.'s figures place PaLM at the latter values.",
        "- GPT-3 FLOPs: Table D.1 2.31E+22 / 3.14E+23 vs Wei Table 1 2.3E+22 / 3.1E+23 "
        "(rounding).",
        "- PaLM 62B tokens: 795B (Table 40 header, Appendix F) vs 780B (Sec. 3).",
        "- GSM8K PaLM CoT: CoT paper Table 2 (29.9 / 56.9) vs PaLM Appendix F (33.0 / 54.0).",
        "- GPT-3 WiC 175B few-shot: 55.3 (dev) vs 49.4 (test server); Fig. 2H matches the "
        "one-shot column instead (see above).",
        "- The CoT paper's 'GPT' rows are InstructGPT API engines (`model_family` "
        "'InstructGPT'), not the GPT-3 models of `gpt3_per_size`.",
        "",
        "## Rebuilding",
        "",
        "`python scripts/build_data.py [--sources PATH] [--out DIR] [--check]` (or `make data`) "
        "reads only `data/sources/` and the standard library. The output is deterministic; "
        "`tests/test_data.py` rebuilds into a temporary folder and checks that every CSV, this "
        "README and `datasets.toml` equal the committed files byte for byte. A missing or "
        "malformed source table stops the build with a message naming the file, the data row "
        "and the column. `scripts/import_shared.py` wrote `data/sources/` once from the "
        "collection folder the project started from (outside the repository); nobody needs it to "
        "rebuild.",
        "",
    ]
    return "\n".join(lines)


def build_all(sh: Path) -> dict[str, bytes]:
    """Build every output file in memory: {file name: bytes}."""
    reg = build_registry(sh)
    cal = build_calibration(sh, reg)
    fig2, status = build_wei_fig2(sh, reg, cal)
    bench, emergent = build_obsscaling(sh)
    datasets = [
        build_wei_table1(sh), fig2, build_wei_loss(sh, reg, cal, fig2.rows),
        build_wei_appendix_f(sh, reg, cal),
        build_chain_of_thought(sh), build_mmlu(sh, reg), build_model_scales(sh),
        build_gpt3(sh), build_palm(sh), build_chinchilla(sh), bench, emergent,
        build_bigbench(sh),
    ]
    blobs = {ds.file: csv_bytes(ds) for ds in datasets}
    manifest = manifest_text(datasets, blobs)
    readme = readme_text(datasets, status, cal)
    # Pythia, OPT and BLOOM evaluations: their own builder (scripts/build_pythia.py)
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import build_pythia  # noqa: PLC0415  (a sibling script)

    with tempfile.TemporaryDirectory() as tmp:
        for path in build_pythia.build(sh, Path(tmp)):
            blobs[path.name] = path.read_bytes()
        block = build_pythia.manifest_toml(Path(tmp))
    manifest = (manifest.rstrip("\n") + "\n\n" + f"{build_pythia.MARK_BEGIN}\n{block}"
                f"{build_pythia.MARK_END}\n")
    readme = readme.rstrip("\n") + "\n\n" + PYTHIA_README
    blobs["datasets.toml"] = manifest.encode("utf-8")
    blobs["README.md"] = readme.encode("utf-8")
    return blobs


PYTHIA_README = """## Pythia, OPT and BLOOM (`pythia_evals`, `pythia_mmlu_subjects`)

Built by `scripts/build_pythia.py` from `data/sources/pythia/` (values of the Pythia suite's
evaluation files, Apache-2.0; see that folder's README): 16 Pythia models (8 sizes, Pile and
deduplicated Pile) at 27 training checkpoints, zero- and five-shot, and the final OPT and BLOOM
models. Parameters of Pythia models are derived from the architecture table (non-embedding
count, formula in the `note` column); training tokens are step x 2,097,152 and training FLOPs
6ND (derived). MMLU appears per subject (`pythia_mmlu_subjects`) and as the unweighted mean of
the 57 subjects (`pythia_evals`, derived).
"""


def validate(blobs: dict[str, bytes]) -> None:
    """Load every dataset from a temporary copy with the package's own validator."""
    sys.path.insert(0, str(REPO))
    from emergence_utils import data as eud  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        for name, blob in blobs.items():
            (Path(tmp) / name).write_bytes(blob)
        for name in eud.read_manifest(Path(tmp))["datasets"]:
            eud.load_from(Path(tmp), name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                    help=f"folder of the source tables (default: {DEFAULT_SOURCES})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output folder differs from a fresh build")
    args = ap.parse_args(argv)
    sh: Path = args.sources
    if not sh.is_dir():
        print(f"build_data.py: source folder {sh} not found. Nothing was changed. Pass "
              "--sources PATH to point at a copy of data/sources.", file=sys.stderr)
        return 2
    try:
        blobs = build_all(sh)
        validate(blobs)
    except BuildError as exc:
        print(f"build_data.py: {exc}. Nothing was changed.", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        stale = [n for n, b in blobs.items()
                 if not (out / n).is_file() or (out / n).read_bytes() != b]
        for n in stale:
            print(f"stale: {out / n}")
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, blob in sorted(blobs.items()):
        path = out / name
        if path.is_file() and path.read_bytes() == blob:
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
    for d in sorted(out.glob("*.csv")):
        if d.name not in blobs:
            print(f"note: {d} is not produced by this script", file=sys.stderr)
    print(f"wrote {len(blobs)} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
