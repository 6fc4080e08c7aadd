"""Tests for emergence_utils.data and the committed data files (data/*.csv, datasets.toml)."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_script

from emergence_utils import EmergenceDataError
from emergence_utils import data as eud

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
NAMES = sorted(eud.read_manifest(DATA)["datasets"])


@pytest.fixture(autouse=True)
def _repo_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the repository's own data folder."""
    monkeypatch.delenv(eud.DATA_DIR_ENV, raising=False)


# ---------------------------------------------------------------------------------------------
# The committed data
# ---------------------------------------------------------------------------------------------
def test_all_fifteen_datasets_listed() -> None:
    listing = eud.list_datasets()
    assert list(listing.columns) == ["name", "title", "rows", "file"]
    assert set(listing["name"]) == {
        "wei_table1", "wei_fig2", "wei_loss", "wei_appendix_f", "chain_of_thought", "mmlu",
        "model_scales", "gpt3_per_size", "palm_per_size", "chinchilla_gopher",
        "obsscaling_benchmarks", "obsscaling_emergent", "bigbench_tasks",
        "pythia_evals", "pythia_mmlu_subjects",
    }
    assert (listing["rows"] > 0).all()
    assert eud.data_dir() == DATA


@pytest.mark.parametrize("name", NAMES)
def test_dataset_loads_with_manifest_shape(name: str) -> None:
    entry = eud.info(name)
    df = eud.load(name)
    assert len(df) == entry["rows"] > 0
    assert list(df.columns) == [c["name"] for c in entry["columns"]]
    for spec in entry["columns"]:
        series = df[spec["name"]]
        if spec["dtype"] == "float":
            assert series.dtype == np.float64, spec["name"]
        elif spec["dtype"] == "int":
            assert str(series.dtype) == "Int64", spec["name"]
        if spec.get("required"):
            assert not series.isna().any(), spec["name"]
        if spec["dtype"] == "str" and spec.get("required"):
            assert (series.str.strip() != "").all(), spec["name"]


@pytest.mark.parametrize("name", NAMES)
def test_every_row_has_provenance(name: str) -> None:
    df = eud.load(name)
    assert (df["source"].str.strip() != "").all()
    assert df["method"].isin(eud.METHODS).all()
    derived = df[df["method"] == "derived"]
    assert (derived["note"].str.strip() != "").all()
    if "uncertainty" in df.columns:
        dig = df[df["method"] == "digitized"]
        assert dig["uncertainty"].notna().all() and (dig["uncertainty"] >= 0).all()


@pytest.mark.parametrize("name", NAMES)
def test_manifest_checksums_match_files(name: str) -> None:
    entry = eud.info(name)
    digest = hashlib.sha256((DATA / entry["file"]).read_bytes()).hexdigest()
    assert digest == entry["sha256"]


def test_manifest_entries_are_complete() -> None:
    for name in NAMES:
        entry = eud.info(name)
        for key in ("title", "description", "citation", "licence"):
            assert entry[key].strip(), (name, key)
        assert entry["sources"] and all(s.strip() for s in entry["sources"])
        assert re.search(r"\(20\d\d\)", entry["citation"]), name
        for spec in entry["columns"]:
            assert spec["description"].strip(), (name, spec["name"])
        assert eud.citation(name) == entry["citation"]


def test_counts_are_counts_not_billions() -> None:
    scales = eud.load("model_scales")
    gpt3 = scales[(scales["model"] == "GPT-3 175B") & (scales["flops_kind"] == "model_paper")]
    assert len(gpt3) == 1
    row = gpt3.iloc[0]
    # 175B parameters, 300B tokens, Table D.1 3.14E+23 FLOPs
    assert row["params"] == pytest.approx(175e9)
    assert row["train_tokens"] == pytest.approx(300e9)
    assert row["train_flops"] == pytest.approx(3.14e23)
    obs = eud.load("obsscaling_benchmarks")
    llama = obs[obs["model"] == "meta-llama/Llama-2-7b-hf"].iloc[0]
    assert llama["params"] == pytest.approx(7.0e9)
    assert llama["train_flops"] == pytest.approx(84.0e21)
    assert obs["value"].between(0, 1).all()


