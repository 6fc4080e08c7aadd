"""Write a student edition and an instructor edition of the notebooks to ``build/editions/``.

Usage::

    python scripts/build_editions.py                     # every notebooks/*.ipynb
    python scripts/build_editions.py --execute           # and run both editions to check them
    python scripts/build_editions.py notebooks/05_*.ipynb --out /tmp/editions

The notebooks in ``notebooks/`` stay the one source of truth; both editions are derived from
them and written without outputs (as the notebooks are committed):

``student/``
    Stubs and checks kept; every answer block removed: ``<details>`` blocks whose summary is a
    solution, a discussion, an answer or "ideas" are replaced by a one-line pointer to the
    instructor edition. Cells tagged ``notes`` (speaker notes) or ``instructor`` are dropped;
    cells tagged ``off-slide`` (prose the slides leave out) are kept.
    The quiz cell stays ``eu.quiz.show("NN")``: its questions and key live in the package and
    are checked in the kernel, never written into the notebook. A notebook that still builds
    its quiz inline (``eu.quiz.Quiz([...])``, with the key in the cell) gets the questions as
    markdown instead, without the key.

``instructor/``
    Everything kept. After each exercise stub, a code cell tagged ``solution`` defines the
    worked solution and runs the same ``eu.exercises.check`` (so "Run All" prints the success
    line); the markdown copy of that solution is replaced by a pointer to the cell. Under the
    quiz, a markdown cell tagged ``answer-key`` lists every right option, the explanation, the
    feedback for each option and the model answers of the open questions. Speaker notes are
    shown open (their collapsed ``<details><summary>Speaker notes`` wrapper removed) and
    labelled once. Every ``## ... (N min)`` heading gets a timing line (its minutes and where it
    falls in the session) and the title is followed by a timing plan.

``--execute`` runs every notebook of both editions in a fresh kernel (as ``make html`` does) and
fails if a cell raises or if a ``solution`` cell of the instructor edition does not print
"Well done".
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_html import execute_notebook, notebook_paths, unwrap_speaker_notes  # noqa: E402

__all__ = ["EditionError", "ExerciseSource", "find_exercises", "answer_blocks", "quiz_cells",
           "section_times", "student_edition", "instructor_edition", "build_editions",
           "check_executed", "speaker_notes_open", "SUCCESS", "STUB"]

#: What a stub raises (the same string the notebook tests look for).
STUB = 'raise NotImplementedError("Student exercise'
#: What :func:`emergence_utils.exercises.check` prints when every case passes.
SUCCESS = "Well done"

CHECK_CALL = re.compile(r"eu\.exercises\.check\(\s*[\"'](\d\d\.\w+)[\"']\s*,\s*(\w+)")
DETAILS = re.compile(r"<details\b[^>]*>\s*<summary>(.*?)</summary>(.*?)</details>",
                     re.S | re.I)
#: Summaries of blocks that hold an answer (removed from the student edition).
ANSWER_SUMMARY = re.compile(r"solution|discussion|answer|ideas", re.I)
SOLUTION_SUMMARY = re.compile(r"solution", re.I)
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
QUIZ_SHOW = re.compile(r"eu\.quiz\.show\(\s*[\"'](\d+)[\"']\s*\)")
INLINE_QUIZ = re.compile(r"\bQuiz\(\s*\[")
MINUTES = re.compile(r"\((\d+)\s*min\)\s*$")
TOTAL = re.compile(r"\*\*Learning objectives\*\*\s*\(about (\d+) minutes"
                   r"(?:, plus (\d+) minutes of bonus material)?\)")

SOLUTION_POINTER = "*(Worked solution: in the instructor edition.)*"
ANSWER_POINTER = "*(Discuss in class; the instructor edition has a model answer.)*"
MOVED_POINTER = ("*(Instructor edition: this solution runs in the code cell tagged `solution` "
                 "just above, followed by its check.)*")


class EditionError(ValueError):
    """A notebook cannot be turned into an edition (the message names notebook and cell)."""


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _meta(slide: str = "-", tags: Iterable[str] = ()) -> dict:
    return {"slideshow": {"slide_type": slide}, "tags": sorted(tags)}


# --- what a notebook contains -----------------------------------------------------------------

@dataclass
class ExerciseSource:
    """A checked exercise found in a notebook: its stub cell and its worked solution.

    Attributes
    ----------
    exercise_id : str
        ``"NN.name"`` as passed to ``eu.exercises.check``.
    func : str
        Name of the function the student writes.
    stub_cell : int
        Index of the code cell with the stub and the check.
    solution_cell : int
        Index of the markdown cell whose ``<details><summary>Solution`` block defines ``func``.
    block : str
        That whole ``<details>`` block, as written.
    code : str
        The solution's Python code.
    """

    exercise_id: str
    func: str
    stub_cell: int
    solution_cell: int
    block: str
    code: str

    @property
    def body(self) -> str:
        """The solution function's body below its signature and docstring (whitespace folded),
        i.e. what a student edition must not contain."""
        tree = ast.parse(self.code)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == self.func:
                stmts = node.body
                if (stmts and isinstance(stmts[0], ast.Expr)
                        and isinstance(getattr(stmts[0], "value", None), ast.Constant)
                        and isinstance(stmts[0].value.value, str)):
                    stmts = stmts[1:]
                lines = self.code.splitlines()
                text = "\n".join(lines[stmts[0].lineno - 1:stmts[-1].end_lineno]) if stmts else ""
                return " ".join(text.split())
        raise EditionError(f"the solution of {self.exercise_id} does not define {self.func}()")


def answer_blocks(text: str) -> list[re.Match[str]]:
    """The ``<details>`` blocks of a markdown text that hold an answer (solution, discussion,
    answer, ideas), in order."""
    return [m for m in DETAILS.finditer(text) if ANSWER_SUMMARY.search(m.group(1))]


def _defines(code: str, func: str) -> bool:
    return re.search(rf"^\s*def {re.escape(func)}\s*\(", code, re.M) is not None


def find_exercises(nb, name: str = "notebook") -> list[ExerciseSource]:
    """Every stub (a code cell raising ``NotImplementedError("Student exercise...")`` with an
    ``eu.exercises.check`` call) and its worked solution in one of the next two cells.

    Raises
    ------
    EditionError
        When a stub has no ``<details><summary>Solution`` block with a ```python definition of
        the checked function in the next two cells.
    """
    cells = nb["cells"]
    found = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or STUB not in _src(cell):
            continue
        calls = CHECK_CALL.findall(_src(cell))
        if not calls:
            raise EditionError(f"{name}: cell {i} is a stub without an eu.exercises.check call")
        for exercise_id, func in calls:
            hit = None
            for j in range(i + 1, min(i + 3, len(cells))):
                if cells[j]["cell_type"] != "markdown":
                    continue
                for m in answer_blocks(_src(cells[j])):
                    if not SOLUTION_SUMMARY.search(m.group(1)):
                        continue
                    code = next((c for c in PYTHON_BLOCK.findall(m.group(2))
                                 if _defines(c, func)), None)
                    if code is not None:
                        hit = ExerciseSource(exercise_id, func, i, j, m.group(0), code)
                        break
                if hit:
                    break
            if hit is None:
                raise EditionError(
                    f"{name}: the stub of {exercise_id} (cell {i}) has no <details><summary>"
                    f"Solution block defining {func}() in a ```python block in the next two cells")
            found.append(hit)
    return found


