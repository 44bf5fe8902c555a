"""``regalloc verify`` and ``regalloc stats`` on files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regalloc.checker import check
from regalloc.cli import main
from regalloc.env import MachineEnv
from regalloc.formats import dump_function_json, dump_function_text, dump_result_json, function_from_json
from regalloc.function import Fixed, Function, FunctionBuilder, define, use
from regalloc.fuzz.reference import allocate_reference
from regalloc.regs import INT, preg, stack_alloc
from regalloc.result import AFTER, BEFORE, MOVE, AllocationResult, point
from shared_paths import SHARED_CORPUS

CORPUS_FILE = f"{SHARED_CORPUS}/regalloc2-small/f00003.json"


def spill_example() -> tuple[Function, MachineEnv, AllocationResult]:
    fb = FunctionBuilder("spill")
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])  # i0
    fb.op([define(b, Fixed(preg(INT, 0)))], clobbers=[preg(INT, 1)])  # i1
    fb.ret([use(a, "reg"), use(b, Fixed(preg(INT, 0)))])  # i2
    env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
    result = AllocationResult(
        allocs=[1, 0, 1, 0],
        edits=[(point(0, AFTER), MOVE, 1, stack_alloc(0)), (point(2, BEFORE), MOVE, stack_alloc(0), 1)],
        num_spillslots=1,
    )
    func = fb.finish()
    check(func, env, result)
    return func, env, result


def write_files(tmp_path: Path, text_format: bool = False) -> tuple[str, str, Function]:
    func, env, result = spill_example()
    func_path = tmp_path / ("f.ra" if text_format else "f.json")
    func_path.write_text(dump_function_text(func, env) if text_format else dump_function_json(func, env))
    alloc_path = tmp_path / "a.json"
    alloc_path.write_text(dump_result_json(result, func))
    return str(func_path), str(alloc_path), func


@pytest.mark.parametrize("text_format", [False, True])
def test_verify_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str], text_format: bool) -> None:
    func_path, alloc_path, _ = write_files(tmp_path, text_format)
    assert main(["verify", func_path, alloc_path]) == 0
    assert capsys.readouterr().out == "ok\n"


def test_verify_reports_the_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    func_path, alloc_path, _ = write_files(tmp_path)
    data = json.loads(Path(alloc_path).read_text())
    data["edits"] = data["edits"][:1]  # drop the reload
    Path(alloc_path).write_text(json.dumps(data))
    assert main(["verify", func_path, alloc_path]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "regalloc: error: block 0, inst 2, operand 0: "
        "early use v0 reads int:1, which holds nothing (v0 is in stack:0)\n"
    )


def test_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    func_path, alloc_path, _ = write_files(tmp_path)
    assert main(["stats", func_path, alloc_path]) == 0
    out = capsys.readouterr().out
    assert "reg moves 0, spill stores 1, reloads 1, remats 0, pairs 0" in out
    assert "static cost 4, weighted cost 4, spill slots 1" in out
    assert main(["stats", "--json", func_path, alloc_path]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["spill_stores"] == 1 and figures["weighted_cost"] == 4 and figures["spillslots"] == 1


def test_verify_a_corpus_function(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open(CORPUS_FILE, encoding="utf-8") as fh:
        func, env = function_from_json(json.load(fh), CORPUS_FILE)
    alloc_path = tmp_path / "ref.json"
    alloc_path.write_text(dump_result_json(allocate_reference(func, env), func))
    assert main(["verify", CORPUS_FILE, str(alloc_path)]) == 0
    assert capsys.readouterr().out == "ok\n"