def test_model_scales_keeps_disagreeing_sources() -> None:
    scales = eud.load("model_scales")
    palm62 = scales[scales["model"] == "PaLM 62B"]
    kinds = set(palm62["flops_kind"])
    assert {"model_paper", "chung2022_table2", "wei2022_table1"} <= kinds
    own = palm62[palm62["flops_kind"] == "model_paper"].iloc[0]
    other = palm62[palm62["flops_kind"] == "chung2022_table2"].iloc[0]
    assert own["train_flops"] != other["train_flops"]
    assert "Chung" in own["note"] and "Chowdhery" in other["note"]


def test_mmlu_deduplicated_per_paper_but_disagreements_kept() -> None:
    mmlu = eud.load("mmlu")
    key = ["paper", "model", "subset", "shots", "value"]
    assert not mmlu.duplicated(key).any()
    chin = mmlu[(mmlu["model"] == "Chinchilla 70B") & (mmlu["subset"] == "average")
                & (mmlu["paper"] == "Hoffmann et al. 2022")]
    assert sorted(chin["value"]) == [67.5, 67.6]
    assert chin["note"].str.contains("also gives").all()
    ref = mmlu[mmlu["model_family"] == "reference"]
    assert {"Random", "Average human rater", "Average human expert performance"} <= set(
        ref["model"])
    assert ref["train_flops"].isna().all()


def test_chain_of_thought_prompting_and_families() -> None:
    cot = eud.load("chain_of_thought")
    assert set(cot["prompting"]) >= {"standard", "chain of thought",
                                     "chain of thought + external calculator"}
    inst = cot[cot["model_family"] == "InstructGPT"]
    assert set(inst["engine"]) == {"text-ada-001", "text-babbage-001", "text-curie-001",
                                   "text-davinci-002"}
    assert "GPT-3" not in set(cot.loc[cot["engine"] != "", "model_family"])
    assert (cot.loc[cot["model_family"] == "prior best", "prompting"]
            == "finetuned (prior best)").all()
    gsm = cot[(cot["model"] == "PaLM 540B") & (cot["task"] == "GSM8K") & (cot["table"] == "Table 2")]
    assert set(gsm["prompting"]) == {"standard", "chain of thought"}


def test_obsscaling_emergent_joins_scale_columns() -> None:
    emer = eud.load("obsscaling_emergent")
    bench = eud.load("obsscaling_benchmarks")
    scale = bench.drop_duplicates("model").set_index("model")
    merged = emer.merge(scale[["params", "train_flops"]], left_on="model", right_index=True,
                        suffixes=("", "_b"))
    assert np.allclose(merged["params"], merged["params_b"], equal_nan=True)
    assert (emer["shots"] == "2").all()
    assert emer.loc[emer["unit"] == "fraction", "value"].between(0, 1).all()


# ---------------------------------------------------------------------------------------------
# Fig. 2: published vs digitized
# ---------------------------------------------------------------------------------------------
def test_fig2_has_eight_panels_and_random_baselines() -> None:
    fig2 = eud.load("wei_fig2")
    assert sorted(fig2["panel"].unique()) == list("ABCDEFGH")
    rnd = fig2[fig2["model_family"] == "Random"]
    assert sorted(rnd["panel"]) == list("ABCDEFGH")
    assert rnd["train_flops"].isna().all()
    assert fig2.loc[fig2["model_family"] != "Random", "train_flops"].notna().all()


def test_fig2_published_values_agree_with_digitized_readings() -> None:
    factor = eud.info("wei_fig2")["agreement_factor"]
    assert factor > 0
    fig2 = eud.load("wei_fig2")
    pub = fig2[fig2["method"] == "published"]
    assert len(pub) > 0
    diff = (pub["value"] - pub["digitized_value"]).abs()
    assert (diff <= factor * pub["digitized_uncertainty"]).all()
    assert pub["uncertainty"].isna().all()
    assert (pub["model"] != "").all()
    dig = fig2[fig2["method"] == "digitized"]
    assert (dig["value"] == dig["digitized_value"]).all()
    assert (dig["uncertainty"] == dig["digitized_uncertainty"]).all()


