# %% [markdown]
# ## Real checkpoints, two metrics: Pythia on LAMBADA (about 20 min)
#
# Everything so far in this notebook used published or simulated curves of a few closed
# models. The **Pythia** suite (Biderman et al., 2023) is fully public: eight sizes (70M to
# 12B parameters), each trained twice (on the Pile and on the deduplicated Pile), on the same
# data in the same order, with checkpoints saved during training. EleutherAI evaluated every
# size at 27 checkpoints with the lm-evaluation-harness, and published the results
# (github.com/EleutherAI/pythia, folder `evals/`, Apache-2.0).
#
# One of the tasks is **LAMBADA**: predict the last word of a passage. The harness reports two
# numbers on the *same* examples:
#
# - **accuracy**: the share of passages whose last word is the model's top prediction
#   (all-or-nothing per passage);
# - **perplexity** of the last word: exp of the mean negative log-likelihood of the target
#   word (continuous: every bit of probability on the right word counts).
#
# So we can ask Schaeffer et al.'s question on real checkpoints: does the all-or-nothing
# metric look more emergent than the continuous one? We use the emergence score of
# `eu.emergence.emergence_score` (Schaeffer et al. 2023, Eq. 1: the whole range of the curve
# divided by the root-median step between neighbouring points, signed). Perplexity falls as
# models improve, so we score **−ln(perplexity)** (the mean log-likelihood of the target word,
# in nats; higher is better), which gives a positive score for an improving curve, as for
# accuracy. We also score −perplexity without the logarithm, to see what the transformation
# does. Step 0 (the untrained model, zero compute) is left out: the score needs a positive
# scale.

# %%
om = eu.open_models
for fam in om.PYTHIA_FAMILIES:
    s = om.metric_scores(fam)
    sizes, steps = s.iloc[0], s.iloc[1:]
    print(f"{fam}, across the 8 sizes (step 143000): accuracy {sizes.score_accuracy:.1f}, "
          f"-ln ppl {sizes.score_neg_log_ppl:.1f}, -ppl {sizes.score_neg_ppl:.1f}")
    print(f"   over training (26 checkpoints per size): accuracy "
          f"{steps.score_accuracy.min():.1f} to {steps.score_accuracy.max():.1f}, -ln ppl "
          f"{steps.score_neg_log_ppl.min():.1f} to {steps.score_neg_log_ppl.max():.1f}; "
          f"accuracy scores higher for {(steps.higher == 'accuracy').sum()} of 8 sizes")
om.metric_scores("Pythia").round(1)

# %% [markdown]
# Across sizes, the continuous metric scores **higher** than accuracy (13.7 against 11.4 on the
# Pile, 17.9 against 13.6 on the deduplicated Pile): on LAMBADA, accuracy is not the sharper
# of the two. Over training the scores are much larger for both metrics, and which one is
# higher depends on the size. Those large numbers say more about *where the checkpoints are*
# than about the curves: the grid has ten checkpoints in the first 512 steps and fourteen
# between steps 13000 and 143000, ten thousand steps apart. Most neighbouring checkpoints then
# differ little, and the denominator of Eq. 1 (the root-median step) is small. The next cell
# looks at both ends of the grid and scores the curves again on the checkpoints from step 1000
# on.

# %%
lam = om.lambada_curves("Pythia")
final = lam[lam["step"] == 143000]
print("perplexity at step 143000:", ", ".join(f"{r.size_label} {r.perplexity:.1f}"
                                               for r in final.itertuples()))
for size in om.SIZES:
    g = lam[lam["size_label"] == size]
    early, late = g[g["step"] <= 512], g[g["step"] >= 1000]
    big = late[late["step"] >= 13000]["accuracy"].diff().abs().max()
    print(f"{size:>4}: accuracy 0 at {(early['accuracy'] == 0).sum()} of {len(early)} checkpoints "
          f"up to step 512 (perplexity {early['perplexity'].iloc[0]:.3g} -> "
          f"{early['perplexity'].iloc[-1]:.3g}); largest step from 13000 on {big:.3f}; "
          f"from step 1000 on ({len(late)} checkpoints): accuracy "
          f"{eu.emergence.emergence_score(late['step'], late['accuracy']):.1f}, -ln ppl "
          f"{eu.emergence.emergence_score(late['step'], late['neg_log_ppl']):.1f}")

# %% [markdown]
# LAMBADA accuracy is exactly 0 at all ten checkpoints up to step 512, for every size, while the
# perplexity of the same checkpoints already falls from millions to 80-210 thousand.
# After step 13000, accuracy moves by at most 0.069 from one checkpoint to the next. From step
# 1000 on, the scores are smaller (accuracy 16.9 to 86.2, −ln ppl 31.9 to 195.3) and −ln ppl
# scores higher than accuracy for all eight sizes. They stay large because a learning curve
# sampled every 10,000 steps rises fast and then changes a little at each checkpoint: Eq. 1
# rewards exactly that shape, whatever the metric.

# %% [markdown]
# **Predict, then move the slider, then explain.** The menu chooses a curve: the eight final
# models, or one size over its training. Both panels use training FLOPs as x (the score only
# depends on the order of the points, so it is the same against parameters or steps); the
# grey lines are every size's training curve. Before you move it: over training, which panel
# will show a long flat stretch followed by a rise, and which a steady fall? Which score in the
# titles will be larger?
#
# <details><summary>Discussion</summary>
#
# Over training, accuracy sits at exactly 0 for the first 512 steps, then rises within a few
# thousand steps; the perplexity of the same checkpoints has been falling all along (on a log
# axis), from millions at step 1. The perplexity axis is logarithmic, so that panel shows
# −ln(perplexity) upside down; −perplexity on a linear axis would look like a cliff, and its
# score (in the title) is in the hundreds of thousands or more. Across sizes, both curves are
# smooth and neither is sudden. On these real checkpoints the metric alone neither creates nor
# removes a jump; the transformation (log or not) and the spacing of the points change the
# score far more.
#
# </details>

# %%
om.metric_choice_widget()

# %% [markdown]
# The same question on a task Wei et al. call emergent: Ruan et al.'s (2024) table scores the
# final Pythia (deduplicated), OPT and BLOOM models on BIG-bench IPA transliterate (2-shot)
# with exact match and with BLEU.

# %%
ipa = om.ipa_metric_scores()
print(ipa.round(3).to_string(index=False))

# %% [markdown]
# Exact match is 0 for all 8 Pythia models (score 0: nothing to see), and nonzero only for the
# largest OPT and BLOOM models (2 of 8 and 1 of 4), so the median step is 0 and the score is
# infinite. BLEU does rise, but stays below 3 points out of 100 (at most 0.579 for Pythia,
# 2.363 for OPT): every one of these models is still at the floor of this task. A continuous
# metric shows movement that exact match hides, but there is no ability to see yet.
#
# **Question.** Across sizes, −perplexity scores 75.7 and −ln(perplexity) 13.7 on the same
# eight checkpoints. Which would you report, and why?
#
# <details><summary>Answer</summary>
#
# −ln(perplexity): it is the mean log-likelihood of the target word, a quantity on which a
# step of the same size means the same improvement anywhere. Perplexity is its exponential, so
# the step from the smallest model (142.4) to the next (38.1) dwarfs every later step (down
# to 3.9 for 12B), and the score mostly measures that one step. The choice of transformation is
# part of the metric, and has to be stated with the score.
#
# </details>
