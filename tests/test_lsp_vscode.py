"""The VS Code extension (editors/vscode) starts the server and passes it
the settings it reads; its dependencies are installed by npm, never
committed."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPO
from sscorpus.lsp.server import SETTINGS

EXTENSION = REPO / "editors" / "vscode"


def test_the_extension_passes_the_settings_the_server_reads() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    properties = manifest["contributes"]["configuration"]["properties"]
    assert {name.removeprefix("sscorpus.") for name in properties} == {*SETTINGS, "command"}
    assert "vscode-languageclient" in manifest["dependencies"]
    assert "@vscode/vsce" in manifest["devDependencies"] and manifest["publisher"]
    script = (EXTENSION / manifest["main"]).read_text(encoding="utf-8")
    assert 'args: ["lsp"]' in script
    assert all(f'config.get("{name}")' in script for name in SETTINGS)


def test_node_modules_stay_out_of_git() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "editors/vscode"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "editors/vscode/package.json" in tracked
    assert not [path for path in tracked if "node_modules/" in path or path.endswith(".vsix")]
