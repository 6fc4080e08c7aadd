"""The student and instructor editions (scripts/build_editions.py, ``make editions``).

- On a small notebook made here: what each edition keeps, removes and adds (no kernel).
- On the real notebooks: the student edition holds no worked solution, no solution code, no
  answer key, no model answer and no speaker notes; the instructor edition holds every solution
  (as a runnable cell), every quiz answer and every model answer.
- Both editions run: the student edition with nbval (as the notebooks are tested), the
  instructor edition in a kernel whose outputs are read: every solution cell prints the check's
  success line.

Select one notebook with ``-k 05``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from emergence_utils import quiz

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _load():
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("build_editions",
                                                  ROOT / "scripts" / "build_editions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_editions"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


be = _load()


def _text(nb) -> str:
    """Everything a reader of the notebook file sees: sources and any outputs, whitespace folded."""
    parts = []
    for c in nb["cells"]:
        parts.append(be._src(c))
        for o in c.get("outputs", []):
            parts.append(json.dumps(o, ensure_ascii=False))
    return " ".join(" ".join(parts).split())


def _fold(s: str) -> str:
    return " ".join(s.split())


# --- a small notebook made here ----------------------------------------------------------------

#: A notebook whose quiz module exists (any will do for the toy notebook).
TOY_QUIZ = next(nb for nb in ("00", "01", "02", "03", "04", "05", "06", "07", "08")
                if (ROOT / "emergence_utils" / "quizzes" / f"nb{nb}.py").is_file())
SOLUTION_BODY = "return float(sum(values)) / len(values)  # the mean, a fraction"


def _toy() -> nbformat.NotebookNode:
    title = ("# Toy\n\n**Learning objectives** (about 20 minutes, plus 5 minutes of bonus "
             "material)\n\n[glossary](../GLOSSARY.md)")
    stub = ('def share(values):\n    """Mean of the values."""\n'
            '    raise NotImplementedError("Student exercise: write share")\n\n\n'
            'eu.exercises.check("03.share", share)')
    solution = ("<details><summary>Solution</summary>\n\n```python\ndef share(values):\n"
                f'    """Mean of the values."""\n    {SOLUTION_BODY}\n```\n\n</details>\n\n'
                "The package does the same for every row.")
    cells = [
        new_markdown_cell(title),
        new_code_cell("import emergence_utils as eu", metadata={"tags": ["setup"]}),
        new_markdown_cell("## 1. First part (15 min)\n\nText.\n\n<details><summary>Hint"
                          "</summary>\n\nLook at the axis.\n\n</details>"),
        new_code_cell(stub),
        new_markdown_cell(solution),
        new_markdown_cell("Speaker notes: ask the room first.", metadata={"tags": ["notes"]}),
        new_markdown_cell("Only for the instructor.", metadata={"tags": ["instructor"]}),
        new_markdown_cell("### Predict\n\nWhat happens?\n\n<details><summary>Discussion"
                          "</summary>\n\nThe jump is in the metric.\n\n</details>"),
        new_markdown_cell("## Bonus: more (5 min)\n\nExtra."),
        new_markdown_cell("## Quiz (5 min)"),
        new_code_cell(f'eu.quiz.show("{TOY_QUIZ}")'),
        new_markdown_cell("## Opening question"),
        new_code_cell('eu.quiz.Quiz([eu.quiz.Question("Which is emergent?", ["arithmetic", '
                      '"nothing"], correct=0, explanation="INLINE-EXPLANATION: it jumps.")])'),
        new_markdown_cell("## Summary\n\n## References"),
    ]
    return new_notebook(cells=cells)


def test_toy_student_edition_removes_answers_and_notes():
    nb = _toy()
    student = be.student_edition(nb, "toy.ipynb", link_prefix="../../..")
    text = _text(student)
    assert SOLUTION_BODY not in text
    assert "<summary>Solution" not in text and "<summary>Discussion" not in text
    assert "The jump is in the metric" not in text
    assert be.SOLUTION_POINTER in text and be.ANSWER_POINTER in text
    assert "The package does the same for every row." in text  # prose around a solution stays
    assert "<summary>Hint</summary>" in text  # a hint is not an answer
    assert "Speaker notes" not in text and "Only for the instructor" not in text
    assert 'raise NotImplementedError("Student exercise: write share")' in text
    assert f'eu.quiz.show("{TOY_QUIZ}")' in text
    # the inline quiz becomes its questions without the key
    assert "Which is emergent?" in text and "INLINE-EXPLANATION" not in text
    assert "correct=" not in text
    for q in quiz.load(TOY_QUIZ):
        assert _fold(getattr(q, "explanation", "") or q.model_answer) not in text
    assert "](../../../GLOSSARY.md)" in text
    assert nb["cells"][4]["source"].startswith("<details>"), "the source notebook was changed"


def test_toy_instructor_edition_adds_solutions_key_notes_and_timing():
    instructor = be.instructor_edition(_toy(), "toy.ipynb")
    cells = instructor["cells"]
    sol = [i for i, c in enumerate(cells) if "solution" in c["metadata"].get("tags", [])]
    assert len(sol) == 1 and cells[sol[0]]["cell_type"] == "code"
    assert be.STUB in cells[sol[0] - 1]["source"], "the solution cell must follow its stub"
    assert SOLUTION_BODY in cells[sol[0]]["source"]
    assert cells[sol[0]]["source"].rstrip().endswith('eu.exercises.check("03.share", share)')
    assert SOLUTION_BODY not in cells[sol[0] + 1]["source"], "the solution is shown twice"
    text = _text(instructor)
    assert "The jump is in the metric" in text and "Speaker notes: ask the room first." in text
    assert "Only for the instructor." in text
    keys = [c["source"] for c in cells if "answer-key" in c["metadata"].get("tags", [])]
    assert len(keys) == 2
    for q in quiz.load(TOY_QUIZ):
        body = q.model_answer if isinstance(q, quiz.OpenQuestion) else q.explanation
        assert _fold(body) in _fold(keys[0])
    assert "INLINE-EXPLANATION: it jumps." in keys[1] and "(a) arithmetic **(right)**" in keys[1]
    assert "*Instructor timing: 15 min, minutes 0-15 of 20.*" in text
    assert "*Instructor timing: bonus, 5 min" in text
    assert "| 1. First part | 15 | 0-15 |" in cells[1]["source"]
    assert "Main sections: **20 min**; bonus sections: 5 min" in cells[1]["source"]


def test_a_stub_without_its_solution_fails_the_build():
    nb = _toy()
    nb["cells"][4]["source"] = "No solution here."
    with pytest.raises(be.EditionError, match=r"toy.ipynb: the stub of 03.share .*share\(\)"):
        be.student_edition(nb, "toy.ipynb")


NOTES_BODY = "Ask the room which curve jumps; expect 'arithmetic'."


def _toy_with_notes() -> nbformat.NotebookNode:
    """The toy plus a collapsed speaker-notes cell, a labelled one and an off-slide cell."""
    nb = _toy()
    nb["cells"] += [
        new_markdown_cell(f"<details><summary>Speaker notes</summary>\n\n{NOTES_BODY}\n\n"
                          "</details>", metadata={"tags": ["notes"]}),
        new_markdown_cell("**Speaker notes.** Already labelled.", metadata={"tags": ["notes"]}),
        new_markdown_cell("Off-slide prose the reader needs.", metadata={"tags": ["off-slide"]}),
    ]
    return nb


def test_toy_instructor_edition_opens_speaker_notes_once():
    text = _text(be.instructor_edition(_toy_with_notes(), "toy.ipynb"))
    assert f"{be.NOTES_LABEL} {NOTES_BODY}" in text
    assert "<summary>Speaker notes" not in text and "<details>" not in text.split(NOTES_BODY)[0][-40:]
    assert text.count("Already labelled.") == 1
    assert "**Speaker notes.** **Speaker notes.**" not in text
    assert "Speaker notes: ask the room first." in text  # a label of its own is not doubled
    assert "Off-slide prose the reader needs." in text


@pytest.mark.parametrize(("source", "expected"), [
    ("<details><summary>Speaker notes</summary>\n\nAsk first.\n</details>",
     "**Speaker notes.** Ask first."),
    ("<details>\n<summary><b>Speaker notes</b> (3 min)</summary>\nAsk first.</details>",
     "**Speaker notes.** Ask first."),
    ("Speaker notes: ask first.", "Speaker notes: ask first."),
    ("**Speaker notes.** Ask first.", "**Speaker notes.** Ask first."),
    ("Ask first.", "**Speaker notes.** Ask first."),
    ("<details><summary>Discussion</summary>Kept.</details>",
     "**Speaker notes.**\n\n<details><summary>Discussion</summary>Kept.</details>"),
    ("<details><summary>Speaker notes</summary>\n\n- **Ask the room:** why?\n- Then show.\n"
     "</details>", "**Speaker notes.**\n\n- **Ask the room:** why?\n- Then show."),
])
def test_speaker_notes_open(source, expected):
    assert be.speaker_notes_open(source) == expected


def test_toy_student_edition_keeps_off_slide_prose_and_drops_notes():
    text = _text(be.student_edition(_toy_with_notes(), "toy.ipynb"))
    assert "Off-slide prose the reader needs." in text
    assert NOTES_BODY not in text and "Already labelled." not in text


# --- the real notebooks ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    written = be.build_editions(NOTEBOOKS, out, verbose=False)
    return out, written


def _source(path: Path):
    return nbformat.read(path, as_version=4)


def _answer_texts(nb) -> list[str]:
    """Answer-key texts a student must not see: quiz explanations, feedback, model answers."""
    texts = []
    for _kind, questions in be.quiz_cells(nb).values():
        for q in questions:
            if isinstance(q, quiz.OpenQuestion):
                texts.append(q.model_answer)
            else:
                texts.append(q.explanation)
                texts += [w for w in (q.why or []) if w]
    return [_fold(t) for t in texts if len(t.strip()) >= 25]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_edition_has_no_solution_answer_key_or_notes(path, editions):
    out, _ = editions
    source = _source(path)
    student = _source(out / "student" / path.name)
    text = _text(student)
    assert not re.search(r"<summary>\s*(Show )?Solution", text, re.I)
    for m in be.DETAILS.finditer(text):
        assert not be.ANSWER_SUMMARY.search(m.group(1)), f"answer block left: {m.group(1)!r}"
    for ex in be.find_exercises(source, path.name):
        assert ex.body and ex.body not in text, f"{path.name}: solution of {ex.exercise_id} leaked"
    for answer in _answer_texts(source):
        assert answer not in text, f"{path.name}: answer-key text in the student edition: {answer!r}"
    for cell in student["cells"]:
        tags = set(cell["metadata"].get("tags", []))
        assert not tags & {"notes", "instructor", "solution", "answer-key"}
        assert not cell.get("outputs")
    # and nothing but answers was removed: every stub and check is still there
    stubs = sum(be.STUB in be._src(c) for c in source["cells"])
    assert sum(be.STUB in be._src(c) for c in student["cells"]) == stubs
    # off-slide prose belongs to the student too (only notes/instructor cells are dropped)
    off_slide = {c.get("id") for c in source["cells"]
                 if "off-slide" in c["metadata"].get("tags", [])}
    kept = {c.get("id") for c in student["cells"] if "off-slide" in c["metadata"].get("tags", [])}
    assert off_slide <= kept, f"{path.name}: off-slide cells dropped: {sorted(off_slide - kept)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_instructor_edition_has_every_solution_and_quiz_answer(path, editions):
    out, _ = editions
    source = _source(path)
    instructor = _source(out / "instructor" / path.name)
    solution_cells = [be._src(c) for c in instructor["cells"]
                      if "solution" in c["metadata"].get("tags", [])]
    exercises = be.find_exercises(source, path.name)
    assert len(solution_cells) == len(exercises)
    for ex, cell in zip(exercises, solution_cells, strict=True):
        assert ex.body in _fold(cell) and f'eu.exercises.check("{ex.exercise_id}"' in cell
    keys = _fold(" ".join(be._src(c) for c in instructor["cells"]
                          if "answer-key" in c["metadata"].get("tags", [])))
    for _kind, questions in be.quiz_cells(source).values():
        for q in questions:
            if isinstance(q, quiz.OpenQuestion):
                assert _fold(q.model_answer) in keys
            else:
                for i in sorted(q._correct):
                    assert _fold(f"({chr(97 + i)}) {q.options[i]} **(right)**") in keys
                assert _fold(q.explanation) in keys
    text = _text(instructor)
    assert not re.search(r"<summary>\s*(<[^>]+>\s*)*Speaker notes", text, re.I)
    for cell in source["cells"]:  # discussions, other answers and notes are all kept
        if "notes" in cell["metadata"].get("tags", []):
            assert _fold(be.speaker_notes_open(be._src(cell))) in text
        for m in be.answer_blocks(be._src(cell)):
            if not any(m.group(0) == ex.block for ex in exercises):
                assert _fold(m.group(0)) in text
    times = be.section_times(source)
    total = sum(t["minutes"] for t in times if not t["bonus"])
    for t in times:
        note = (f"*Instructor timing: bonus, {t['minutes']} min" if t["bonus"] else
                f"*Instructor timing: {t['minutes']} min, minutes {t['start']}-{t['end']} of "
                f"{total}.*")
        assert _fold(f"## {t['heading']} {note}") in text, f"{path.name}: {t['heading']}"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_edition_runs_under_nbval(path, editions):
    out, _ = editions
    target = out / "student" / path.name
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--nbval-lax",
                          "--nbval-current-env", "-p", "no:cacheprovider", str(target)],
                         cwd=target.parent, env=_env(), capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", run.stdout)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_instructor_edition_runs_and_every_solution_passes_its_check(path, editions):
    out, _ = editions
    nb = be.execute_notebook(out / "instructor" / path.name)
    assert be.check_executed(nb, path.name) == []
    solutions = [c for c in nb["cells"] if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) == len(be.find_exercises(_source(path)))
    for cell in solutions:
        printed = "".join(o.get("text", "") for o in cell["outputs"])
        assert be.SUCCESS in printed, printed
