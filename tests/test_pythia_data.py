"""The Pythia / OPT / BLOOM datasets: every value equals its raw JSON entry, the grid is complete,
derived columns follow their formulas, and bad sources give named errors."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import emergence_utils as eu

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
EXTRACT = SOURCES / "pythia"
RAW = ROOT.parent / "shared" / "data" / "pythia" / "raw"
OBS_RAW = ROOT.parent / "shared" / "data" / "obsscaling" / "base_llm_benchmark_eval.csv"

STEPS_0 = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 3000,
           *range(13000, 143001, 10000)]
STEPS_5 = [3000, *range(13000, 143001, 10000)]


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


build_pythia = _module("build_pythia")
import_pythia = _module("import_pythia")


def _extract_rows() -> list[dict[str, str]]:
    text = gzip.decompress((EXTRACT / "evals.csv.gz").read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def evals():
    return eu.data.load("pythia_evals")


@pytest.fixture(scope="module")
def subjects():
    return eu.data.load("pythia_mmlu_subjects")


# ---------------------------------------------------------------------------------------------
# Values equal the raw JSON entries
# ---------------------------------------------------------------------------------------------
def _raw_key(task: str, metric: str) -> tuple[str, str]:
    inv = {v[:2]: k for k, v in build_pythia.TASKS.items()}
    return inv[(task, metric)]


def test_every_published_value_equals_the_extract(evals):
    ext = {(r["path"], r["task"], r["metric"]): r for r in _extract_rows()}
    pub = evals[evals["method"] == "published"]
    assert len(pub) == 685 * 9
    for row in pub.itertuples():
        path = row.source.split(" evals/", 1)[1]
        task, metric = _raw_key(row.task, row.metric)
        e = ext[(path, task, metric)]
        assert row.value == float(e["value"]), (path, task, metric)
        assert row.stderr == float(e["stderr"]), (path, task, metric)


def test_mmlu_mean_follows_its_formula(evals, subjects):
    ext = _extract_rows()
    by: dict[str, list[tuple[float, float]]] = {}
    for r in ext:
        if r["task"].startswith("hendrycksTest-"):
            by.setdefault(r["path"], []).append((float(r["value"]), float(r["stderr"])))
    mm = evals[evals["task"] == "MMLU"]
    assert len(mm) == 685 and set(mm["method"]) == {"derived"}
    for row in mm.itertuples():
        vals = by[row.source.split(" evals/", 1)[1]]
        assert len(vals) == 57
        assert row.value == pytest.approx(math.fsum(v for v, _ in vals) / 57, rel=1e-12)
        assert row.stderr == pytest.approx(math.sqrt(math.fsum(s * s for _, s in vals)) / 57,
                                           rel=1e-12)
    # the per-subject table holds the final checkpoints only, values unchanged
    ext_map = {(r["path"], r["task"]): float(r["value"]) for r in ext}
    for row in subjects.itertuples():
        path = row.source.split(" evals/", 1)[1]
        assert row.value == ext_map[(path, f"hendrycksTest-{row.subject}")]
    assert len(subjects) == (32 + 13) * 57


@pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/pythia/raw is not here (the "
                    "repository runs without it); checked against the committed extract only")
def test_extract_equals_the_raw_json_files():
    rows = _extract_rows()
    cache: dict[str, dict] = {}
    for r in rows:
        if r["path"] not in cache:
            cache[r["path"]] = json.loads((RAW / r["path"]).read_text(encoding="utf-8"))
        res = cache[r["path"]]["results"][r["task"]]
        assert float(r["value"]) == res[r["metric"]]
        assert float(r["stderr"]) == res[f"{r['metric']}_stderr"]
        assert r["value"] == repr(res[r["metric"]])  # the text is the JSON number itself
    files = list(csv.DictReader((EXTRACT / "files.csv").open(encoding="utf-8")))
    assert len(cache) == len(files) == 685
    for f in files:
        cfg = cache[f["path"]]["config"]
        assert f["model_args"] == cfg["model_args"]
        assert f["num_fewshot"] == str(cfg["num_fewshot"])


@pytest.mark.skipif(not (RAW.is_dir() and OBS_RAW.is_file()),
                    reason="../shared is not here; the import cannot be re-run")
def test_import_reproduces_the_committed_extract(tmp_path):
    import_pythia.write(RAW, OBS_RAW, tmp_path)
    for name in ("files.csv", "evals.csv.gz", "obsscaling_opt_bloom_scales.csv",
                 "README_models_excerpt.md", "LICENSE"):
        assert (tmp_path / name).read_bytes() == (EXTRACT / name).read_bytes(), name


def test_build_reproduces_the_committed_csv_and_manifest(tmp_path):
    written = build_pythia.build(SOURCES, tmp_path)
    assert [p.name for p in written] == ["pythia_evals.csv", "pythia_mmlu_subjects.csv"]
    for p in written:
        assert p.read_bytes() == (ROOT / "data" / p.name).read_bytes(), p.name
    manifest = (ROOT / "data" / "datasets.toml").read_text(encoding="utf-8")
    assert build_pythia.manifest_toml(tmp_path) in manifest


# ---------------------------------------------------------------------------------------------
# Completeness and spot checks
# ---------------------------------------------------------------------------------------------
def test_checkpoint_grid_and_sizes_are_complete(evals):
    py = evals[evals["model_family"].str.startswith("Pythia")]
    assert sorted(py["size_label"].unique(), key=lambda s: eu.open_models.SIZES.index(s)) == \
        list(eu.open_models.SIZES)
    for (fam, size, shots), g in py.groupby(["model_family", "size_label", "shots"]):
        want = STEPS_0 if shots == "0" else STEPS_5
        for (task, metric), h in g.groupby(["task", "metric"]):
            assert sorted(h["step"].astype(int)) == want, (fam, size, shots, task, metric)
    assert set(evals.loc[evals["model_family"] == "OPT", "size_label"]) == \
        {"125M", "350M", "1.3B", "2.7B", "6.7B", "13B", "30B", "66B"}
    assert set(evals.loc[evals["model_family"] == "BLOOM", "size_label"]) == \
        {"560M", "1.1B", "1.7B", "3B", "7.1B"}


def test_spot_checks(evals):
    def one(model, step, shots, task, metric):
        g = evals[(evals["model"] == model) & (evals["step"] == step) & (evals["shots"] == shots)
                  & (evals["task"] == task) & (evals["metric"] == metric)]
        assert len(g) == 1
        return g.iloc[0]

    # values read by eye from evals/pythia-v1/pythia-70m/zero-shot/70m_step143000.json
    r = one("Pythia 70M", 143000, "0", "LAMBADA", "perplexity")
    assert r.value == 142.42891015470678 and r.stderr == 6.043810708201551
    assert one("Pythia 70M", 143000, "0", "LAMBADA", "accuracy").value == 0.18455268775470599
    assert one("Pythia 70M", 143000, "0", "WinoGrande", "accuracy").value == 0.5280189423835833
    assert one("Pythia 70M", 143000, "0", "SciQ", "accuracy").value == 0.601
    # an untrained model predicts no LAMBADA word
    assert one("Pythia 12B", 0, "0", "LAMBADA", "accuracy").value == 0.0


def test_derived_scale_columns(evals):
    py = evals[evals["model_family"].str.startswith("Pythia")]
    np.testing.assert_array_equal(py["train_tokens"], py["step"].astype(float) * 2_097_152)
    np.testing.assert_allclose(py["train_flops"], 6 * py["params"] * py["train_tokens"],
                               rtol=1e-15)
    assert (py["params_basis"] == "non-embedding (derived)").all()
    # The formula reproduces the non-embedding counts printed in the Pythia model cards
    # (huggingface.co/EleutherAI/pythia-410m-v0, table "Non-Embedding Params").
    card = {"70M": 18_915_328, "160M": 85_056_000, "410M": 302_311_424, "1B": 805_736_448,
            "1.4B": 1_208_602_624, "2.8B": 2_517_652_480}
    for size, n in card.items():
        assert set(py.loc[py["size_label"] == size, "params"]) == {float(n)}
    final = py[py["step"] == 143000]
    assert set(final["train_tokens"]) == {299_892_736_000.0}  # the README's token count
    opt = evals[evals["model"] == "OPT 125M"].iloc[0]
    assert (opt.params, opt.train_tokens, opt.train_flops) == (1.25e8, 1.8e11, 1.35e20)
    b17 = evals[evals["model"] == "BLOOM 1.7B"]
    assert b17["params"].isna().all() and b17["train_flops"].isna().all()
    assert (b17["params_basis"] == "unknown").all()


def test_chance_levels_and_units(evals):
    ch = evals.groupby(["task", "metric"])["chance"].agg(lambda s: set(s.dropna()))
    assert ch[("MMLU", "accuracy")] == {0.25}
    assert ch[("PIQA", "accuracy")] == {0.5}
    assert ch[("LAMBADA", "accuracy")] == {0.0}
    assert ch[("LAMBADA", "perplexity")] == set()
    assert set(evals.loc[evals["metric"] == "perplexity", "unit"]) == {"perplexity"}
    assert set(evals.loc[evals["metric"] == "accuracy", "unit"]) == {"fraction"}
    assert evals.loc[evals["unit"] == "fraction", "value"].between(0, 1).all()


def test_committed_data_is_small():
    sizes = [p.stat().st_size for p in (ROOT / "data").glob("pythia_*.csv")]
    sizes += [p.stat().st_size for p in EXTRACT.iterdir()]
    assert sum(sizes) < 5_000_000


# ---------------------------------------------------------------------------------------------
# Named errors
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def sources_copy(tmp_path):
    dst = tmp_path / "sources" / "pythia"
    shutil.copytree(EXTRACT, dst)
    return dst


def test_missing_file_is_named(sources_copy, tmp_path):
    (sources_copy / "evals.csv.gz").unlink()
    with pytest.raises(build_pythia.BuildError, match=r"evals\.csv\.gz: file is missing"):
        build_pythia.build(sources_copy.parent, tmp_path / "out")


def test_missing_key_is_named(sources_copy, tmp_path):
    rows = _extract_rows()
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["path", "task", "metric", "value", "stderr"],
                       lineterminator="\n")
    w.writeheader()
    rows[5]["stderr"] = ""
    w.writerows(rows)
    (sources_copy / "evals.csv.gz").write_bytes(gzip.compress(buf.getvalue().encode()))
    with pytest.raises(build_pythia.BuildError, match=r"line 7: key 'stderr'"):
        build_pythia.build(sources_copy.parent, tmp_path / "out")


def test_missing_model_table_row_is_named(sources_copy, tmp_path):
    p = sources_copy / "README_models_excerpt.md"
    p.write_text("\n".join(ln for ln in p.read_text().splitlines()
                           if not ln.startswith("| 410M")), encoding="utf-8")
    with pytest.raises(build_pythia.BuildError, match=r"README_models_excerpt\.md: model table "
                       r"has no row for \['410M'\]"):
        build_pythia.build(sources_copy.parent, tmp_path / "out")


def test_bad_or_missing_raw_file_is_named(tmp_path):
    rel = "pythia-v1/pythia-70m/zero-shot/70m_step0.json"
    bad = tmp_path / rel
    bad.parent.mkdir(parents=True)
    with pytest.raises(import_pythia.ImportError_, match=r"70m_step0\.json: file is missing"):
        import_pythia.extract_file(tmp_path, rel)
    bad.write_text('{"results": {}, "config": {"model_args": "x", "num_fewshot": 0}}')
    with pytest.raises(import_pythia.ImportError_,
                       match=r"70m_step0\.json: key 'results\.lambada_openai' is missing"):
        import_pythia.extract_file(tmp_path, rel)
    bad.write_text('{"results": {"lambada_openai": {"acc": 0.5}}}')
    with pytest.raises(import_pythia.ImportError_, match=r"70m_step0\.json: key 'config'"):
        import_pythia.extract_file(tmp_path, rel)
    bad.write_text("{not json")
    with pytest.raises(import_pythia.ImportError_, match=r"70m_step0\.json: not valid JSON"):
        import_pythia.extract_file(tmp_path, rel)
    with pytest.raises(import_pythia.ImportError_, match=r"pythia-70m/five-shot: folder "
                       r"is missing"):
        import_pythia.extract(tmp_path)


def test_loader_names_a_tampered_file(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "datasets.toml", data)
    text = (ROOT / "data" / "pythia_evals.csv").read_text(encoding="utf-8")
    (data / "pythia_evals.csv").write_text(text.replace(",0.18455268775470599,", ",0.2,", 1),
                                           encoding="utf-8")
    with pytest.raises(eu.EmergenceDataError, match="sha256"):
        eu.data.load_from(data, "pythia_evals")
