# %% [markdown]
# ## The lab beside a real model family: Pythia (about 15 min)
#
# The lab's models are tiny: 172 to 41,276 parameters, trained with 2.6 × 10<sup>7</sup> to
# 7.5 × 10<sup>10</sup> FLOPs (the next cell prints these ranges). Pythia's (Biderman et al.,
# 2023) have 18.9 million to 11.3 billion non-embedding parameters and up to
# 2 × 10<sup>22</sup> FLOPs. To put both on one footing, we rescale each curve by its own
# largest model:
#
# - **fraction of compute** = training FLOPs / training FLOPs of the final model;
# - **fraction of final performance** = (value − chance) / (final value − chance), so 0 is
#   guessing and 1 the final model.
#
# For the lab, "final" is the widest model of a cached family (mean over seeds 0, 1 and 2), and
# the family spans the widths 2 to 256 at a fixed number of steps. For Pythia, either the eight
# sizes at their last checkpoint (the same kind of curve: size grows, training length fixed), or
# each size over its own training (EleutherAI's published checkpoint results,
# github.com/EleutherAI/pythia, `evals/`). Chance: 10<sup>−L</sup> for the lab's exact match
# and 1/10 for its token accuracy (`eu.lab.chance_level`); 0 for LAMBADA accuracy, 0.25 for
# SciQ and ARC-Easy, 0.5 for PIQA.

# %%
om = eu.open_models
lab_cache = eu.lab.load_cached().table
py = om.training_curves("LAMBADA|accuracy", "Pythia")
print(f"lab (cached families): {lab_cache['params'].min()} to {lab_cache['params'].max()} "
      f"parameters, {lab_cache['train_flops'].min():.2g} to {lab_cache['train_flops'].max():.2g} "
      "training FLOPs")
print(f"Pythia: {py['params'].min() / 1e6:.1f}M to {py['params'].max() / 1e9:.1f}B non-embedding "
      f"parameters, up to {py['train_flops'].max():.2g} training FLOPs; step 512 is "
      f"{512 / 143000:.4f} of the training")

# %%
for metric in ("exact_match", "token_accuracy"):
    t = om.fraction_table("default", metric, "LAMBADA|accuracy", "sizes", levels=(0.5, 0.9))
    for r in t.itertuples():
        print(f"{r.curve:45s} half of the final gain at {r._2:.3g} of the compute, "
              f"90 % at {r._3:.3g}")

# %% [markdown]
# The lab's exact match reaches half of its final gain at 0.125 of the final compute and 90 %
# at 0.25: one doubling of compute takes it from half to nearly all. Pythia's LAMBADA accuracy
# across sizes needs from 0.0267 to 0.222, three doublings. The lab's token accuracy, which
# gives partial credit per digit, rises like Pythia's (0.0312 and 0.25). The all-or-nothing
# metric on the lab's task is the steep curve; the partial-credit one looks like the real
# family's. Note that the fractions are read at the models that exist: the lab's widths double
# at each step, so its fractions of compute are powers of 1/2.

# %% [markdown]
# **Predict, then move the slider, then explain.** Black: a lab family; colour: Pythia. Before
# you move the controls: will a harder lab task (more digits) make the black curve steeper or
# shallower? Will Pythia's curves over training look like the curve across sizes?
#
# <details><summary>Discussion</summary>
#
# More digits make the black exact-match curve rise later: exact match needs every digit
# right. Token accuracy starts above chance even for the narrowest lab models and climbs over a
# wider range of compute. Over training, every Pythia size's LAMBADA curve stays at 0 for the
# first 512 steps (a few thousandths of its final compute), then rises over about one decade;
# the two smallest models overshoot and end below their peak, so their "fraction of final" goes
# above 1. Across sizes, Pythia needs about three doublings of compute to go from half to 90 %
# of its final gain, the lab's exact match one. A real family trained on text does not rise
# more sharply than the lab; the lab's sharp curve comes from its all-or-nothing metric.
#
# </details>

# %%
om.lab_vs_pythia_widget()

# %% [markdown]
# **Question.** Both axes are fractions of the *final* model. What happens to the picture if a
# family's largest model is barely above chance (for example Pythia on MMLU)?
#
# <details><summary>Answer</summary>
#
# The denominator (final − chance) becomes small, so tiny differences, including noise, are
# magnified: a curve of models all within a few standard errors of chance can look like a
# jump from 0 to 1. Normalising by the final model only makes sense when the final model is
# clearly above chance; otherwise plot the raw values with their uncertainty.
#
# </details>
