# %% [markdown]
# ## Emergence over training, not only over size: Pythia (about 20 min)
#
# Wei et al. (2022) plot abilities against training FLOPs, but each point is a different,
# fully trained model: compute grows because the model is larger. Compute also grows *during*
# training. The Pythia suite (Biderman et al., 2023) lets us see both: eight sizes (70M to
# 12B parameters) trained on the same 299,892,736,000 tokens in the same order, each
# evaluated at 27 checkpoints (EleutherAI's published results, github.com/EleutherAI/pythia,
# `evals/`). A checkpoint at step s has seen s × 2,097,152 tokens, and we put it at
# 6 N D training FLOPs, with N the model's non-embedding parameters (derived from the model
# table of the Pythia README) and D those tokens.
#
# If ability depended on compute alone, every size's training curve would fall on one line
# against FLOPs: a small model trained longer would match a larger model trained for a
# shorter time at the same compute. The checkpoints let us test that directly.

# %%
om = eu.open_models
curves = om.training_curves("LAMBADA|accuracy", "Pythia")
print(f"{curves['size_label'].nunique()} sizes x {curves.groupby('size_label').size().iloc[0]} "
      f"checkpoints (steps 1 to 143000), training FLOPs from {curves['train_flops'].min():.2g} "
      f"to {curves['train_flops'].max():.2g}")
n = curves.groupby("size_label", sort=False)["params"].first()
print("non-embedding parameters:", ", ".join(f"{k} {v / 1e6:.1f}M" for k, v in n.items()))
for size in ("70M", "160M"):
    g = curves[curves["size_label"] == size]
    best = g.loc[g["value"].idxmax()]
    print(f"{size}: LAMBADA accuracy peaks at {best['value']:.3f} (step {best['step']}), ends at "
          f"{g['value'].iloc[-1]:.3f} (step 143000)")

# %% [markdown]
# First the same checkpoints two ways: against training step (the same data seen, in the same
# order, by every size) and against training FLOPs.

# %%
print("LAMBADA accuracy by step:")
print(curves[curves["step"].isin([512, 1000, 3000, 13000, 143000])]
      .pivot(index="step", columns="size_label", values="value")[list(om.SIZES)].round(3)
      .to_string())
fig = om.steps_and_flops_figure("LAMBADA|accuracy", "Pythia")
eu.widgets.show(fig, alt="Two panels of LAMBADA accuracy for the eight Pythia sizes (one line "
                "each, dark = small): left against training step, where every size stays at 0 "
                "up to step 512 and rises from step 1000 on; right against training FLOPs, "
                "where the rises of the sizes are spread over about three decades of compute.")

# %% [markdown]
# Against step, every size leaves 0 at the same point: 0 at step 512, between 0.026 and 0.091
# at step 1000 (the table above). What the models have seen decides *when* the rise starts;
# size decides how high each curve climbs (at step 143000, from 0.185 for 70M to 0.705 for
# 12B). Against compute, the same rises are spread out, because a step costs more for a
# larger model.

# %% [markdown]
# **Predict, then move the slider, then explain.** Each line is one size during training
# (dark: small, light: large), against training FLOPs. The slider sets a compute budget; the
# black dots are each size's accuracy at that budget (interpolated between its checkpoints),
# and the box names the best size. Before you move it: at a budget of about 1e21 FLOPs, will
# the best model be the largest one that has reached it, or a smaller one trained for longer?
# Try LAMBADA, then PIQA and MMLU.
#
# <details><summary>Discussion</summary>
#
# Against FLOPs, the training curves of the sizes from 410M upward nearly lie on one envelope:
# at a given budget their dots sit close together, and no size is clearly best. The two
# smallest models peak part-way through training and then lose accuracy (printed above the
# widget): trained to the end, they fall short of a larger model at the same compute. Every curve starts at zero LAMBADA accuracy: seen
# against compute, the rise during training looks much like the rise across sizes. On MMLU the
# curves stay close to the chance line (the next section looks at MMLU).
#
# </details>

# %%
om.compute_widget()

# %% [markdown]
# The table makes the comparison exact. For each pair of neighbouring sizes it takes the
# compute of the smaller model's last checkpoint (step 143000) and reads the larger model at
# the same compute (it gets there part-way through its training, at `large_step`).

# %%
om.matched_compute("LAMBADA|accuracy", "Pythia").round(3)

# %%
for fam in om.PYTHIA_FAMILIES:
    for key in ("LAMBADA|accuracy", "PIQA|accuracy", "ARC-Easy|accuracy", "SciQ|accuracy"):
        t = om.matched_compute(key, fam)
        rest = t.iloc[2:]
        print(f"{fam:17s} {key.split('|')[0]:9s} small - large at equal compute: 70M/160M "
              f"{t['difference'].iloc[0]:+.3f}, 160M/410M {t['difference'].iloc[1]:+.3f}; "
              f"from 410M up at most {rest['difference'].abs().max():.3f} in size "
              f"(standard error of one value up to {t['stderr_small'].max():.3f})")

# %% [markdown]
# On LAMBADA, the 70M model trained to the end is 0.148 below the 160M model at the same
# compute, and the 160M model 0.129 below the 410M model (0.166 and 0.139 on the deduplicated
# Pile). From 410M upward, the smaller model trained longer and the larger one trained shorter
# differ by at most 0.032 (0.023 deduplicated), a few standard errors of one measurement
# (about 0.007). PIQA, ARC-Easy and SciQ tell the same story. So, for these models and this
# data, compute predicts accuracy well once a model has a few hundred million parameters; below
# that, size limits what more training can buy.
#
# Two cautions. An intermediate checkpoint is not a model trained *for* that budget: its
# learning rate follows a cosine decay planned over all 143,000 steps (the training
# configurations in the Pythia repository, e.g. `models/160M/pythia-160m.yml`), so part-way
# through it is still high, which favours the model trained to the end. And the FLOPs use non-embedding parameters, which shrink the
# smallest models most: "70M" has 18.9M parameters outside its embeddings.
#
# **Question.** Wei et al. define an emergent ability by the scale of *fully trained* models.
# Suppose a model's accuracy over training stays at 0 for many checkpoints and then rises
# within a few checkpoints. Is that an emergent ability of training time? What would you need
# to measure to tell?
#
# <details><summary>Answer</summary>
#
# Not by itself. A sudden rise over training can come from the same causes as across sizes (a
# thresholded metric, sparse checkpoints) and from the learning-rate schedule. You would need
# the continuous metric on the same checkpoints (here: LAMBADA perplexity, which falls steadily
# before accuracy leaves 0), checkpoints dense enough around the rise, and ideally models
# trained to completion at each budget (as in compute-optimal scaling studies).
#
# </details>
