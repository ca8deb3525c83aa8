"""``sscorpus lsp``: a language server for annotating in any editor.

The server (``server.py``) wires the Language Server Protocol to small
modules, each with one job: what the server keeps of the corpus between
keystrokes (``session.py``), positions in the editor's units
(``positions.py``), findings as diagnostics (``diagnostics.py``), and the
features: hover, definition, completion, code actions (quick fixes and the
text file's "add claim / evidence / mention"), document symbols.
"""
