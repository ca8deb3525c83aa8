"""A second real client: Neovim (Debian's package), headless, with the
README's configuration, shows the diagnostics of a broken annotation file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ESSAY_ANNOTATIONS, ESSAY_FILE, REPO, CorpusDir

NVIM = shutil.which("nvim")

#: waits for the server's diagnostics, writes them one a line (code, line, column), quits
_REPORT = """
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(out, string.format("%s %d %d", code, d.lnum + 1, d.col + 1))
end
vim.fn.writefile(out, vim.env.SSCORPUS_REPORT)
vim.cmd("qa!")
"""


def readme_lua() -> str:
    """The README's Neovim configuration, as written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Neovim") :]
    found = re.search(r"```lua\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


@pytest.mark.skipif(
    NVIM is None and not os.environ.get("CI"),
    reason="nvim is not installed (apt-get install neovim; .ci/run installs it, and with CI set this test fails)",
)
def test_neovim_shows_the_findings_of_a_broken_file(corpus: CorpusDir, tmp_path: Path) -> None:
    assert NVIM is not None, "nvim is not installed: .ci/run installs it (apt-get install neovim)"
    broken = ESSAY_ANNOTATIONS.replace("- actor: south-africa", "- actor: south-afrika")
    path = corpus.write(ESSAY_FILE, broken)
    init = tmp_path / "init.lua"
    init.write_text("vim.cmd('filetype on')\n" + readme_lua(), encoding="utf-8")
    report = tmp_path / "report.txt"
    bin_dir = str(Path(sys.executable).parent)  # where `sscorpus` is installed beside this Python
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "SSCORPUS_REPORT": str(report),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    lua = tmp_path / "report.lua"
    lua.write_text(_REPORT, encoding="utf-8")
    subprocess.run(
        [NVIM, "--headless", "-u", str(init), "-c", f"luafile {lua}", str(path)],
        cwd=corpus.root,
        env=env,
        timeout=60,
        check=False,
        capture_output=True,
    )
    line = broken.splitlines().index("  - actor: south-afrika") + 1
    column = len("  - actor: ") + 1
    assert report.read_text(encoding="utf-8").split("\n")[:-1] == [f"ref.unknown {line} {column}"]
