"""Short multiple-choice quizzes with immediate feedback.

A quiz renders as ipywidgets in a live kernel and as plain HTML with the answers hidden in
``<details>`` elsewhere, so the feedback never gets in the way of a student who has not answered.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .errors import EmergenceInputError

__all__ = ["Question", "Quiz"]


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
        Index (or indices) of the correct option(s).
    explanation : str
        Why the answer is what it is; shown after the student checks.
    """

    text: str
    options: list[str]
    correct: int | set[int]
    explanation: str = ""
    _correct: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise EmergenceInputError(f"options: question {self.text!r} needs two or more options")
        idx = {self.correct} if isinstance(self.correct, int) else set(self.correct)
        bad = [i for i in idx if not 0 <= i < len(self.options)]
        if not idx or bad:
            raise EmergenceInputError(f"correct: {sorted(idx)} is not a valid option index for "
                                      f"question {self.text!r} with {len(self.options)} options")
        self._correct = frozenset(idx)

    def check(self, chosen: int | set[int]) -> bool:
        """Return True when ``chosen`` (index or set of indices) is exactly the right answer."""
        got = {chosen} if isinstance(chosen, int) else set(chosen)
        return frozenset(got) == self._correct

    def feedback(self, chosen: int | set[int]) -> str:
        """Feedback text for an answer."""
        ok = self.check(chosen)
        right = ", ".join(self.options[i] for i in sorted(self._correct))
        head = "Correct." if ok else f"Not quite. The answer is: {right}."
        return f"{head} {self.explanation}".strip()


class Quiz:
    """A list of :class:`Question` shown as widgets with a "Check" button each."""

    def __init__(self, questions: list[Question]) -> None:
        if not questions:
            raise EmergenceInputError("questions: a quiz needs at least one question")
        self.questions = list(questions)
        self._widgets = None

    def answer(self, i: int, chosen: int | set[int]) -> str:
        """Answer question ``i`` programmatically; returns the feedback (used in tests)."""
        if not 0 <= i < len(self.questions):
            raise EmergenceInputError(f"i: question index {i} out of range 0..{len(self.questions) - 1}")
        return self.questions[i].feedback(chosen)

    def widget(self):
        """Build the ipywidgets form (one radio group, check button and feedback per question)."""
        import ipywidgets as w

        boxes = []
        for n, q in enumerate(self.questions, start=1):
            multi = len(q._correct) > 1
            if multi:
                choice = [w.Checkbox(description=o, value=False, indent=False) for o in q.options]
                picker = w.VBox(choice)
            else:
                picker = w.RadioButtons(options=[(o, i) for i, o in enumerate(q.options)],
                                        value=None, layout=w.Layout(width="auto"))
            button = w.Button(description="Check", button_style="info")
            out = w.HTML()

            def on_click(_btn, q=q, picker=picker, out=out, multi=multi):
                if multi:
                    chosen = {i for i, c in enumerate(picker.children) if c.value}
                else:
                    if picker.value is None:
                        out.value = "<i>Pick an answer first.</i>"
                        return
                    chosen = picker.value
                ok = q.check(chosen)
                colour = "#009E73" if ok else "#D55E00"
                out.value = f'<span style="color:{colour}">{html.escape(q.feedback(chosen))}</span>'

            button.on_click(on_click)
            boxes.append(w.VBox([w.HTML(f"<b>Q{n}.</b> {html.escape(q.text)}"), picker, button, out]))
        self._widgets = w.VBox(boxes)
        return self._widgets

    def to_html(self) -> str:
        """Static HTML version: options listed, answers in collapsed ``<details>``."""
        parts = []
        for n, q in enumerate(self.questions, start=1):
            opts = "".join(f"<li>{html.escape(o)}</li>" for o in q.options)
            right = ", ".join(q.options[i] for i in sorted(q._correct))
            parts.append(
                f"<p><b>Q{n}.</b> {html.escape(q.text)}</p>"
                f"<ol type='a' style='list-style-type: lower-alpha'>{opts}</ol>"
                f"<details><summary>Show answer</summary>{html.escape(right)}. "
                f"{html.escape(q.explanation)}</details>")
        return "".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import os

        bundle = {"text/html": self.to_html(), "text/plain": f"<Quiz: {len(self.questions)} questions>"}
        if os.environ.get("EMERGENCE_STATIC") != "1":
            box = self.widget()
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": box.model_id}
        return bundle