def test_fig2_published_values_exist_in_the_published_tables() -> None:
    fig2 = eud.load("wei_fig2")
    gpt3, palm = eud.load("gpt3_per_size"), eud.load("palm_per_size")
    mmlu, chin = eud.load("mmlu"), eud.load("chinchilla_gopher")
    for _, r in fig2[fig2["method"] == "published"].iterrows():
        if r["panel"] == "H":
            table = gpt3 if r["model_family"] == "GPT-3" else palm
            hit = table[(table["model"] == r["model"]) & (table["task"] == "WiC")
                        & (table["shots"] == r["shots"]) & (table["split"] == r["split"])]
        elif r["panel"] == "G":
            hit = mmlu[(mmlu["model"] == r["model"]) & (mmlu["subset"] == "average")
                       & (mmlu["shots"] == r["shots"])]
        else:
            hit = chin[(chin["model"] == r["model"]) & (chin["task"] == "TruthfulQA")
                       & (chin["shots"] == r["shots"])]
        assert np.isclose(hit["value"], r["value"]).any(), (r["panel"], r["model"])


def test_fig2_disagreeing_published_values_are_recorded_in_note() -> None:
    """Every published WiC value of the same model that the reading rejects is named in note,
    and digitized points flagged as mismatches say so."""
    factor = eud.info("wei_fig2")["agreement_factor"]
    fig2 = eud.load("wei_fig2")
    gpt3 = eud.load("gpt3_per_size")
    wic = gpt3[gpt3["task"] == "WiC"]
    rows = fig2[(fig2["panel"] == "H") & (fig2["model_family"] == "GPT-3")]
    checked = 0
    for _, r in rows.iterrows():
        for _, p in wic[wic["model"] == r["model"]].iterrows():
            if abs(p["value"] - r["digitized_value"]) > factor * r["digitized_uncertainty"]:
                assert "disagrees" in r["note"]
                assert _printed(p) in r["note"], (r["model"], _printed(p))
                checked += 1
    assert checked > 0
    mism = fig2[fig2["flag"].str.contains("published_mismatch")]
    assert (mism["method"] == "digitized").all()
    assert mism["note"].str.contains("published_mismatch").all()


def _printed(row: pd.Series) -> str:
    """The value of a gpt3_per_size row as printed in its CSV file."""
    text = (DATA / "gpt3_per_size.csv").read_text(encoding="utf-8")
    for rec in csv.DictReader(io.StringIO(text)):
        if (rec["model"], rec["task"], rec["shots"], rec["split"]) == (
                row["model"], row["task"], row["shots"], row["split"]) and math.isclose(
                float(rec["value"]), row["value"]):
            return rec["value"]
    raise AssertionError("row not found")


def test_fig2_models_identified_from_flops() -> None:
    fig2 = eud.load("wei_fig2")
    scales = eud.load("model_scales")
    named = fig2[fig2["model"] != ""]
    assert len(named) > 0
    for _, r in named.iterrows():
        fl = scales.loc[scales["model"] == r["model"], "train_flops"].dropna()
        assert len(fl) > 0, r["model"]
        dist = np.abs(np.log10(fl) - np.log10(r["train_flops"])).min()
        assert dist <= r["flops_uncertainty_dex"], (r["panel"], r["model"])
        assert r["params"] > 0
    # GPT-3 points of panel H are the eight GPT-3 models in FLOPs order
    h = fig2[(fig2["panel"] == "H") & (fig2["model_family"] == "GPT-3")].sort_values(
        "train_flops")
    assert list(h["model"]) == ["GPT-3 Small", "GPT-3 Medium", "GPT-3 Large", "GPT-3 XL",
                                "GPT-3 2.7B", "GPT-3 6.7B", "GPT-3 13B", "GPT-3 175B"]


# ---------------------------------------------------------------------------------------------
# Error paths, on broken copies of the data folder
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that EMERGENCE_DATA_DIR points to."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    monkeypatch.setenv(eud.DATA_DIR_ENV, str(dst))
    return dst


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set(path: Path, row: int, column: str, value: str) -> None:
    """Set data row ``row`` (1-based) of ``column``."""
    rows = _rows(path)
    rows[row][rows[0].index(column)] = value
    _write(path, rows)


def _raises(name: str, *, row: int | None = None, column: str | None = None,
            match: str = "") -> EmergenceDataError:
    with pytest.raises(EmergenceDataError, match=match) as info:
        eud.load(name)
    err = info.value
    msg = str(err)
    assert err.dataset == name and f"dataset {name!r}" in msg
    assert err.file is not None and err.file in msg
    assert err.row == row
    if row is not None:
        assert f"row {row}" in msg
    assert err.column == column
    if column is not None:
        assert f"column {column!r}" in msg
    return err


