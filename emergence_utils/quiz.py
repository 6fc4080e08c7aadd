"""Short quizzes with immediate feedback, kept out of the notebooks.

A notebook shows its quiz with one call, ``eu.quiz.show("03")``; the questions and the answer key
live in ``emergence_utils/quizzes/nbNN.py`` (a module-level ``QUESTIONS`` list), so the notebook
as shipped to students does not contain the answers. A quiz renders as ipywidgets in a live kernel
and as plain HTML with the answers hidden in ``<details>`` elsewhere (GitHub, nbviewer, slides).

Two kinds of question:

- :class:`Question`: multiple choice, one or several right options; every option has its own
  feedback (why it is right, or why it is tempting but wrong).
- :class:`OpenQuestion`: "explain why" in a few sentences, to argue in a seminar; the student
  writes an answer and can then reveal a model answer.

:func:`balance` measures what a careless reader could exploit (the position of the right answer,
whether it is the longest option); the tests hold every notebook's quiz to the house limits.
"""

from __future__ import annotations

import html
import importlib
from dataclasses import dataclass, field

from .errors import EmergenceInputError

__all__ = ["Question", "OpenQuestion", "Quiz", "load", "show", "balance"]


@dataclass
class Question:
    """One multiple-choice question.

    Parameters
    ----------
    text : str
        The question.
    options : list of str
        The answer options, in display order.
    correct : int or set of int
        Index (or indices) of the correct option(s). Several indices make it a "choose all
        that apply" question.
    explanation : str
        Why the answer is what it is; shown after the student checks.
    why : list of str, optional
        One feedback text per option (same order): for a wrong option, why it is tempting and
        why it is wrong; for a right one, what makes it right. Shown for the options chosen.
    """

    text: str
    options: list[str]
    correct: int | set[int]
    explanation: str = ""
    why: list[str] | None = None
    _correct: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise EmergenceInputError(f"options: question {self.text!r} needs two or more options")
        idx = {self.correct} if isinstance(self.correct, int) else set(self.correct)
        bad = [i for i in idx if not 0 <= i < len(self.options)]
        if not idx or bad:
            raise EmergenceInputError(f"correct: {sorted(idx)} is not a valid option index for "
                                      f"question {self.text!r} with {len(self.options)} options")
        if self.why is not None and len(self.why) != len(self.options):
            raise EmergenceInputError(f"why: question {self.text!r} has {len(self.options)} options "
                                      f"but {len(self.why)} feedback texts")
        self._correct = frozenset(idx)

    @property
    def multi(self) -> bool:
        """True for a "choose all that apply" question."""
        return len(self._correct) > 1

    def check(self, chosen: int | set[int]) -> bool:
        """Return True when ``chosen`` (index or set of indices) is exactly the right answer."""
        got = {chosen} if isinstance(chosen, int) else set(chosen)
        return frozenset(got) == self._correct

    def feedback(self, chosen: int | set[int]) -> str:
        """Feedback text for an answer: verdict, the per-option feedback, the explanation."""
        got = sorted({chosen} if isinstance(chosen, int) else set(chosen))
        ok = self.check(chosen)
        parts = ["Correct." if ok else "Not quite."]
        if self.why is not None:
            for i in got:
                if 0 <= i < len(self.options) and self.why[i]:
                    parts.append(f"({chr(97 + i)}) {self.why[i]}")
            if not ok and self.multi:
                missed = sorted(self._correct - set(got))
                if missed:
                    parts.append("You left out: " + ", ".join(f"({chr(97 + i)})" for i in missed)
                                 + ".")
        if ok:
            parts.append(self.explanation)
        else:
            parts.append("Try again, or read the feedback above.")
        return " ".join(p for p in parts if p).strip()

    def answer_text(self) -> str:
        """The right option(s) and the explanation (for the static HTML)."""
        right = "; ".join(f"({chr(97 + i)}) {self.options[i]}" for i in sorted(self._correct))
        return f"{right}. {self.explanation}".strip()


@dataclass
class OpenQuestion:
    """An "explain why" question: the student writes, then reveals a model answer.

    Parameters
    ----------
    text : str
        The question.
    model_answer : str
        What a good answer says (a few sentences).
    """

    text: str
    model_answer: str

    def __post_init__(self) -> None:
        if not self.text.strip() or not self.model_answer.strip():
            raise EmergenceInputError("text, model_answer: an open question needs both")


def _label(text: str) -> str:
    # a wrapping label: long option texts break over lines instead of being cut with "..."
    return f'<span style="white-space: normal; line-height: 1.3">{html.escape(text)}</span>'


