# %% [markdown]
# ## Below the threshold: MMLU on every Pythia, OPT and BLOOM model (about 10 min)
#
# In Wei et al.'s Fig. 2G, MMLU accuracy stays near chance (25 %, four answer options) for
# models up to about 10<sup>22</sup> training FLOPs and rises only for the largest GPT-3,
# Gopher and Chinchilla models. Those small points are few, and several of them are read
# off the figure. Three public model families fill that range densely: the 16 Pythia models
# (Biderman et al., 2023), OPT (125M to 66B) and BLOOM (560M to 7.1B), all evaluated on the 57
# MMLU subjects with the same harness (EleutherAI's published results,
# github.com/EleutherAI/pythia, `evals/`). We use the unweighted mean over the 57 subjects.
#
# Units: the open-model results are **fractions**; Wei et al.'s figure is in **percent**, so
# its values are divided by 100 here. Training FLOPs: Pythia 6 N D with N its non-embedding
# parameters (derived); OPT and BLOOM as Ruan et al.'s (2024) table states them (6 N D with the
# nominal size). That table does not list BLOOM 1.7B, so that model has no FLOPs and is not
# plotted.

# %%
om = eu.open_models
mmlu = om.mmlu_table("5")
open_fams = ["Pythia", "Pythia (deduped)", "OPT", "BLOOM"]
for fam in open_fams:
    g = mmlu[mmlu["model_family"] == fam]
    print(f"{fam:17s} {len(g)} models, {g['shots'].iloc[0]}-shot: MMLU from {g['value'].min():.3f} "
          f"to {g['value'].max():.3f} (largest training FLOPs {g['train_flops'].max():.2g})")
opn = mmlu[mmlu["model_family"].isin(open_fams)]
print(f"all {len(opn)} open models: at most {opn['value'].max():.3f}, that is "
      f"{opn['value'].max() - 0.25:+.3f} from chance (0.25); standard error of one mean about "
      f"{opn['stderr'].max():.4f}")
wei = mmlu[~mmlu["model_family"].isin(open_fams)]
print(wei[["model_family", "model", "train_flops", "value", "method"]].round(3)
      .to_string(index=False))

# %%
fig = om.mmlu_figure("5")
eu.widgets.show(fig, alt="MMLU accuracy (fraction) against training FLOPs (log axis) for 16 "
                "Pythia models (five-shot), 8 OPT and 4 BLOOM models (zero-shot), and the GPT-3, "
                "Gopher and Chinchilla points of Wei et al. Fig. 2G, with the chance line at "
                "0.25. Every open model lies between about 0.24 and 0.30; only GPT-3 175B, "
                "Gopher 280B and Chinchilla 70B, above 1e23 FLOPs, are far above chance.")

# %%
all_ckpt = om.evals(None, "MMLU", "accuracy", None)
py = all_ckpt[all_ckpt["model_family"].str.startswith("Pythia")]
print(f"every Pythia checkpoint ({len(py)} evaluations, 0- and 5-shot): MMLU from "
      f"{py['value'].min():.3f} to {py['value'].max():.3f}")

# %% [markdown]
# All 29 open models lie between 0.242 and 0.299, at most 0.049 above chance, and so does
# every one of the 672 Pythia evaluations along training (0.215 to 0.304). The standard
# error of one mean is about 0.0047, so the largest models are measurably above chance, by a
# few points; nothing like the jump to 0.439 (GPT-3 175B), 0.600 (Gopher 280B) and 0.675
# (Chinchilla 70B) above 10<sup>23</sup> FLOPs. The open models agree with Wei et al.'s small
# models: up to a few times 10<sup>22</sup> FLOPs, MMLU is near chance for every family.
#
# **Question.** Do these results show that MMLU ability appears only above 10<sup>23</sup>
# FLOPs? What else could explain a flat curve near 0.25?
#
# <details><summary>Answer</summary>
#
# They show that none of these models, trained with up to about 7 × 10<sup>22</sup> FLOPs, does
# much better than guessing on four-option questions when scored by the top option. They do
# not show where an ability "appears": a multiple-choice accuracy near chance can hide a
# steady rise in the probability given to the right answer (the continuous metrics of the
# partial-credit notebook), the FLOPs of the families are counted differently (non-embedding
# parameters for Pythia, nominal sizes for OPT and BLOOM), and the gap between 7 × 10<sup>22</sup>
# and the large models above 10<sup>23</sup> holds no open model here, so nothing says how
# sharp the rise is.
#
# </details>
