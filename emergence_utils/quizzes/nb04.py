"""Quiz of notebook 04 (augmented prompting)."""

from __future__ import annotations

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "What is the 'gain' of a prompting technique in this notebook?",
        ["The technique's score on the largest model of the family",
         "Technique minus baseline, same model and benchmark, in percentage points",
         "The technique's score divided by the baseline's score on the same model",
         "The improvement of the largest model of a family over its smallest model"],
        1,
        "A technique is compared with its baseline model by model; the difference of two "
        "percentages is in percentage points.",
        why=["One score says nothing about the technique's effect: the baseline is missing.",
             "Right: a per-model difference, in pp.",
             "A ratio blows up for near-zero baselines (GSM8K scores of 0.4 % to 4 %) and is not "
             "what Wei et al. plot.",
             "That is the scaling of one arm, not the effect of the technique."]),
    Question(
        "On GSM8K (1,319 test problems), chain of thought gives LaMDA 420M 0.4 % against 2.6 % with "
        "standard prompting. What does this say?",
        ["Chain of thought helps the smallest LaMDA model a little",
         "A gain of -2.2 pp, well within the noise of 1,319 problems",
         "A gain of -2.2 pp, about 4.7 standard errors below zero",
         "LaMDA 420M is above the emergence scale of Table 1"],
        2,
        "The binomial standard error of this gain is about 0.47 pp, so -2.2 pp is a real (if "
        "small) harm on this test set; below the emergence scale a technique may hurt.",
        why=["The sign is the other way: 0.4 % is below 2.6 %.",
             "Tempting, as both scores are tiny; but with 1,319 problems the standard error of the "
             "difference is only about 0.47 pp.",
             "Right: small, but beyond the sampling noise.",
             "Table 1 places the emergence at LaMDA 68B; 420M is far below it."]),
    Question(
        "The chain-of-thought paper's 'GPT 6.7B' row is...",
        ["GPT-3 6.7B of Brown et al. (2020), with its published training FLOPs",
         "A model the chain-of-thought authors trained themselves for the paper",
         "Codex (code-davinci-002), whose parameter count is not published",
         "The API engine text-curie-001, presumed to be InstructGPT 6.7B"],
        3,
        "The 'GPT' rows (GPT 350M to GPT 175B) are API engines (text-ada/babbage/curie-001, "
        "text-davinci-002); this collection puts them in the family InstructGPT and does not "
        "give them GPT-3's training FLOPs.",
        why=["Tempting because of the name, but the engines are instruction-tuned models, not the "
             "GPT-3 models of Brown et al.",
             "The paper evaluated existing models; it trained none.",
             "Codex has its own row (code-davinci-002).",
             "Right: the paper says these sizes are presumed."]),
    Question(
        "Why do the four InstructGPT engines vanish from the gain explorer on the training-FLOPs "
        "axis?",
        ["Their training FLOPs would be too small to fit on the axis",
         "model_scales has no FLOPs under their names; GPT-3's are not borrowed",
         "OpenAI API engines cannot be prompted with chain of thought",
         "The explorer leaves out every model that was not trained and published by Google"],
        1,
        "A model gets training FLOPs only from a row of model_scales with exactly its name; "
        "nothing is guessed, and the explorer says which models it cannot place.",
        why=["The axis reaches down to 5e19 FLOPs; the problem is a missing value, not a small one.",
             "Right: no value is guessed for them.",
             "They were prompted with chain of thought: their gains are on the parameters axis.",
             "Codex and the InstructGPT engines are shown on the parameters axis; only values are "
             "missing."]),
    Question(
        "For which of these techniques does data/ contain per-size results? (two answers)",
        ["Chain-of-thought prompting", "Instruction tuning (FLAN)",
         "Few-shot vs zero-shot prompting (GPT-3, PaLM)", "Calibration via P(True)"],
        {0, 2},
        "Instruction tuning, scratchpads and calibration only have Wei et al.'s Table 1 emergence "
        "scale here.",
        why=["Right: the CoT paper's Appendix B tables.",
             "Only the Table 1 row (FLAN 68B) is here; the per-size results are a figure in the "
             "FLAN paper.",
             "Right: GPT-3 Table H.1 and PaLM Table 40.",
             "Only the Table 1 row (Anthropic 52B) is here."]),
    Question(
        "On GSM8K with all families, which thresholds a (in parameters) make 'every model at or "
        "above a gains' true?",
        ["Any a above 8B and up to 20B: no model between them was evaluated",
         "a = 1e9: every model above a billion parameters gains",
         "Exactly 68B, the LaMDA model that Table 1 prints",
         "None: InstructGPT's engines never gain on GSM8K, so no threshold works at all"],
        0,
        "The largest models that do not gain are LaMDA 8B and PaLM 8B; the smallest model above "
        "them, UL2 20B, gains +0.3 pp (within noise). The data bracket a, they do not pin it.",
        why=["Right: the trained sizes bracket the threshold.",
             "LaMDA 2B and 8B, the 1.3B and 6.7B engines and PaLM 8B do not gain.",
             "68B works too, but so does anything above 8B up to 20B: the data do not single out "
             "68B.",
             "text-davinci-002 (GPT 175B in the tables) gains +31.3 pp on GSM8K; only the "
             "smaller engines do not gain."]),
    OpenQuestion(
        "Table 1 of Wei et al. summarises chain of thought on math word problems by one number, "
        "LaMDA 68B (1.3e23 FLOPs). Using the per-size tables in this notebook, explain what that "
        "single emergence scale leaves out.",
        "It is only bracketed by the trained sizes (between 8B and 68B for LaMDA; no model in "
        "between was evaluated), it differs between families (PaLM crosses between 8B and 62B, "
        "InstructGPT between 6.7B and 175B), and between benchmarks of the same row (on AQuA "
        "LaMDA never gains). Small gains near the crossing (UL2 20B +0.3 pp) are within the "
        "sampling noise of the test set, so where 'gain > 0' starts also depends on a noise "
        "threshold you must state. And it hides the size of the effect: a few pp at the "
        "crossing, tens of pp for the largest models."),
]
