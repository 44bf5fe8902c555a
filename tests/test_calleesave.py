"""Callee-saved registers: report, managed and prologue modes, the return check, paired spills."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from regalloc.api import ALLOCATORS, allocate
from regalloc.calleesave import clobbered_callee_saved, pair_spills
from regalloc.calleesave.costing import callee_save_cost
from regalloc.checker import check
from regalloc.cli import main
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError, CheckerError, RegallocError
from regalloc.formats import dump_function_json, dump_function_text, loads_function
from regalloc.function import Fixed, Function, FunctionBuilder, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.nonssa import generate_non_ssa
from regalloc.presets import get_preset
from regalloc.regs import INT, STACK_BASE, preg, stack_alloc
from regalloc.result import BEFORE, MOVE, PAIR, AllocationResult, point, unpack_pair

MODES = ("managed", "prologue")


def fuzz_config(size: str) -> GenConfig:
    return replace(GenConfig.preset(size), p_callee_saved=1.0, p_call=0.3, p_early_return=0.3)


def allocate_checked(func: Function, env: MachineEnv, algorithm: str, mode: str) -> AllocationResult:
    """Allocate in ``mode`` and verify, including every return restoring the callee-saved registers."""
    result = allocate(func, env, algorithm, callee_saved=mode)
    check(func, env, result, callee_saved_values=True)
    assert result.clobbered_callee_saved == clobbered_callee_saved(func, result)
    for reg, indices in result.callee_saved_edits.items():
        assert func.callee_saved is not None and reg in func.callee_saved
        assert all(0 <= j < len(result.edits) for j in indices)
    return result


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("size", "count"), [("small", 400), ("medium", 120), ("large", 20)])
def test_fuzz_managed_and_prologue_modes_verify(algorithm: str, mode: str, size: str, count: int) -> None:
    allocated = refused = 0
    for seed in range(count):
        func, env = generate(seed, fuzz_config(size))
        if func.preds_of(func.entry):
            # Refused, unless (prologue mode) no callee-saved register needs saving at all.
            try:
                result = allocate_checked(func, env, algorithm, mode)
            except AllocationError as exc:
                assert "entry block without predecessors" in str(exc)
                refused += 1
                continue
            assert mode == "prologue" and not result.callee_saved_edits
            continue
        result = allocate_checked(func, env, algorithm, mode)
        if mode == "prologue":
            # Every written callee-saved register is saved once and restored before every return.
            returns = sum(1 for k in func.inst_kind if k == 2)
            for reg in result.clobbered_callee_saved or []:
                assert len(result.callee_saved_edits[reg]) == 1 + returns
        allocated += 1
    assert allocated > count // 3 and refused > 0


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
@pytest.mark.parametrize("mode", MODES)
def test_fuzz_non_ssa_input_verifies(algorithm: str, mode: str) -> None:
    allocated = 0
    for seed in range(60):
        func, env = generate_non_ssa(seed, fuzz_config("small"))
        if func.preds_of(func.entry):
            continue
        allocate_checked(func, env, algorithm, mode)
        allocated += 1
    assert allocated > 20


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
def test_fuzz_with_paired_slots_verifies_and_pairs(algorithm: str) -> None:
    pairs = 0
    for seed in range(80):
        func, env = generate(seed, fuzz_config("small"))
        if func.preds_of(func.entry):
            continue
        env.paired_slots = [True, True, True]
        for mode in MODES:
            result = allocate_checked(func, env, algorithm, mode)
            pairs += sum(1 for e in result.edits if e[1] == PAIR)
    assert pairs > 0


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
def test_report_mode_lists_written_callee_saved_registers(algorithm: str) -> None:
    for seed in range(60):
        func, env = generate(seed, fuzz_config("small"))
        result = allocate(func, env, algorithm)
        check(func, env, result)  # the checker verifies the report independently
        assert result.clobbered_callee_saved is not None
        assert not result.callee_saved_edits
        without = replace(func, callee_saved=None)
        assert allocate(without, env, algorithm).clobbered_callee_saved is None


def early_return_function() -> tuple[Function, MachineEnv, list[int]]:
    """Entry branches to a cheap early return or to a block that needs every callee-saved register."""
    env = get_preset("x86_64-sysv")
    abi = env.abi
    assert abi is not None
    fb = FunctionBuilder("early_return")
    fb.callee_saved = list(abi.callee_saved)
    arg = fb.vreg(INT)
    entry, early, busy = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(arg, Fixed(abi.int_args[0]))], mnemonic="args")
    fb.branch([(early, []), (busy, [])], [use(arg, "reg")], mnemonic="brz")
    fb.start_block(early)
    fb.ret([use(arg, Fixed(abi.int_rets[0]))])
    fb.start_block(busy)
    values = [fb.vreg(INT) for _ in range(4)]
    for v in values:
        fb.op([define(v, "reg"), use(arg, "reg")], mnemonic="add")
    fb.op([], clobbers=list(abi.caller_saved), mnemonic="call")
    total = fb.vreg(INT)
    fb.op([define(total, "reg"), *[use(v, "reg") for v in values]], mnemonic="sum")
    fb.ret([use(total, Fixed(abi.int_rets[0]))])
    return fb.finish(), env, [entry, early]


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
def test_managed_mode_saves_nothing_on_the_early_return_path(algorithm: str) -> None:
    func, env, cheap_path = early_return_function()
    managed = allocate_checked(func, env, algorithm, "managed")
    for indices in managed.callee_saved_edits.values():
        for j in indices:
            assert func.inst_block[managed.edits[j][0] >> 1] not in cheap_path
    # The conventional shape saves at the entry, on every path.
    prologue = allocate_checked(func, env, algorithm, "prologue")
    entry_saves = [j for ix in prologue.callee_saved_edits.values() for j in ix if prologue.edits[j][0] >> 1 == 0]
    assert entry_saves
    assert callee_save_cost(func, env, managed).weighted_cost <= callee_save_cost(func, env, prologue).weighted_cost


def test_ion_managed_mode_keeps_the_saves_off_the_early_return_path() -> None:
    func, env, _ = early_return_function()
    result = allocate_checked(func, env, "ion", "managed")
    assert result.callee_saved_edits  # the busy path does save registers
    assert {func.inst_block[result.edits[j][0] >> 1] for ix in result.callee_saved_edits.values() for j in ix} == {2}


def test_entry_block_with_predecessors_is_refused_clearly() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    head, done = fb.new_block(), fb.new_block()
    fb.start_block(head)
    fb.op([define(v, "reg")])
    fb.branch([(head, []), (done, [])], [use(v, "reg")])
    fb.start_block(done)
    fb.ret([use(v, "reg")])
    fb.callee_saved = [preg(INT, 1)]
    env = MachineEnv(preferred=[[preg(INT, 0)], [], []], non_preferred=[[preg(INT, 1)], [], []])
    func = fb.finish()
    with pytest.raises(AllocationError, match="prologue block"):
        allocate(func, env, "ion", callee_saved="managed")
    with pytest.raises(RegallocError, match="unknown callee-saved mode"):
        allocate(func, env, "ion", callee_saved="everywhere")


def test_checker_rejects_a_missing_restore() -> None:
    func, env, _ = early_return_function()
    result = allocate(func, env, "ion", callee_saved="prologue")
    restore = max(j for ix in result.callee_saved_edits.values() for j in ix)
    broken = replace(result, edits=[e for j, e in enumerate(result.edits) if j != restore])
    check(func, env, broken)  # without the return check the edit is not needed
    with pytest.raises(CheckerError, match="does not hold its entry value at the return"):
        check(func, env, broken, callee_saved_values=True)


def many_saves_function() -> tuple[Function, MachineEnv]:
    """Values live across a call on AArch64: every callee-saved x register gets used."""
    env = get_preset("aarch64-aapcs64")
    abi = env.abi
    assert abi is not None
    fb = FunctionBuilder("across_call")
    fb.callee_saved = list(abi.callee_saved)
    fb.start_block(fb.new_block())
    values = [fb.vreg(INT) for _ in range(8)]
    for v in values:
        fb.op([define(v, "reg")], mnemonic="li")
    fb.op([], clobbers=list(abi.caller_saved), mnemonic="bl")
    total = fb.vreg(INT)
    fb.op([define(total, "reg"), *[use(v, "reg") for v in values]], mnemonic="sum")
    fb.ret([use(total, Fixed(abi.int_rets[0]))])
    return fb.finish(), env


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
def test_prologue_saves_pair_up_on_aarch64(algorithm: str) -> None:
    func, env = many_saves_function()
    assert env.paired_slots == [True, True, False]
    result = allocate_checked(func, env, algorithm, "prologue")
    pairs = [e for e in result.edits if e[1] == PAIR]
    assert len(pairs) >= 6  # 8 saves and 8 restores: 4 stp and 4 ldp
    for _p, _kind, src, dst in pairs:
        slots = sorted(a - STACK_BASE for a in (*unpack_pair(src), *unpack_pair(dst)) if a >= STACK_BASE)
        assert slots[1] == slots[0] + 1
    unpaired = allocate(func, env, algorithm, callee_saved="prologue", pair_spills=False)
    assert not any(e[1] == PAIR for e in unpaired.edits)
    assert result.stats["paired_moves"] == 2 * len(pairs)


def test_pairing_only_merges_adjacent_slots_of_a_paired_class() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])
    fb.ret([use(v, "reg")])
    func = fb.finish()
    at = point(0, BEFORE)
    env = MachineEnv(preferred=[[preg(INT, k) for k in range(4)], [], []], paired_slots=[True, False, False])
    stores = [
        (at, MOVE, preg(INT, 1), stack_alloc(0)),
        (at, MOVE, preg(INT, 2), stack_alloc(2)),  # not adjacent to slot 0
        (at, MOVE, preg(INT, 3), stack_alloc(1)),
    ]
    result = AllocationResult(allocs=[0, 0], edits=stores, num_spillslots=3)
    paired = pair_spills(func, env, result)
    assert [e[1] for e in paired.edits] == [PAIR, MOVE]
    assert unpack_pair(paired.edits[0][3]) == (stack_alloc(0), stack_alloc(1))
    check(func, env, paired)
    env.paired_slots = [False, False, False]
    assert pair_spills(func, env, result).edits == stores


def test_paired_slots_survive_text_and_json() -> None:
    func, env = many_saves_function()
    for text in (dump_function_text(func, env), dump_function_json(func, env)):
        assert loads_function(text)[1].paired_slots == [True, True, False]
    env = MachineEnv(preferred=[[preg(INT, 0)], [], []], paired_slots=[False, True, False])
    text = dump_function_text(func, env)
    assert "paired_slots float" in text
    assert loads_function(text)[1].paired_slots == [False, True, False]
    assert '"env_paired_slots": ["float"]' in dump_function_json(func, env)


@pytest.mark.parametrize("mode", MODES)
def test_cli_alloc_and_bench_take_the_callee_saved_flag(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    func, env, _ = early_return_function()
    path = tmp_path / "early.ra"
    path.write_text(dump_function_text(func, env))
    assert main(["alloc", str(path), "--callee-saved", mode, "--verify"]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["bench", str(tmp_path), "--algorithm", "ion", "--repeat", "1", "--callee-saved", mode]) == 0
    out = capsys.readouterr().out
    assert f"callee-saved {mode}" in out and "callee-saved saves/restores" in out
