"""Quiz of notebook 07 (critiques and conclusions)."""

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "Chinchilla and Gopher used the same training compute. On which x axis do they sit at "
        "the same position?",
        ["Parameters", "Training tokens", "Training FLOPs", "None of the three"],
        correct=2,
        explanation="Same FLOPs budget; Chinchilla has 4x fewer parameters and about 4.7x more "
                    "tokens.",
        why=["Chinchilla has 70B parameters, Gopher 280B.",
             "Chinchilla saw 1.4T tokens, Gopher 300B.",
             "Right: Wei et al. give both 5 x 10^23 FLOPs.",
             "The FLOPs axis does put them together."],
    ),
    Question(
        "A benchmark has 100 examples and a model's true accuracy is 0.3 %. How likely is it "
        "to score exactly 0?",
        ["About 5 %", "About 26 %", "About 74 %", "Certain: below 1 % always reads 0"],
        correct=2,
        explanation="(1 - 0.003)^100 ≈ 0.74: likely, but not certain.",
        why=["That is 0.97^100: it reads 0.3 % as the fraction 0.03 (3 %), not 0.003.",
             "That is the chance of at least one right answer, 1 - 0.74.",
             "Right: 0.997^100 ≈ 0.74.",
             "A model at 0.3 % gets at least one of 100 right about one time in four."],
    ),
    Question(
        "Plotting the error rate on a log y axis instead of a linear one...",
        ["stretches the top of the scale, so the decline starts much earlier",
         "compresses the top, so the small models' decline looks flatter",
         "removes the jump, as a log axis always does",
         "changes nothing, since the points are the same"],
        correct=1,
        explanation="A log axis compresses large values and stretches small ones. The error "
                    "rates of small models sit near 100 %, so their decline is squeezed; it is "
                    "accuracy on a log axis that spreads them out.",
        why=["The other way round: a log axis compresses the top of its range.",
             "Right: 99 % and 91 % error are close together on a log axis.",
             "A log axis on the error rate makes the jump look more abrupt; on the accuracy it "
             "can soften it.",
             "The points are the same, but their spacing on the page is not."],
    ),
    Question(
        "Under the emergence score (Eq. 1), do more models per curve make a screen of flat "
        "noisy curves safer?",
        ["No: the share above 5 grows, since max − min of noise grows",
         "Yes: the share above 5 falls, since the median step gets more stable",
         "It makes no difference, because the score is scale-free",
         "Yes: with twelve models no flat curve passes a cut-off of 5"],
        correct=0,
        explanation="In the simulation the share above 5 rises from about 4 % with six models "
                    "to about 6.6 % with twelve or fifteen.",
        why=["Right: the range of noise widens with more points; the typical step does not.",
             "That is what the endpoint variant (last minus first) does, not Eq. 1.",
             "Scale-free means the noise level does not matter; the number of models does.",
             "About 6.6 % of flat curves with twelve models still pass."],
    ),
    Question(
        "The noise of the simulated flat curves is doubled (same seed). How does that change "
        "the number of curves that pass the cut-off?",
        ["More pass", "Fewer pass", "Only the screens with few models per curve change their count",
         "Not at all: the score is a ratio of changes"],
        correct=3,
        explanation="With the same seed, doubling the noise doubles every curve value's "
                    "deviation from its constant level, so max − min and the typical step both "
                    "double and each score stays the same.",
        why=["Larger noise makes larger ranges, but also larger steps.",
             "The steps grow as much as the range.",
             "The ratio is unchanged for any number of models.",
             "Right: numerator and denominator scale together."],
    ),
    Question(
        "What do Du et al. (2024) conclude about emergent abilities?",
        ["They vanish once the scores are measured with continuous metrics, as Schaeffer et "
         "al. found",
         "They are an artefact of plotting training FLOPs instead of parameters on the x axis",
         "A threshold in pre-training loss makes them predictable by extrapolating from smaller "
         "models with a higher loss",
         "Some abilities stay at chance until the pre-training loss falls below a threshold, "
         "also under continuous metrics"],
        correct=3,
        explanation="For models trained on one corpus with one tokenizer, Du et al. find "
                    "abilities that stay at chance until the pre-training loss falls below a "
                    "threshold, also under continuous metrics, and argue they cannot be "
                    "predicted from models with a higher loss.",
        why=["Du et al. argue against this: the threshold holds with continuous metrics too.",
             "Their x axis is the pre-training loss, not FLOPs or parameters.",
             "They argue the opposite: such abilities cannot be extrapolated from models "
             "with higher loss.",
             "Right: emergence in the loss, regardless of the continuity of the metric."],
    ),
    OpenQuestion(
        "Wei et al. show that the task loss falls while accuracy is still near zero. Does this "
        "show that the ability is 'being prepared' before it appears? Explain.",
        "Not by itself. It shows that the likelihood of the right answer improves steadily, so "
        "a downstream metric can mask real progress. But Wei et al. do not claim that this "
        "explains why the metric jumps or predicts where: the loss at which tasks switch on "
        "differs between tasks, the loss is not always smooth (word unscramble's rises again at "
        "the largest model), and for IPA transliterate the score is BLEU, not accuracy. To call "
        "it 'preparation' one would need a model linking the loss to the score (as in "
        "Schaeffer et al.'s toy model) or a threshold in pre-training loss for models of one "
        "architecture trained on one corpus with one tokenizer (Du et al. 2024), who themselves "
        "argue it does not make emergence predictable from models with a higher loss.",
    ),
]
