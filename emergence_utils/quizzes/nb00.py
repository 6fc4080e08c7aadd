"""Quiz of notebook 00 (the index): what the collection's numbers are, and what is argued."""

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "A row of the `wei_fig2` dataset has method 'digitized'. What does that tell you?",
        ["Its value was read off the pixels of a published figure, so it has an uncertainty",
         "Its value was copied digit for digit from a table printed in the paper's appendix or text",
         "Its value was computed from other published numbers with a stated formula"],
        correct=0,
        explanation="Digitized points are measured from a figure: the row's `uncertainty` column "
                    "says how far off the reading may be.",
        why=["Right: reading a point off an image is a measurement, with an error.",
             "That is 'published': a number printed by the authors has no reading error (it may "
             "carry the paper's own standard error).",
             "That is 'derived': for example training FLOPs from 6 x parameters x tokens."],
    ),
    Question(
        "Wei et al. (2022) call an ability emergent when ...",
        ["it improves steadily and predictably, by about the same amount every time the number of "
         "parameters doubles",
         "it is absent in smaller models and present in larger ones, and the small models' "
         "trend would not have predicted it",
         "it appears only when a model is prompted step by step (chain of thought)"],
        correct=1,
        explanation="The definition has two parts: absent below some scale, present above it; "
                    "and not predictable by extrapolating the smaller models.",
        why=["A steady improvement is exactly what extrapolation predicts: that is not emergence.",
             "Right: both parts matter, the jump and that it could not be extrapolated.",
             "Chain of thought is one technique whose benefit can be emergent (notebook 04), "
             "but the definition is about any ability, with or without it."],
    ),
    Question(
        "Which of these values is *simulated* rather than taken from a paper?",
        ["PaLM 540B's one-shot accuracy on the WiC word-sense benchmark, as its paper reports",
         "A GPT-3 accuracy read off Wei et al.'s Figure 2",
         "The magnetization of a 64 x 64 Ising model at temperature 2.3"],
        correct=2,
        explanation="Notebook 01 computes the Ising model with a random seed and stated settings; "
                    "the other two are published and digitized values.",
        why=["That one is published (PaLM's paper reports it).",
             "That one is digitized: a measurement of a published figure.",
             "Right: it comes from code run in the notebook, so its caption gives seed and "
             "settings."],
    ),
    OpenQuestion(
        "Wei et al. and Schaeffer et al. look at the same kind of plot and disagree. Before you "
        "read on, say what evidence would convince you that a sudden jump in accuracy belongs to "
        "the models rather than to the way they were scored.",
        "Score the same model outputs with a continuous measure (the probability of the right "
        "answer, an edit distance, a Brier score). If that measure also changes sharply at the "
        "same scale, the jump is not made by the all-or-nothing metric; if it improves smoothly, "
        "the jump comes from the metric's threshold. Enough models near the jump and error bars "
        "are needed as well, so that two points far apart are not read as a jump.",
    ),
]