def _questions_of_inline_quiz(source: str, name: str, index: int) -> list:
    """Evaluate a cell that builds ``eu.quiz.Quiz([...])`` inline; return its questions."""
    import emergence_utils as eu

    namespace: dict = {"eu": eu}
    tree = ast.parse(source)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise EditionError(f"{name}: quiz cell {index} does not end with the Quiz expression")
    expr = tree.body.pop().value
    while (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
           and expr.func.attr == "widget"):  # ``Quiz([...]).widget()``
        expr = expr.func.value
    target = ast.copy_location(ast.Name("_edition_quiz", ctx=ast.Store()), expr)
    tree.body.append(ast.copy_location(ast.Assign(targets=[target], value=expr), expr))
    try:
        exec(compile(tree, f"<{name} cell {index}>", "exec"), namespace)
        quiz = namespace["_edition_quiz"]
    except Exception as exc:  # the message must name the cell
        raise EditionError(f"{name}: quiz cell {index} failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(quiz, eu.quiz.Quiz):
        raise EditionError(f"{name}: quiz cell {index} does not end with an eu.quiz.Quiz")
    return list(quiz.questions)


def quiz_cells(nb, name: str = "notebook") -> dict[int, tuple[str, list]]:
    """The quiz cells of a notebook: index -> (``"show"`` or ``"inline"``, questions)."""
    from emergence_utils import quiz

    found = {}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        src = _src(cell)
        m = QUIZ_SHOW.search(src)
        if m:
            found[i] = ("show", quiz.load(m.group(1)))
        elif INLINE_QUIZ.search(src):
            found[i] = ("inline", _questions_of_inline_quiz(src, name, i))
    return found


def section_times(nb) -> list[dict]:
    """Every ``## ...`` heading with a ``(N min)`` estimate, in order.

    Returns a list of dicts: ``cell`` (index), ``heading``, ``minutes``, ``bonus`` (bool),
    ``start`` and ``end`` (minutes into the main sequence; None for bonus sections).
    """
    out, clock = [], 0
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for line in _src(cell).splitlines():
            if not line.startswith("## "):
                continue
            head = line[3:].strip()
            t = MINUTES.search(head)
            if not t:
                continue
            minutes, bonus = int(t.group(1)), head.startswith("Bonus")
            row = {"cell": i, "heading": head, "minutes": minutes, "bonus": bonus,
                   "start": None, "end": None}
            if not bonus:
                row["start"], row["end"] = clock, clock + minutes
                clock += minutes
            out.append(row)
    return out


# --- the editions -----------------------------------------------------------------------------

def _relink(text: str, prefix: str) -> str:
    """Point ``../x`` links and images (relative to notebooks/) at the repository from the
    edition's folder."""
    if prefix == "..":
        return text
    text = re.sub(r"\]\(\.\./", f"]({prefix}/", text)
    return re.sub(r"""((?:src|href)=["'])\.\./""", rf"\g<1>{prefix}/", text)


def _title_index(cells) -> int:
    return next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                 and re.search(r"^# ", _src(c), re.M)), 0)