class Quiz:
    """A list of questions shown as widgets with a "Check" button each."""

    def __init__(self, questions: list[Question | OpenQuestion]) -> None:
        if not questions:
            raise EmergenceInputError("questions: a quiz needs at least one question")
        for i, q in enumerate(questions):
            if not isinstance(q, (Question, OpenQuestion)):
                raise EmergenceInputError(f"questions[{i}]: expected a Question or OpenQuestion, "
                                          f"got {type(q).__name__}")
        self.questions = list(questions)
        self._widgets = None

    def answer(self, i: int, chosen: int | set[int]) -> str:
        """Answer question ``i`` programmatically; returns the feedback (used in tests)."""
        if not 0 <= i < len(self.questions):
            raise EmergenceInputError(f"i: question index {i} out of range 0..{len(self.questions) - 1}")
        q = self.questions[i]
        if isinstance(q, OpenQuestion):
            raise EmergenceInputError(f"i: question {i} is an open question; it has no options")
        return q.feedback(chosen)

    def _choice_widget(self, q: Question):
        import ipywidgets as w

        # one row per option: a box without a description (descriptions are cut with "..."
        # when long) and a wrapping HTML label beside it
        boxes = [w.Checkbox(value=False, indent=False, description="",
                            layout=w.Layout(width="28px", flex="0 0 28px")) for _ in q.options]
        rows = [w.HBox([b, w.HTML(_label(f"({chr(97 + i)}) {o}"),
                                  layout=w.Layout(flex="1 1 auto", width="auto"))],
                       layout=w.Layout(align_items="flex-start", width="100%"))
                for i, (b, o) in enumerate(zip(boxes, q.options, strict=True))]
        if not q.multi:
            # a single-answer question behaves like radio buttons: ticking one clears the others
            def only_one(change):
                if change["new"]:
                    for other in boxes:
                        if other is not change["owner"]:
                            other.value = False
            for b in boxes:
                b.observe(only_one, names="value")
        return w.VBox(rows, layout=w.Layout(width="100%")), boxes

    def widget(self):
        """Build the ipywidgets form (options, check button and feedback per question)."""
        import ipywidgets as w

        blocks = []
        for n, q in enumerate(self.questions, start=1):
            out = w.HTML(layout=w.Layout(width="100%"))
            if isinstance(q, OpenQuestion):
                text = w.Textarea(placeholder="Write your answer in a few sentences, then reveal "
                                  "the model answer.", layout=w.Layout(width="100%", height="5em"))
                button = w.Button(description="Show a model answer", button_style="info",
                                  layout=w.Layout(width="auto"))

                def on_reveal(_btn, q=q, out=out):
                    out.value = _label("Model answer: " + q.model_answer)

                button.on_click(on_reveal)
                head = w.HTML(f"<b>Q{n} (explain).</b> " + _label(q.text))
                blocks.append(w.VBox([head, text, button, out]))
                continue
            picker, boxes = self._choice_widget(q)
            button = w.Button(description="Check", button_style="info")
            hint = " <i>(choose all that apply)</i>" if q.multi else ""

            def on_click(_btn, q=q, boxes=boxes, out=out):
                chosen = {i for i, c in enumerate(boxes) if c.value}
                if not chosen:
                    out.value = "<i>Pick an answer first.</i>"
                    return
                if not q.multi:
                    chosen = next(iter(chosen))
                ok = q.check(chosen)
                colour = "#009E73" if ok else "#D55E00"
                out.value = (f'<span style="color:{colour}; white-space: normal">'
                             f"{html.escape(q.feedback(chosen))}</span>")

            button.on_click(on_click)
            head = w.HTML(f"<b>Q{n}.</b> " + _label(q.text) + hint)
            blocks.append(w.VBox([head, picker, button, out]))
        self._widgets = w.VBox(blocks, layout=w.Layout(width="100%"))
        return self._widgets

    def to_html(self) -> str:
        """Static HTML version: options listed, answers in collapsed ``<details>``."""
        parts = []
        for n, q in enumerate(self.questions, start=1):
            if isinstance(q, OpenQuestion):
                parts.append(f"<p><b>Q{n} (explain).</b> {html.escape(q.text)}</p>"
                             f"<details><summary>Show a model answer</summary>"
                             f"{html.escape(q.model_answer)}</details>")
                continue
            opts = "".join(f"<li>{html.escape(o)}</li>" for o in q.options)
            hint = " (choose all that apply)" if q.multi else ""
            parts.append(
                f"<p><b>Q{n}.</b> {html.escape(q.text)}{hint}</p>"
                f"<ol type='a' style='list-style-type: lower-alpha'>{opts}</ol>"
                f"<details><summary>Show answer</summary>{html.escape(q.answer_text())}</details>")
        return "".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import os

        bundle = {"text/html": self.to_html(), "text/plain": f"<Quiz: {len(self.questions)} questions>"}
        if os.environ.get("EMERGENCE_STATIC") != "1":
            box = self.widget()
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": box.model_id}
        return bundle


def load(notebook: str) -> list[Question | OpenQuestion]:
    """The questions of a notebook's quiz (``emergence_utils/quizzes/nbNN.py``, ``QUESTIONS``)."""
    nb = str(notebook).zfill(2)
    try:
        module = importlib.import_module(f".quizzes.nb{nb}", __package__)
    except ModuleNotFoundError as exc:
        raise EmergenceInputError(f"notebook: no quiz for notebook {notebook!r}") from exc
    return list(module.QUESTIONS)


def show(notebook: str) -> Quiz:
    """The quiz of a notebook (``"03"``), ready to display as the last line of a cell."""
    return Quiz(load(notebook))


def balance(questions: list[Question | OpenQuestion]) -> dict[str, float]:
    """How exploitable a quiz is, from its multiple-choice questions.

    Returns
    -------
    dict
        ``max_position_share``: the largest share of right answers held by one option position
        (every right option of every question counts once); ``longest_right_share``: the share
        of questions whose longest option (by characters) is a right one; ``n_choice`` and
        ``n_open``: the number of multiple-choice and open questions.
    """
    choice = [q for q in questions if isinstance(q, Question)]
    positions: dict[int, int] = {}
    for q in choice:
        for i in q._correct:
            positions[i] = positions.get(i, 0) + 1
    total = sum(positions.values())
    longest = sum(1 for q in choice
                  if max(range(len(q.options)), key=lambda i: len(q.options[i])) in q._correct)
    return {
        "max_position_share": max(positions.values()) / total if total else 0.0,
        "longest_right_share": longest / len(choice) if choice else 0.0,
        "n_choice": float(len(choice)),
        "n_open": float(len(questions) - len(choice)),
    }
