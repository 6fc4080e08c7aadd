"""Quiz of notebook 08 (the emergence lab). The numbers are those the notebook prints from the
lab's cache (3-digit sums, seeds 0 to 2) and from the FLOP formulas of ``emergence_utils.lab``."""

from __future__ import annotations

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "The lab plots the per-token loss and the exact match of its models against parameters. "
        "What differs between the two panels?",
        ["The models that were trained", "The test problems they answer",
         "The training budget given to each of the models", "Only how the same answers are scored"],
        3,
        "Both panels show the same trained models answering the same held-out problems; only the "
        "metric changes.",
        why=["Tempting, but both panels are drawn from one set of runs (one row per model).",
             "The test set of a seed is fixed; both metrics are computed on the same problems.",
             "Every model gets the same 3,000 Adam steps of 128 examples, in both panels.",
             "Right: cross-entropy gives partial credit per token, exact match only for a whole "
             "right answer."]),
    Question(
        "A model gets each of the 6 tokens of an answer right with probability 0.8, "
        "independently. About how often is the whole answer right?",
        ["80 %", "51 %", "26 %", "0.8 %"],
        2,
        "0.8 ** 6 = 0.26: exact match multiplies the per-token accuracies, so it stays low until "
        "every token is reliable.",
        why=["That is the per-token accuracy, not the chance that all six tokens are right.",
             "That is 0.8 ** 3 = 0.512: right idea, but for half the tokens.",
             "Right: 0.8 ** 6 = 0.262.",
             "Too low: that would need each token right only about 45 % of the time."]),
    Question(
        "In the mirage check, (mean token accuracy) ** L overestimates the measured exact match "
        "of mid-sized models (by up to 0.22 for 3-digit sums). Why?",
        ["The test set is too small to measure it", "The answer positions differ in difficulty",
         "Errors at different positions are correlated", "Exact match is rounded down in the lab"],
        1,
        "For a fixed mean, unequal per-position accuracies have a smaller product; with each "
        "position's own accuracy the prediction is within 0.011 of the measurement.",
        why=["2,000 test problems per seed give a standard error of about 0.01, far below 0.22.",
             "Right: the first and units tokens are learned early, the middle ones (with carries) "
             "late, and the product of unequal accuracies is below the mean to the power L.",
             "Tempting, but the product of the per-position accuracies matches the measurement "
             "within 0.011: the errors are close to independent.",
             "Exact match is a count of right answers divided by 2,000; nothing is rounded."]),
    Question(
        "For the widest models, 6ND is about 26 % above the FLOPs the lab counts. What accounts "
        "for most of the difference?",
        ["6ND charges a gradient for the input, which is data", "6ND leaves out the Adam update",
         "The lab skips the backward pass of the output", "6ND counts a multiply-add as one FLOP"],
        0,
        "The first layer holds 60 % of the weights; without an input gradient it costs 4 instead "
        "of 6 FLOPs per weight and example, which alone makes 6ND 25 % higher.",
        why=["Right: the gradient with respect to the one-hot input (g @ W1.T) is never computed; "
             "the biases add the rest (0.5 / H in the ratio), which matters for narrow models.",
             "Neither number includes the Adam update (element-wise work is not counted).",
             "The lab counts both backward products of the output layer (h.T @ g and g @ W2.T).",
             "Both use 2 FLOPs per multiply-add; counting 1 would make 6ND lower, not higher."]),
    Question(
        "Which change of view makes the lab's exact-match curve look least sudden?",
        ["A linear y axis", "Exact match on longer answers", "Fewer models in the family",
         "A log y axis"],
        3,
        "A log y axis shows the steady progress of the small models (0.003, 0.009, 0.033 ...) "
        "that a linear axis squeezes onto the floor.",
        why=["That is the default view, where the rise looks steepest.",
             "Longer answers keep exact match near zero for longer (one more factor below 1 per "
             "token).",
             "Fewer models hide the intermediate points, so the rise looks more abrupt.",
             "Right: on a log axis exact match grows by a factor of about 3 to 5 per doubling "
             "long before the jump."]),
    Question(
        "The units digit of a 3-digit sum needs no carry. Where does seed 0 of the lab learn it?",
        ["Already in the smallest model", "At width 8, the third-smallest model",
         "Only in the widest model", "Never above chance anywhere in this family"],
        1,
        "Its accuracy is 0.10 at width 2 and 0.19 at width 4 (chance is 0.10), then 0.97 at width "
        "8; seeds 1 and 2 learn it at width 16, and every seed has it at 1.000 from width 32.",
        why=["No: it is at chance (0.10) at width 2 and only 0.19 at width 4, about twice "
             "chance but far from learned.",
             "Right: 0.97 at width 8 (848 parameters), after 0.10 (chance) and 0.19 below it.",
             "No: from width 32 every seed gets it right on all test problems.",
             "No: it reaches 1.000 well inside the family."]),
    Question(
        "How does the lab's mean per-token loss fall against parameters (log scale)?",
        ["An S-curve: small drops at the ends, big ones between",
         "By the same amount at every single doubling of the width",
         "Flat at the top, then one single big drop at the end",
         "Fastest at the smallest widths, then ever more slowly"],
        0,
        "It drops 0.12 nats from width 2 to 4, 0.40 to 0.46 per doubling from 4 to 32, then 0.21, "
        "0.035 and 0.013: an S-curve, only wider than that of exact match.",
        why=["Right: three middle doublings each hold 24 to 28 % of the fall; the first holds 7 % "
             "and the last two under 3 % each.",
             "A straight line on a log axis would mean equal drops; they range from 0.013 to 0.46.",
             "That describes exact match better; the loss falls over four to five doublings.",
             "The first doubling (2 to 4) brings only 0.12 nats, less than the next three."]),
    OpenQuestion(
        "The same runs look gradual through per-token loss and sudden through exact match. "
        "Explain why, and say what this lab does and does not show about emergent abilities of "
        "large language models.",
        "Exact match credits an answer only when all L tokens are right, so it behaves like a "
        "product of per-position accuracies; a product of several smoothly rising factors stays "
        "near zero until every factor is high, then rises steeply. The lab shows this directly: "
        "the product of the measured per-position accuracies predicts exact match within about "
        "0.01. But the loss itself is also an S-curve here, and the positions are learned at "
        "different widths (the units digit at width 8 to 16, the middle digits at 32 to 64), so "
        "'smooth underneath' does not mean 'linear underneath'. For large language models the "
        "lab only shows which questions to ask (which metric, which axes, which per-token "
        "measure); their tasks are not sums of independent tokens and their per-token "
        "probabilities are not always available, so the lab cannot settle whether a given "
        "ability is a mirage."),
]