def _option_letter(i: int) -> str:
    return chr(97 + i)


def questions_markdown(questions: list, with_key: bool) -> str:
    """A quiz as markdown: the questions and options, with the key only when ``with_key``."""
    from emergence_utils.quiz import OpenQuestion

    lines = []
    for n, q in enumerate(questions, start=1):
        if isinstance(q, OpenQuestion):
            lines.append(f"**Q{n} (explain).** {q.text}")
            if with_key:
                lines.append(f"\n*Model answer:* {q.model_answer}")
            lines.append("")
            continue
        multi = " *(choose all that apply)*" if q.multi else ""
        lines.append(f"**Q{n}.** {q.text}{multi}\n")
        right = q._correct
        for i, option in enumerate(q.options):
            mark = " **(right)**" if with_key and i in right else ""
            lines.append(f"- ({_option_letter(i)}) {option}{mark}")
            if with_key and q.why is not None and q.why[i]:
                lines.append(f"  - *Feedback:* {q.why[i]}")
        if with_key:
            letters = ", ".join(f"({_option_letter(i)})" for i in sorted(right))
            lines.append(f"\n*Answer:* {letters}. {q.explanation}".rstrip())
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _bare(heading: str) -> str:
    return MINUTES.sub("", heading).strip()


def _timing_plan(times: list[dict], stated: tuple[int, int] | None) -> str:
    main = [t for t in times if not t["bonus"]]
    bonus = [t for t in times if t["bonus"]]
    if not times:
        return "No section of this notebook states its time."
    rows = ["| section | minutes | clock |", "|---|---|---|"]
    rows += [f"| {_bare(t['heading'])} | {t['minutes']} | {t['start']}-{t['end']} |"
             for t in main]
    rows += [f"| {_bare(t['heading'])} | {t['minutes']} | bonus |" for t in bonus]
    total, extra = sum(t["minutes"] for t in main), sum(t["minutes"] for t in bonus)
    text = "\n".join(rows) + f"\n\nMain sections: **{total} min**"
    text += f"; bonus sections: {extra} min (skip them when short of time)." if bonus else "."
    if stated is not None and stated != (total, extra):
        text += (f" The title states {stated[0]} min"
                 + (f" plus {stated[1]} min of bonus" if stated[1] else "") + ".")
    return text


