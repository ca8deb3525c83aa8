"""Write each case folder's expected.txt and exit_code from what the command
line prints now (the tests only compare, never write):

    .venv/bin/python tests/cases/regenerate.py            # every case
    .venv/bin/python tests/cases/regenerate.py bad-yaml   # the cases named

Then read every changed file (``git diff tests/cases``) before committing it:
a case checks that the output stays the same, not that it is right.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: conftest, clicases

from clicases import CASES, case_names, run_case, write_expected


def regenerate(names: list[str], cases: Path = CASES) -> list[str]:
    """Rewrite the expectations of the named cases (all when none is named);
    the names of the cases whose files changed."""
    changed = []
    for name in names or case_names(cases):
        folder = cases / name
        before = [(folder / f).read_bytes() if (folder / f).is_file() else None for f in ("expected.txt", "exit_code")]
        with tempfile.TemporaryDirectory() as work:
            outcome = run_case(folder, Path(work) / "corpus")
        if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
            raise RuntimeError(f"case {name}: the command raised {outcome.exception!r}")
        write_expected(folder, outcome)
        after = [(folder / f).read_bytes() for f in ("expected.txt", "exit_code")]
        if after != before:
            changed.append(name)
    return changed


if __name__ == "__main__":
    for name in regenerate(sys.argv[1:]):
        print(f"rewritten: tests/cases/{name}/ (read it before committing)")
