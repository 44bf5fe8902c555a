"""The shared corpora the other tests iterate over are really there (a missing
directory would otherwise turn those tests into empty parameter lists)."""

from __future__ import annotations

import glob

import pytest

from shared_paths import SHARED_CORPUS


@pytest.mark.parametrize(
    ("name", "count"), [("regalloc2-small", 500), ("regalloc2-medium", 200), ("regalloc2-large", 50)]
)
def test_shared_corpus_is_present(name: str, count: int) -> None:
    assert len(glob.glob(f"{SHARED_CORPUS}/{name}/*.json")) == count