def student_edition(nb, name: str = "notebook", link_prefix: str = "..") -> nbformat.NotebookNode:
    """The student edition of a notebook (a new object; ``nb`` is not changed)."""
    nb = copy.deepcopy(nb)
    find_exercises(nb, name)  # a stub without a solution is an error in both editions
    quizzes = quiz_cells(nb, name)
    cells = []
    for i, cell in enumerate(nb["cells"]):
        tags = set(_tags(cell))
        if tags & {"notes", "instructor", "solution", "answer-key"}:
            continue
        if cell["cell_type"] == "markdown":
            text = _src(cell)
            for m in reversed(answer_blocks(text)):
                pointer = (SOLUTION_POINTER if SOLUTION_SUMMARY.search(m.group(1))
                           else ANSWER_POINTER)
                text = text[:m.start()] + pointer + text[m.end():]
            if not text.strip():
                continue
            cell["source"] = _relink(text, link_prefix)
        elif i in quizzes and quizzes[i][0] == "inline":
            md = ("*(In this edition the quiz is printed without its answers; answer on paper "
                  "or in class. The instructor edition has the key.)*\n\n"
                  + questions_markdown(quizzes[i][1], with_key=False))
            cell = new_markdown_cell(md, metadata=_meta(), id=cell.get("id", f"quiz-{i}"))
        cells.append(_clean(cell))
    banner = new_markdown_cell(
        "> **Student edition.** Worked solutions, model answers to the discussion questions and "
        "speaker notes are left out (the instructor edition has them). Complete each exercise "
        "stub and run the `eu.exercises.check(...)` line under it: it tells you whether your "
        "function is right. The quiz checks your answers in the running notebook.",
        metadata=_meta("skip", {"edition"}), id="edition-banner")
    cells.insert(_title_index(cells) + 1, banner)
    nb["cells"] = cells
    return nb


