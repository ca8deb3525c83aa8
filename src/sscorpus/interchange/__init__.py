"""Interchange: the corpus in the formats of the tools researchers already
use (REFI-QDA, UIMA CAS XMI, brat standoff, W3C Web Annotation), and their
coding brought in as ordinary annotation files.

Each format is one module with a writer of the one dataset value
(``dataset.value.Dataset``) and a reader that gives a :class:`ForeignProject`
(``foreign.py``): positions, codes and relations as the other tool holds
them. ``importing.py`` turns a foreign project into annotation files through
a map (``mapping.py``) of the foreign codes to the codebook's (``codebook.py``).
"""
