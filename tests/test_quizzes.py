"""Fair quizzes: every notebook's quiz is kept out of the notebook and is hard to game.

House limits, per notebook: no option position holds more than 40 % of the right answers; the
longest option is right in at most a third of the multiple-choice questions; every wrong option
has its own feedback; at least one "explain why" question; the notebook shows the quiz with
``eu.quiz.show("NN")`` and holds no answer key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from emergence_utils import quiz

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
QUIZ_NOTEBOOKS = NOTEBOOKS


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", QUIZ_NOTEBOOKS, ids=[p.stem for p in QUIZ_NOTEBOOKS])
def test_quiz_is_balanced_and_explained(path: Path) -> None:
    nb = path.name[:2]
    questions = quiz.load(nb)
    stats = quiz.balance(questions)
    assert stats["n_choice"] >= 3, f"{path.name}: fewer than 3 multiple-choice questions"
    assert stats["n_open"] >= 1, f"{path.name}: no 'explain why' question (quiz.OpenQuestion)"
    assert stats["max_position_share"] <= 0.40, (
        f"{path.name}: one option position holds {stats['max_position_share']:.0%} of the right "
        "answers (limit 40 %)")
    assert stats["longest_right_share"] <= 1 / 3 + 1e-9, (
        f"{path.name}: the longest option is right in {stats['longest_right_share']:.0%} of the "
        "questions (limit one third)")
    for q in questions:
        if isinstance(q, quiz.Question):
            assert q.why is not None, f"{path.name}: {q.text!r} has no per-option feedback"
            for i, text in enumerate(q.why):
                assert text.strip(), f"{path.name}: {q.text!r} option {i} has no feedback"


@pytest.mark.parametrize("path", QUIZ_NOTEBOOKS, ids=[p.stem for p in QUIZ_NOTEBOOKS])
def test_notebook_shows_its_quiz_without_the_key(path: Path) -> None:
    code = _code(path)
    assert re.search(rf"eu\.quiz\.show\(\s*[\"']{path.name[:2]}[\"']\s*\)", code), (
        f"{path.name}: the quiz must be shown with eu.quiz.show({path.name[:2]!r})")
    assert not re.search(r"\bcorrect\s*=", code), f"{path.name}: an answer key is in the notebook"
    assert "Question(" not in code, f"{path.name}: quiz questions are defined in the notebook"


def test_balance_counts_positions_and_longest():
    qs = [quiz.Question("a?", ["x", "longer"], correct=1, why=["no", "yes"]),
          quiz.Question("b?", ["xx", "y"], correct=0, why=["yes", "no"]),
          quiz.OpenQuestion("why?", "because")]
    stats = quiz.balance(qs)
    assert stats["max_position_share"] == 0.5
    assert stats["longest_right_share"] == 1.0
    assert stats["n_open"] == 1.0


def test_feedback_explains_the_chosen_wrong_option():
    q = quiz.Question("2 + 2?", ["3", "4", "5"], correct=1, explanation="Arithmetic.",
                      why=["one short", "right", "one too many"])
    text = q.feedback(2)
    assert text.startswith("Not quite.") and "(c) one too many" in text
    assert "Arithmetic." not in text  # the explanation comes with the right answer
    assert "(b) right" in q.feedback(1) and "Arithmetic." in q.feedback(1)
    multi = quiz.Question("pick", ["a", "b", "c"], correct={0, 2}, why=["A", "B", "C"])
    assert "You left out: (c)" in multi.feedback({0})


def test_quiz_widget_labels_wrap_and_single_answer_is_exclusive():
    long = "a very long option text " * 8
    q = quiz.Question("pick one", [long, "short"], correct=1, why=["no", "yes"])
    box = quiz.Quiz([q, quiz.OpenQuestion("why?", "because")]).widget()
    rows = box.children[0].children[1].children
    label = rows[0].children[1]
    assert long.strip()[:20] in label.value and "white-space: normal" in label.value
    first, second = rows[0].children[0], rows[1].children[0]
    first.value = True
    second.value = True
    assert first.value is False  # ticking one clears the other
    box.children[0].children[2].click()
    assert "Correct" in box.children[0].children[3].value
    open_block = box.children[1]
    open_block.children[2].click()
    assert "because" in open_block.children[3].value