def instructor_edition(nb, name: str = "notebook",
                       link_prefix: str = "..") -> nbformat.NotebookNode:
    """The instructor edition of a notebook (a new object; ``nb`` is not changed)."""
    nb = copy.deepcopy(nb)
    exercises = find_exercises(nb, name)
    quizzes = quiz_cells(nb, name)
    times = section_times(nb)
    title = _title_index(nb["cells"])
    m = TOTAL.search(_src(nb["cells"][title])) if nb["cells"] else None
    stated = (int(m.group(1)), int(m.group(2) or 0)) if m else None
    by_stub: dict[int, list[ExerciseSource]] = {}
    moved: dict[int, list[ExerciseSource]] = {}
    for ex in exercises:
        by_stub.setdefault(ex.stub_cell, []).append(ex)
        moved.setdefault(ex.solution_cell, []).append(ex)
    time_of = {}
    for t in times:
        time_of.setdefault(t["cell"], []).append(t)
    cells = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            text = _src(cell)
            for ex in moved.get(i, []):
                text = text.replace(ex.block, MOVED_POINTER, 1)
            for t in time_of.get(i, []):
                note = (f"*Instructor timing: bonus, {t['minutes']} min; skip it when short of "
                        "time.*" if t["bonus"] else
                        f"*Instructor timing: {t['minutes']} min, minutes {t['start']}-{t['end']}"
                        f" of {sum(x['minutes'] for x in times if not x['bonus'])}.*")
                head = "## " + t["heading"]
                text = text.replace(head, f"{head}\n\n{note}", 1)
            if "notes" in _tags(cell):
                text = speaker_notes_open(text)
            cell["source"] = _relink(text, link_prefix)
        cells.append(_clean(cell))
        for ex in by_stub.get(i, []):
            code = (f"# Worked solution (instructor edition), then the same check\n"
                    f"{ex.code.rstrip()}\n\n\n"
                    f'eu.exercises.check("{ex.exercise_id}", {ex.func})')
            cells.append(new_code_cell(code, metadata=_meta("-", {"solution"}),
                                       id=f"solution-{ex.exercise_id.replace('.', '-')}"))
        if i in quizzes:
            cells.append(new_markdown_cell(
                "### Answer key (instructor edition)\n\n"
                + questions_markdown(quizzes[i][1], with_key=True),
                metadata=_meta("notes", {"answer-key"}), id=f"answer-key-{i}"))
    plan = new_markdown_cell(
        "> **Instructor edition.** Each exercise stub is followed by a code cell tagged "
        "`solution` that runs the worked solution through the same check; the quiz is followed "
        "by its answer key; speaker notes are kept.\n\n**Timing plan**\n\n"
        + _timing_plan(times, stated), metadata=_meta("skip", {"edition"}), id="edition-banner")
    cells.insert(_title_index(cells) + 1, plan)
    nb["cells"] = cells
    return nb


#: The label an instructor-edition notes cell starts with (unless it has one already).
NOTES_LABEL = "**Speaker notes.**"
_HAS_LABEL = re.compile(r"^\s*(?:\*\*|__)?\s*speaker notes\b", re.I)


def speaker_notes_open(text: str) -> str:
    """A ``notes`` cell as the instructor edition shows it: open, labelled once.

    The collapsed ``<details><summary>Speaker notes</summary>`` wrapper is removed
    (:func:`build_html.unwrap_speaker_notes`); the text then starts with :data:`NOTES_LABEL`
    unless it already starts with a "Speaker notes" label of its own.
    """
    body = unwrap_speaker_notes(text).strip()
    if _HAS_LABEL.match(body):
        return body
    # a list, heading, table, quote, code block or HTML block keeps its own paragraph
    sep = "\n\n" if re.match(r"([-*+] |\d+[.)] |#|\||>|```|<)", body) else " "
    return f"{NOTES_LABEL}{sep}{body}".rstrip()


def _clean(cell):
    """Strip outputs and execution counts (editions are written like the notebooks)."""
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None
    return cell


# --- writing, running, checking ---------------------------------------------------------------

def _git_describe() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


_README = {
    "student": """# Student edition

Generated by `scripts/build_editions.py` (`make editions`) from `notebooks/` at commit
`{commit}`; do not edit these files, edit the notebooks and build again.

What is in it: every notebook with its exercise stubs and checks. Worked solutions, model
answers to the discussion and "predict" questions, answer keys and speaker notes are left out;
each removed answer leaves a one-line pointer to the instructor edition.

How to work: run the notebooks from the repository (`make lab`, then open this folder), so the
helper package `emergence_utils` is importable. Write each exercise function in place of its
stub and run the `eu.exercises.check(...)` line under it: it tests your function on several
cases and prints "not done yet", the first failing case with a hint, or a success line. The quiz
at the end of each notebook checks your answers in the running notebook (the key is kept in the
helper package, not in the notebook file).

{table}
""",
    "instructor": """# Instructor edition

Generated by `scripts/build_editions.py` (`make editions`) from `notebooks/` at commit
`{commit}`; do not edit these files, edit the notebooks and build again.

What is in it: every notebook as the students get it plus, after each exercise stub, a code
cell tagged `solution` with the worked solution and its check (Run All prints the success line
for every exercise); the discussion answers; under each quiz an answer key (right options,
explanations, feedback per option, model answers to the open questions); speaker notes; a
timing plan under each title and a timing line under each section heading. Grade homework with
it: see SYLLABUS.md in the repository.

{table}
""",
}