def test_unknown_dataset_lists_known_ones() -> None:
    err = _raises("wei_fig_2", match="known datasets: .*wei_fig2")
    assert err.file.endswith("datasets.toml")


def test_non_string_name_is_an_error() -> None:
    with pytest.raises(EmergenceDataError, match="unknown dataset"):
        eud.load(3)  # type: ignore[arg-type]


def test_missing_file(broken: Path) -> None:
    (broken / "mmlu.csv").unlink()
    err = _raises("mmlu", match="missing")
    assert err.file.endswith("mmlu.csv")


def test_empty_file(broken: Path) -> None:
    (broken / "mmlu.csv").write_bytes(b"")
    _raises("mmlu", match="empty")


def test_header_only_file(broken: Path) -> None:
    rows = _rows(broken / "mmlu.csv")
    _write(broken / "mmlu.csv", rows[:1])
    _raises("mmlu", row=1, match="no data rows")


def test_truncated_at_a_line_boundary(broken: Path) -> None:
    rows = _rows(broken / "wei_table1.csv")
    _write(broken / "wei_table1.csv", rows[:11])  # header + 10 of 23 rows
    _raises("wei_table1", row=11, match="10 data rows but the manifest says 23")


def test_truncated_in_the_middle_of_a_line(broken: Path) -> None:
    path = broken / "wei_table1.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    cut = "\n".join(lines[:5]) + "\n" + lines[5].split(",")[0] + ","
    path.write_text(cut, encoding="utf-8")
    # data row 5 keeps 2 fields (category, empty ability): the third column is missing
    _raises("wei_table1", row=5, column="model_family", match="truncated")


def test_missing_column(broken: Path) -> None:
    rows = _rows(broken / "palm_per_size.csv")
    j = rows[0].index("train_flops")
    _write(broken / "palm_per_size.csv", [r[:j] + r[j + 1:] for r in rows])
    _raises("palm_per_size", column="train_flops", match="missing column")


def test_extra_column(broken: Path) -> None:
    rows = _rows(broken / "palm_per_size.csv")
    _write(broken / "palm_per_size.csv",
           [rows[0] + ["my_guess"]] + [r + ["1"] for r in rows[1:]])
    _raises("palm_per_size", column="my_guess", match="not in the manifest")


def test_text_in_numeric_column(broken: Path) -> None:
    _set(broken / "gpt3_per_size.csv", 7, "value", "49.4*")
    _raises("gpt3_per_size", row=7, column="value", match="text '49.4\\*' in a numeric")


def test_count_out_of_range(broken: Path) -> None:
    _set(broken / "model_scales.csv", 3, "params", "-7.6e+08")
    _raises("model_scales", row=3, column="params", match="out of range")


def test_zero_flops_out_of_range(broken: Path) -> None:
    _set(broken / "wei_fig2.csv", 4, "train_flops", "0")
    _raises("wei_fig2", row=4, column="train_flops", match="must be > 0")


def test_missing_required_number(broken: Path) -> None:
    _set(broken / "mmlu.csv", 2, "value", "")
    _raises("mmlu", row=2, column="value", match="missing value \\(NaN\\)")


def test_literal_nan_is_rejected(broken: Path) -> None:
    _set(broken / "wei_loss.csv", 9, "value", "nan")
    _raises("wei_loss", row=9, column="value", match="non-finite")


def test_invalid_method(broken: Path) -> None:
    _set(broken / "chinchilla_gopher.csv", 4, "method", "guessed")
    _raises("chinchilla_gopher", row=4, column="method", match="'guessed' is not one of")


def test_digitized_row_needs_uncertainty(broken: Path) -> None:
    fig2 = eud.load("wei_fig2")
    row = int(np.flatnonzero(fig2["method"] == "digitized")[5]) + 1
    _set(broken / "wei_fig2.csv", row, "uncertainty", "")
    _raises("wei_fig2", row=row, column="uncertainty", match="without an uncertainty")


def test_duplicate_rows(broken: Path) -> None:
    rows = _rows(broken / "bigbench_tasks.csv")
    rows[5] = list(rows[2])
    _write(broken / "bigbench_tasks.csv", rows)
    _raises("bigbench_tasks", row=5, match="identical to row 2")


def test_checksum_mismatch(broken: Path) -> None:
    rows = _rows(broken / "mmlu.csv")
    j = rows[0].index("value")
    old = rows[1][j]
    rows[1][j] = str(round(float(old) + 0.1, 1))  # a plausible hand edit
    _write(broken / "mmlu.csv", rows)
    _raises("mmlu", match="sha256 .* does not match the manifest")


