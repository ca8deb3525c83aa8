"""What the export does once: no table is turned into records twice (the
network tables and the graphs of the export read the same records)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import pytest

from conftest import CorpusDir
from sscorpus.dataset import networks
from sscorpus.exporting import export
from test_networks import small  # noqa: F401 - the fixture: a corpus with networks


def test_no_frame_is_turned_into_records_twice(small: CorpusDir, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    made: Counter[int] = Counter()
    sizes: dict[int, int] = {}
    to_dict = pd.DataFrame.to_dict

    def counted(self: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
        made[id(self)] += 1
        sizes[id(self)] = len(self)
        return to_dict(self, *args, **kwargs)

    records = networks._records  # the networks' records, made from a frame's columns

    def counted_records(df: pd.DataFrame) -> list[dict[str, Any]]:
        made[id(df)] += 1
        sizes[id(df)] = len(df)
        return records(df)

    monkeypatch.setattr(pd.DataFrame, "to_dict", counted)
    monkeypatch.setattr(networks, "_records", counted_records)
    result = export(small.root, formats=["tables"])
    assert result.ok and "networks/affiliation.graphml" in result.written
    assert any(sizes[frame] for frame in made)  # the networks have rows
    assert max(made.values()) == 1
