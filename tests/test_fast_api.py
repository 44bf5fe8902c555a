"""The allocate() API and registry, `regalloc alloc` and `regalloc bench`, and generated functions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from regalloc import allocate
from regalloc.api import ALLOCATORS
from regalloc.checker import check
from regalloc.cli import main
from regalloc.cli.cmd_alloc import parse_reference
from regalloc.env import MachineEnv
from regalloc.errors import RegallocError, ValidationError
from regalloc.fast import allocate_fast
from regalloc.formats import load_function, load_result
from regalloc.function import FunctionBuilder, define, use
from regalloc.fuzz.runner import generate_case
from regalloc.regs import INT, preg
from shared_paths import SHARED_CORPUS

CORPUS = Path(SHARED_CORPUS)
SMALL = sorted((CORPUS / "regalloc2-small").glob("*.json"))


def tiny() -> tuple[FunctionBuilder, MachineEnv]:
    fb = FunctionBuilder()
    return fb, MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])


def test_registry_has_fast_and_allocate_uses_it() -> None:
    assert ALLOCATORS["fast"] is allocate_fast
    fb, env = tiny()
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])
    fb.ret([use(v, "reg")])
    func = fb.finish()
    result = allocate(func, env, algorithm="fast")
    check(func, env, result)
    assert result.algorithm == "fast"


def test_unknown_algorithm_lists_the_known_ones() -> None:
    fb, env = tiny()
    fb.start_block(fb.new_block())
    fb.ret()
    with pytest.raises(RegallocError, match=r"unknown allocation algorithm 'nope' \(registered: .*fast"):
        allocate(fb.finish(), env, algorithm="nope")


def test_default_algorithm_without_ion_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(ALLOCATORS, "ion", raising=False)
    fb, env = tiny()
    fb.start_block(fb.new_block())
    fb.ret()
    with pytest.raises(RegallocError, match="'ion'"):
        allocate(fb.finish(), env)


def test_invalid_input_is_rejected_before_allocation() -> None:
    fb, env = tiny()
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.ret([use(v, "reg")])  # used, never defined
    func = fb.finish()
    with pytest.raises(ValidationError):
        allocate(func, env, algorithm="fast")


@pytest.mark.parametrize("k", range(60))
def test_generated_functions_verify(k: int) -> None:
    func, env = generate_case(20260, "mixed", k)
    check(func, env, allocate(func, env, algorithm="fast"))


def test_cli_alloc_listing_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alloc", str(SMALL[0]), "--algorithm", "fast", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "block0" in out and out.rstrip().endswith("verified")


def test_cli_alloc_writes_interchange_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "alloc.json"
    assert main(["alloc", str(SMALL[1]), "--algorithm", "fast", "--out", str(out_file)]) == 0
    func, env = load_function(str(SMALL[1]))
    result = load_result(str(out_file), func)
    check(func, env, result)
    assert json.loads(out_file.read_text())["algorithm"] == "fast"
    assert "written" in capsys.readouterr().out


def test_cli_alloc_unknown_algorithm_fails_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alloc", str(SMALL[0]), "--algorithm", "nope"]) == 1
    assert "unknown allocation algorithm" in capsys.readouterr().err


def test_cli_bench_reports_figures_and_reference_ratio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "regalloc2-small"
    corpus.mkdir()
    for path in SMALL[:3]:
        shutil.copy(path, corpus / path.name)
    shutil.copy(CORPUS / "REFERENCE.md", tmp_path / "REFERENCE.md")
    assert main(["bench", str(corpus), "--algorithm", "fast", "--repeat", "2"]) == 0
    out = capsys.readouterr().out
    assert "regalloc2-small: 3 functions" in out
    assert "insts/s" in out and "weighted cost" in out and "spill slots" in out
    assert "vs regalloc2 fastalloc: weighted cost" in out


def test_cli_bench_without_reference_skips_ratio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "mine"
    corpus.mkdir()
    shutil.copy(SMALL[0], corpus / SMALL[0].name)
    assert main(["bench", str(corpus), "--algorithm", "fast", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "mine: 1 functions" in out and "vs " not in out


def test_reference_table_parses() -> None:
    rows = parse_reference(CORPUS / "REFERENCE.md")
    fast_small = [r for r in rows["regalloc2-small"] if r.allocator == "regalloc2 fastalloc"]
    assert fast_small and fast_small[0].weighted_cost == 260978 and fast_small[0].spillslots == 71583
    assert fast_small[0].insts_per_second == 3257000
