"""``regalloc alloc --explain`` prints ion's decisions before a verified listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from regalloc.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_explain_prints_decisions_and_a_verified_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alloc", str(EXAMPLES / "loop_with_call.ra"), "--explain", "--verify"]) == 0
    out = capsys.readouterr().out
    head, _, listing = out.partition("\n\n")
    assert head.startswith("# ion decisions")
    assert any(line.startswith("bundle ") for line in head.splitlines())
    assert "algorithm ion" in listing
    assert out.rstrip().endswith("verified")


def test_explain_refuses_other_allocators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alloc", str(EXAMPLES / "diamond.ra"), "--explain", "--algorithm", "fast"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "regalloc: error: --explain is available for the ion allocator only, not 'fast'"