def test_bad_bool(broken: Path) -> None:
    _set(broken / "obsscaling_benchmarks.csv", 10, "in_sub_10b", "yes")
    _raises("obsscaling_benchmarks", row=10, column="in_sub_10b", match="'True' or 'False'")


def test_crlf_checkout_still_loads(broken: Path) -> None:
    path = broken / "wei_table1.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(eud.load("wei_table1")) == eud.info("wei_table1")["rows"]


def test_env_var_without_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(eud.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(EmergenceDataError, match="EMERGENCE_DATA_DIR") as info:
        eud.list_datasets()
    assert info.value.file == str(tmp_path / "datasets.toml")


def test_broken_manifest(broken: Path) -> None:
    (broken / "datasets.toml").write_text("[datasets\nfile = 1\n", encoding="utf-8")
    with pytest.raises(EmergenceDataError, match="cannot parse the manifest"):
        eud.load("mmlu")


# ---------------------------------------------------------------------------------------------
# Caching, working directory
# ---------------------------------------------------------------------------------------------
def test_load_returns_independent_copies() -> None:
    a = eud.load("mmlu")
    a.loc[0, "value"] = -1.0
    a["extra"] = 1
    b = eud.load("mmlu")
    assert b.loc[0, "value"] != -1.0 and "extra" not in b.columns
    info = eud.info("mmlu")
    info["columns"].clear()
    assert eud.info("mmlu")["columns"]


def test_edit_after_load_is_detected(broken: Path) -> None:
    assert len(eud.load("mmlu")) > 0
    _set(broken / "mmlu.csv", 1, "value", "99.9")
    with pytest.raises(EmergenceDataError, match="sha256"):
        eud.load("mmlu")


def test_load_from_another_working_directory(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert eud.data_dir() == DATA
    assert len(eud.load("wei_table1")) == 23


# ---------------------------------------------------------------------------------------------
# The build script
# ---------------------------------------------------------------------------------------------
def _build_module():
    return load_script("build_data")


def test_committed_files_equal_a_fresh_build(tmp_path: Path) -> None:
    """Byte-for-byte: a rebuild from data/sources alone gives the committed CSV files, README
    and manifest (the Pythia files included: build_data.py calls scripts/build_pythia.py)."""
    out = tmp_path / "out"
    assert _build_module().main(["--out", str(out)]) == 0
    built = sorted(p.name for p in out.iterdir())
    committed = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert built == committed
    for name in built:
        assert (out / name).read_bytes() == (DATA / name).read_bytes(), name


def test_build_check_mode_reports_fresh_data() -> None:
    assert _build_module().main(["--check"]) == 0


def test_build_without_sources_changes_nothing(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _build_module().main(["--sources", str(tmp_path / "absent"), "--out", str(out)]) == 2
    assert not out.exists()
    assert "not found" in capsys.readouterr().err


def test_count_parser_keeps_printed_digits() -> None:
    bd = _build_module()
    assert bd.count("175B", "t") == "1.75e+11"
    assert bd.count("8.63B", "t") == "8.63e+09"
    assert bd.count("125M", "t") == "1.25e+08"
    assert bd.count("1.4T", "t") == "1.4e+12"
    assert bd.count("", "t") == ""
    assert bd.flops("3.1E+23", "t") == "3.1e+23"
    assert bd.scaled("84.0", 21, "t") == "8.40e+22"
    for text in ("1.75e+11", "8.63e+09", "8.40e+22"):
        assert math.isfinite(float(text))
    with pytest.raises(bd.BuildError, match="cannot parse count"):
        bd.count("175 billion", "t")


def test_require_frame_names_the_parameter_and_the_missing_column():
    import pandas as pd

    from emergence_utils import EmergenceDataError, EmergenceInputError
    from emergence_utils.data import require_frame

    df = pd.DataFrame({"a": [1], "b": [2]})
    assert require_frame(df, "demo", ["a", "b"]) is df
    with pytest.raises(EmergenceInputError, match="^table: expected a pandas DataFrame"):
        require_frame([1, 2], "demo", ["a"], param="table")
    with pytest.raises(EmergenceDataError, match="dataset 'demo'.*column 'c'"):
        require_frame(df, "demo", ["a", "c"])
