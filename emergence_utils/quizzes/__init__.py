"""Quiz questions and answer keys, one module per notebook (``nbNN.py`` with ``QUESTIONS``).

Kept in the package, not in the notebooks, so the notebooks shipped to students carry no answer
key; ``eu.quiz.show("NN")`` displays one.
"""