def build_editions(paths: Iterable[Path], out_dir: Path, verbose: bool = True) -> dict:
    """Write ``out_dir/student`` and ``out_dir/instructor`` (notebooks and a README each).

    Returns
    -------
    dict
        Per edition, the list of notebooks written; ``"summary"``: per notebook, the number of
        exercises, quiz questions, speaker-notes cells and stated minutes.
    """
    paths = list(paths)
    written: dict = {"student": [], "instructor": [], "summary": {}}
    commit = _git_describe()
    for edition in ("student", "instructor"):
        folder = out_dir / edition
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.ipynb"):
            stale.unlink()
        prefix = Path(os.path.relpath(ROOT, folder)).as_posix()
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            make = student_edition if edition == "student" else instructor_edition
            new = make(nb, path.name, prefix)
            nbformat.validate(new)
            target = folder / path.name
            nbformat.write(new, target)
            written[edition].append(target)
            if edition == "student":
                times = section_times(nb)
                written["summary"][path.name] = {
                    "exercises": len(find_exercises(nb, path.name)),
                    "quiz questions": sum(len(q) for _, q in quiz_cells(nb, path.name).values()),
                    "notes cells": sum("notes" in _tags(c) for c in nb["cells"]),
                    "minutes": sum(t["minutes"] for t in times if not t["bonus"]),
                    "bonus minutes": sum(t["minutes"] for t in times if t["bonus"]),
                }
    table = ["| notebook | checked exercises | quiz questions | speaker notes | minutes "
             "(+ bonus) |", "|---|---|---|---|---|"]
    for nb_name, s in written["summary"].items():
        table.append(f"| [{nb_name}]({nb_name}) | {s['exercises']} | {s['quiz questions']} | "
                     f"{s['notes cells']} | {s['minutes']} (+ {s['bonus minutes']}) |")
    for edition in ("student", "instructor"):
        (out_dir / edition / "README.md").write_text(
            _README[edition].format(commit=commit, table="\n".join(table)), encoding="utf-8")
    if verbose:
        print(f"wrote {len(paths)} notebooks to {out_dir / 'student'} and "
              f"{out_dir / 'instructor'} (commit {commit})")
    return written


def check_executed(nb, name: str = "notebook") -> list[str]:
    """Problems of an executed edition notebook: error outputs, and ``solution`` cells whose
    output lacks the success line."""
    probs = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        outs = cell.get("outputs", [])
        if any(o.get("output_type") == "error" for o in outs):
            probs.append(f"{name}: cell {i} raised an error")
        if "solution" in _tags(cell):
            text = "".join(o.get("text", "") for o in outs if o.get("output_type") == "stream")
            if SUCCESS not in text:
                probs.append(f"{name}: solution cell {i} ({cell.get('id')}) did not print "
                             f"{SUCCESS!r}: {text.strip()[:300]!r}")
    return probs


def execute_editions(written: dict, verbose: bool = True) -> list[str]:
    """Run every notebook of both editions in a fresh kernel; return the problems found."""
    probs = []
    for edition in ("student", "instructor"):
        for path in written[edition]:
            t0 = time.perf_counter()
            try:
                nb = execute_notebook(path)
            except RuntimeError as exc:
                probs.append(f"{edition}/{exc}")
                continue
            probs += [f"{edition}/{p}" for p in check_executed(nb, path.name)]
            if verbose:
                print(f"{edition}/{path.name}: ran in {time.perf_counter() - t0:.1f} s")
    return probs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "editions",
                        help="output folder (default: build/editions)")
    parser.add_argument("--execute", action="store_true",
                        help="run both editions and check every instructor solution passes")
    args = parser.parse_args(argv)
    try:
        written = build_editions(notebook_paths(args.notebooks), args.out.resolve())
    except EditionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.execute:
        probs = execute_editions(written)
        for p in probs:
            print(p, file=sys.stderr)
        if probs:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
