#!/usr/bin/env python3
"""Write the committed source tables in ``data/sources/`` from the project's collection folder.

This is the only script that reads ``../shared`` (the folder in which the project's numbers were
first collected: parsed paper tables, pixel digitizations, the Observational Scaling Laws
files). Users never need it: ``scripts/build_data.py`` rebuilds every tidy file in ``data/``
from ``data/sources/`` alone.

What it does, per source table (see ``SOURCE_TABLES`` in ``scripts/build_data.py``):

* keeps every number and label exactly as it is in the collection (no float round trip);
* writes the columns in this project's own order (the order of ``SOURCE_TABLES``);
* in ``source`` keeps the paper and table/figure, and drops the pointer to the collection's
  private excerpt files (``raw/...``), which are not part of the repository; each source
  folder's README.md says how the numbers were read instead;
* parses the axis calibration of the digitized figures (a Markdown table in the collection's
  digitization notes) into ``wei2022_digitized/axis_calibration.csv``;
* copies the third-party Observational Scaling Laws files (Apache-2.0) unchanged, with the
  licence text beside them.

The README.md files in ``data/sources/`` are written by hand, not by this script.

Usage::

    python scripts/import_shared.py [--shared ../shared/data] [--out data/sources]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_data as bd  # noqa: E402

DEFAULT_SHARED = bd.REPO.parent / "shared" / "data"

#: where each committed source table comes from in the collection folder
ORIGIN = {
    "wei2022_table1/table1.csv": "wei2022_table1_emergent_scales.csv",
    "model_scales/model_papers.csv": "model_scales_training.csv",
    "model_scales/chung2022_wei2022.csv": "model_scales_flops.csv",
    "hendrycks2021_mmlu/mmlu_quoted.csv": "fig2G_mmlu_published.csv",
    "wei2022b_cot/table1_and_figure2.csv": "fig3_cot_published.csv",
    "wei2022b_cot/appendix_b_tables.csv": "cot_per_size.csv",
    "brown2020_gpt3/per_size.csv": "gpt3_tableH1_per_size.csv",
    "chowdhery2022_palm/per_size.csv": "palm_per_size.csv",
    "hoffmann2022_chinchilla/published.csv": "chinchilla_gopher_published.csv",
    "bigbench_tasks/task_metadata.csv": "bigbench_task_metadata.csv",
    "wei2022_digitized/fig2.csv": "digitized/wei2022_fig2_digitized.csv",
    "wei2022_digitized/loss_figure.csv": "digitized/wei2022_fig4_loss_digitized.csv",
    "wei2022_digitized/appendix_f.csv": "digitized/wei2022_appF_partial_credit_digitized.csv",
}
OBS_FILES = ("base_llm_benchmark_eval.csv", "base_llm_benchmark_eval_sub_10b.csv",
             "base_llm_emergent_capability_eval.csv")
LICENCE = "pythia/LICENSE-Apache-2.0.txt"  # the Apache-2.0 licence text

_RAW = re.compile(r";\s*raw/\S+(\s*\([A-Z]\))?")


def clean_source(text: str) -> str:
    """Drop the pointer to the collection's private excerpt file, keep paper + table."""
    return _RAW.sub("", text).strip()


def write_table(src: Path, dst: Path, columns: tuple[str, ...]) -> int:
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    have = set(rows[0]) if rows else set()
    missing = [c for c in columns if c not in have]
    if missing:
        raise SystemExit(f"{src}: columns {missing} not found")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        if "source" in r:
            r["source"] = clean_source(r["source"])
        w.writerow([r[c] for c in columns])
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(buf.getvalue(), encoding="utf-8")
    return len(rows)


_CAL_ROW = re.compile(
    r"^\|\s*(fig2|fig4|appf)\s*\|\s*(\w+)\s*\|\s*(linear|log10)\s*\|\s*`pix = ([-0-9.]+) \+ "
    r"([-0-9.]+) \* (?:log10\()?y\)?`\s*\|\s*`pix = ([-0-9.]+) \+ ([-0-9.]+) \* log10\(FLOPs\)`"
    r"\s*\|[^|]*\|\s*([0-9.]+) / ([0-9.]+)\s*\|\s*$")
_FIGURE = {"fig2": "fig2", "fig4": "loss_figure", "appf": "appendix_f"}


def write_calibration(notes: Path, dst: Path) -> int:
    """Axis calibration of every digitized panel, from the digitization notes' table."""
    out = [("figure", "panel", "y_scale", "y_pixel_at_zero", "y_pixels_per_unit",
            "x_pixel_at_zero", "x_pixels_per_dex", "tick_rms_y_px", "tick_rms_x_px")]
    for line in notes.read_text(encoding="utf-8").splitlines():
        m = _CAL_ROW.match(line)
        if m:
            fig, panel, scale, ya, yb, xa, xb, ry, rx = m.groups()
            out.append((_FIGURE[fig], panel, scale, ya, yb, xa, xb, ry, rx))
    if len(out) != 1 + 8 + 6 + 3:
        raise SystemExit(f"{notes}: expected 17 calibration rows, found {len(out) - 1}")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    dst.write_text(buf.getvalue(), encoding="utf-8")
    return len(out) - 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=bd.DEFAULT_SOURCES)
    args = ap.parse_args(argv)
    sh, out = args.shared, args.out
    if not (sh / "PROVENANCE.md").is_file():
        print(f"import_shared.py: {sh} is not the collection folder", file=sys.stderr)
        return 2
    for rel, origin in ORIGIN.items():
        n = write_table(sh / origin, out / rel, bd.SOURCE_TABLES[rel])
        print(f"{rel}: {n} rows")
    n = write_calibration(sh / "digitized" / "DIGITIZATION.md",
                          out / "wei2022_digitized" / "axis_calibration.csv")
    print(f"wei2022_digitized/axis_calibration.csv: {n} rows")
    (out / "obsscaling").mkdir(parents=True, exist_ok=True)
    for name in OBS_FILES:
        shutil.copyfile(sh / "obsscaling" / name, out / "obsscaling" / name)
    shutil.copyfile(sh / LICENCE, out / "obsscaling" / "LICENSE-Apache-2.0.txt")
    print("obsscaling: 3 files copied unchanged (Apache-2.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
