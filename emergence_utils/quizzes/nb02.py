"""Quiz of notebook 02 (smooth loss scaling)."""

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "A model of 10 billion parameters is trained on 200 billion tokens. About how many "
        "training FLOPs is that, by C ≈ 6ND?",
        ["1.2e23", "2e21", "1.2e22", "2e22"],
        correct=2,
        explanation="C ≈ 6ND = 6 × 1e10 × 2e11 = 1.2e22 FLOPs.",
        why=["Ten times too large: check the exponents, 1e10 × 2e11 = 2e21.",
             "That is N × D alone: the 6 (2 forward, 4 backward FLOPs per parameter and token) "
             "is missing.",
             "Right: 6 × 1e10 × 2e11.",
             "That is 10 × N × D, or 6ND with a slip in the exponent."],
    ),
    Question(
        "Kaplan's L(N) and the Chinchilla E + A/N^α are plotted on log-log axes. Which "
        "statement is right?",
        ["Chinchilla's is straight; Kaplan's bends towards a floor",
         "Both are straight lines with different slopes",
         "Neither is straight: both have a floor",
         "Kaplan's is straight; Chinchilla's bends towards E"],
        correct=3,
        explanation="A pure power law is a line on log-log axes; the constant E (irreducible "
                    "loss) makes the Chinchilla curve level off.",
        why=["The other way round: Kaplan's law has no constant term, Chinchilla's has E = 1.69.",
             "Only a pure power law is straight; the constant E bends the Chinchilla curve.",
             "Kaplan's L(N) = (N_c/N)^α has no floor: it is a straight line.",
             "Right: log L = α log N_c - α log N for Kaplan; E + A/N^α flattens towards E."],
    ),
    Question(
        "Why should you not compare the loss levels of the Kaplan and Chinchilla fits?",
        ["They were fitted on different texts with different tokenizers",
         "Kaplan's loss is in bits, Chinchilla's in nats",
         "Chinchilla's includes an irreducible loss and Kaplan's does not",
         "One is a training loss and the other a test loss"],
        correct=0,
        explanation="Both are in nats per token, but WebText2 and MassiveText are different "
                    "texts cut into different tokens, so the same number means different things.",
        why=["Right: a loss per token depends on what the text is and how it is cut into tokens.",
             "Both papers give nats per token.",
             "True of the formulas, but it does not make the levels incomparable: the data "
             "and tokenizers do.",
             "True in name only: Kaplan et al. fit a test loss, Hoffmann et al. final "
             "training losses, but each token is seen about once, so those estimate the "
             "held-out loss too (their footnote 2). The data and tokenizers are the reason."],
    ),
    Question(
        "Chowdhery et al.'s Table 22 counts attention FLOPs as 12 L H Q T per token. Why does "
        "attention add a larger share to 6N for PaLM 8B than for PaLM 540B?",
        ["PaLM 8B was trained with longer sequences than the larger models",
         "Attention grows with heads × head size, 6N with d_model squared",
         "PaLM 8B has more attention heads than PaLM 540B",
         "The 540B model's Table 22 entry leaves its attention FLOPs out"],
        correct=1,
        explanation="With the head size fixed at 256 and T = 2048 for all models, the attention "
                    "term grows with L × H while 6N grows with L × d_model²: 6.2 % for 8B, "
                    "1.1 % for 540B.",
        why=["All PaLM models used sequences of 2048 tokens.",
             "Right: the attention width H × Q grows more slowly than the parameter count.",
             "PaLM 8B has 16 heads, PaLM 540B 48.",
             "Table 22 includes attention for all three models (non-attn + attn)."],
    ),
    Question(
        "In Wei et al.'s loss figure, what do the IPA transliterate values in the top row "
        "measure?",
        ["100 minus the BLEU score of Fig. 2B",
         "The error rate: the share of wrong transliterations, in percent",
         "100 minus the exact-match accuracy at temperature 0",
         "The cross-entropy loss, rescaled to 0-100"],
        correct=0,
        explanation="BIG-bench scores IPA transliterate by BLEU; the loss figure's values equal "
                    "100 - BLEU of Fig. 2B to within 0.04 points. BLEU gives partial credit, so "
                    "it is not a share of wrong answers.",
        why=["Right: the two digitized figures agree to within 0.04 BLEU points.",
             "That is what the label suggests, but BIG-bench's preferred score for this task is "
             "BLEU, and the values match 100 - BLEU.",
             "Exact match is the score of modified arithmetic, not of IPA transliterate.",
             "The loss is in the bottom row, on its own axis."],
    ),
    Question(
        "Between 3e19 and 2e22 FLOPs, what happens to IPA transliterate in Wei et al.'s loss "
        "figure?",
        ["Both the score and the loss stay flat",
         "The score rises steadily and the loss stays flat",
         "Both improve steadily, the loss and the BLEU score at the same rate",
         "BLEU stays near 1 or below while the loss falls by about a third"],
        correct=3,
        explanation="See the flat-phase table: the loss falls from about 11.6 to 7.9 (32 %) while "
                    "100 - BLEU stays above 98.9.",
        why=["The loss does not stay flat: it falls by about a third.",
             "The other way round: the score is flat, the loss falls.",
             "The score barely moves in this range; only the loss improves.",
             "Right: the flat-phase table shows it for the nine smallest models."],
    ),
    OpenQuestion(
        "Wei et al.'s task losses fall for models whose score is still near zero. Does that "
        "mean the task's emergence could have been predicted from the smaller models? Explain "
        "why or why not.",
        "Not from this figure alone. The loss shows that the likelihood of the right answer "
        "improves steadily, but nothing in it says at which loss the score will take off: the "
        "three tasks switch on at different losses, the losses are on different tasks and "
        "scales, word unscramble's loss even rises at the largest model, and for IPA the score "
        "is BLEU, not accuracy. Wei et al. themselves say the loss analysis does not explain "
        "or predict when emergence happens. A prediction would need a model of how the score "
        "depends on the loss (as in Schaeffer et al.'s toy model, notebook 05) or a threshold "
        "in pre-training loss for models of one architecture trained on one corpus with one "
        "tokenizer (Du et al. 2024), who themselves argue it does not make emergence "
        "predictable from models with a higher loss.",
    ),
]
