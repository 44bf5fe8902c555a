"""The fuzz loop, the shrinker, the CLI verbs, and the checker under fuzzing.

Corrupting the reference allocator's (correct) output in ways that are wrong
by construction fuzzes the checker itself: every corruption must be caught.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import find, settings

from regalloc.checker import check
from regalloc.cli import main
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.formats import load_function
from regalloc.function import DEF, FIXED, LIMIT, REG, USE, Function
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.nonssa import generate_non_ssa_case, non_ssa_allocator, run_non_ssa_fuzz
from regalloc.fuzz.reference import allocate_reference, spill_slot_layout
from regalloc.fuzz.runner import all_allocators, failure_of, run_fuzz
from regalloc.fuzz.shrink import shrink_function
from regalloc.fuzz.strategy import functions
from regalloc.regs import is_reg_alloc, is_stack_alloc, stack_alloc
from regalloc.result import AFTER, BEFORE, MOVE, AllocationResult, point
from regalloc.validate import validate

Corruption = Callable[[Function, MachineEnv, AllocationResult, random.Random], bool]


def _load_candidates(func: Function, env: MachineEnv, result: AllocationResult) -> list[tuple[int, int, int]]:
    """(edit index, use operand, vreg) of reloads that are the last write of their
    register before an instruction reading the vreg from it."""
    slot_of = spill_slot_layout(func, env)
    out = []
    for k, (pt, kind, src, dst) in enumerate(result.edits):
        if kind != MOVE or pt & 1 != BEFORE or not is_stack_alloc(src) or not is_reg_alloc(dst):
            continue
        i = pt >> 1
        if any(e[0] == pt and e[3] == dst for e in result.edits[k + 1 :]):
            continue
        for o in func.inst_operands(i):
            v = func.op_vreg[o]
            if func.op_kind[o] == USE and v >= 0 and result.allocs[o] == dst and src == stack_alloc(slot_of[v]):
                out.append((k, o, v))
    return out


def reload_from_wrong_slot(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    params = set(func.block_params)
    slot_of = spill_slot_layout(func, env)
    cands = _load_candidates(func, env, result)
    rng.shuffle(cands)
    for k, _, v in cands:
        others = [
            w for w in range(func.num_vregs) if w != v and w not in params and func.vreg_class[w] == func.vreg_class[v]
        ]
        if others:
            pt, kind, _, dst = result.edits[k]
            result.edits[k] = (pt, kind, stack_alloc(slot_of[rng.choice(others)]), dst)
            return True
    return False


def drop_store_of_used_def(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    slot_of = spill_slot_layout(func, env)
    used = {func.op_vreg[o] for o in range(func.num_operands) if func.op_kind[o] == USE}
    cands = []
    for k, (pt, kind, src, dst) in enumerate(result.edits):
        if kind != MOVE or pt & 1 != AFTER or not is_reg_alloc(src) or not is_stack_alloc(dst):
            continue
        for o in func.inst_operands(pt >> 1):
            v = func.op_vreg[o]
            if func.op_kind[o] == DEF and v in used and dst == stack_alloc(slot_of[v]):
                cands.append(k)
    if not cands:
        return False
    del result.edits[rng.choice(cands)]
    return True


def register_operand_on_stack(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    slot_of = spill_slot_layout(func, env)
    cands = [o for o in range(func.num_operands) if func.op_vreg[o] >= 0 and func.op_con[o] in (REG, LIMIT)]
    if not cands:
        return False
    o = rng.choice(cands)
    result.allocs[o] = stack_alloc(slot_of[func.op_vreg[o]])
    return True


def fixed_operand_elsewhere(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    for o in rng.sample(range(func.num_operands), func.num_operands):
        if func.op_con[o] == FIXED and func.op_vreg[o] >= 0:
            others = [r for r in env.allocatable(func.vreg_class[func.op_vreg[o]]) if r != func.op_arg[o]]
            if others:
                result.allocs[o] = rng.choice(others)
                return True
    return False


def stack_to_stack_move(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    edits = result.edits
    pairs = [
        k
        for k in range(len(edits) - 1)
        if edits[k][0] == edits[k + 1][0]
        and is_stack_alloc(edits[k][2])
        and edits[k][3] == edits[k + 1][2]
        and is_stack_alloc(edits[k + 1][3])
    ]
    if not pairs:
        return False
    k = rng.choice(pairs)
    edits[k : k + 2] = [(edits[k][0], MOVE, edits[k][2], edits[k + 1][3])]
    return True


def edit_after_terminator(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    b = rng.randrange(func.num_blocks)
    last = func.block_inst_end[b] - 1
    regs = [r for c in range(3) for r in env.allocatable(c)]
    r = rng.choice(regs)
    result.edits.append((point(last, AFTER), MOVE, r, stack_alloc(0)))
    result.edits.sort(key=lambda e: e[0])
    return True


def too_few_spillslots(func: Function, env: MachineEnv, result: AllocationResult, rng: random.Random) -> bool:
    if result.num_spillslots == 0 or not any(is_stack_alloc(a) for a in result.allocs):
        return False
    used = max(a for a in result.allocs if is_stack_alloc(a)) - stack_alloc(0)
    result.num_spillslots = used
    return True


CORRUPTIONS: dict[str, Corruption] = {
    "reload_from_wrong_slot": reload_from_wrong_slot,
    "drop_store_of_used_def": drop_store_of_used_def,
    "register_operand_on_stack": register_operand_on_stack,
    "fixed_operand_elsewhere": fixed_operand_elsewhere,
    "stack_to_stack_move": stack_to_stack_move,
    "edit_after_terminator": edit_after_terminator,
    "too_few_spillslots": too_few_spillslots,
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_checker_catches_every_corruption_of_reference_output(name: str) -> None:
    corrupt = CORRUPTIONS[name]
    rng = random.Random(name)
    applied = 0
    for seed in range(120):
        func, env = generate(seed, GenConfig.preset("small" if seed % 4 else "medium"))
        result = allocate_reference(func, env)
        check(func, env, result)
        if not corrupt(func, env, result, rng):
            continue
        applied += 1
        with pytest.raises(CheckerError):
            check(func, env, result)
    assert applied >= 20, f"{name} applied only {applied} times"


def broken_allocator(func: Function, env: MachineEnv) -> AllocationResult:
    """The reference allocator, except that it forgets the reload of the first
    register use of each instruction with several register uses."""
    result = allocate_reference(func, env)
    drop = set()
    for i in range(func.num_insts):
        reg_uses = [o for o in func.inst_operands(i) if func.op_kind[o] == USE and func.op_con[o] == REG]
        if len(reg_uses) >= 2:
            target = result.allocs[reg_uses[0]]
            for k, e in enumerate(result.edits):
                if e[0] == point(i, BEFORE) and e[3] == target:
                    drop.add(k)
    result.edits = [e for k, e in enumerate(result.edits) if k not in drop]
    return result


def test_fuzzer_finds_and_shrinks_a_broken_allocator(tmp_path: Path) -> None:
    out = tmp_path / "failures"
    report = run_fuzz(
        {"broken": broken_allocator}, count=300, seed=0, size="mixed", out_dir=str(out), stream=io.StringIO()
    )
    failure = report.failure
    assert failure is not None
    assert failure.insts <= 5, f"shrunk only to {failure.insts} instructions"
    assert failure.original_insts > failure.insts
    func, env = load_function(failure.path)
    validate(func, env)
    assert failure_of(broken_allocator, func, env) is not None
    assert failure_of(allocate_reference, func, env) is None
    assert failure.path in failure.command and "--replay" in failure.command
    assert "1 failures" in report.summary()


def test_non_ssa_fuzzer_finds_and_shrinks_a_broken_allocator(tmp_path: Path) -> None:
    out = tmp_path / "failures"
    report = run_non_ssa_fuzz({"broken": broken_allocator}, count=300, seed=0, size="mixed", out_dir=str(out))
    failure = report.failure
    assert failure is not None
    assert failure.insts <= 5 < failure.original_insts, f"shrunk only to {failure.insts} instructions"
    func, env = load_function(failure.path)
    assert not func.ssa
    validate(func, env)
    assert failure_of(non_ssa_allocator(broken_allocator), func, env) is not None
    assert failure_of(non_ssa_allocator(allocate_reference), func, env) is None
    assert "-nonssa-" in failure.path and "--algorithm broken --replay" in failure.command


def test_hypothesis_shrinks_a_broken_allocator_failure() -> None:
    # A small single-class configuration keeps Hypothesis's shrinking quick.
    config = GenConfig(classes=(0,), num_blocks=(1, 2), insts_per_block=(0, 4), pressure=(0, 3))
    func, _ = find(
        functions(config),
        lambda case: failure_of(broken_allocator, *case) is not None,
        settings=settings(max_examples=1000, database=None, deadline=None, derandomize=True),
    )
    assert func.num_insts <= 5


def test_shrinker_reaches_a_fixpoint_on_structure() -> None:
    func, env = generate(5, GenConfig.preset("medium"))

    def has_loop_and_call(f: Function, e: MachineEnv) -> bool:
        return any(len(f.clobbers_of(i)) >= 3 for i in range(f.num_insts)) and f.num_blocks >= 2

    assert has_loop_and_call(func, env)
    small, small_env = shrink_function(func, env, has_loop_and_call)
    validate(small, small_env)
    assert has_loop_and_call(small, small_env)
    assert small.num_blocks == 2 and small.num_insts <= 3


def test_shrinker_keeps_non_ssa_input_non_ssa() -> None:
    func, env = generate_non_ssa_case(7, "medium", 0)

    def reassigns_a_vreg(f: Function, e: MachineEnv) -> bool:
        written = [f.op_vreg[o] for o in range(f.num_operands) if f.op_kind[o] != USE and f.op_vreg[o] >= 0]
        return len(written) > len(set(written))

    assert reassigns_a_vreg(func, env)
    small, small_env = shrink_function(func, env, reassigns_a_vreg)
    assert not small.ssa
    validate(small, small_env)
    assert reassigns_a_vreg(small, small_env)
    assert small.num_insts <= 3 < func.num_insts


@pytest.mark.parametrize("algorithm", sorted(all_allocators()))
def test_short_fuzz_of_registered_allocator(algorithm: str, tmp_path: Path) -> None:
    allocators = {algorithm: all_allocators()[algorithm]}
    for size, count in (("small", 120), ("medium", 40), ("large", 4)):
        report = run_fuzz(
            allocators,
            count=count,
            seed=1000,
            size=size,
            out_dir=str(tmp_path),
            stream=io.StringIO(),
            shrink_seconds=20,
        )
        failure = report.failure
        assert failure is None, f"{failure.message}; shrunk to {failure.insts} instructions: {failure.path}"
        assert report.cases == count


def test_gen_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert main(["gen", "--count", "6", "--seed", "42", "--size", "mixed", "--out", str(out)]) == 0
    names = sorted(os.listdir(first))
    assert names == [f"f{k:05d}.json" for k in range(6)]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
        func, env = load_function(str(first / name))
        validate(func, env)
        check(func, env, allocate_reference(func, env))


def test_fuzz_cli_runs_and_replays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz", "--algorithm", "reference", "--count", "25", "--size", "small", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "25 cases" in err and "0 failures" in err and "cases/s" in err
    path = tmp_path / "case.json"
    assert main(["gen", "--count", "1", "--seed", "3", "--out", str(tmp_path / "g")]) == 0
    path.write_bytes((tmp_path / "g" / "f00000.json").read_bytes())
    assert main(["fuzz", "--algorithm", "reference", "--replay", str(path)]) == 0
    assert "reference: ok" in capsys.readouterr().out
    assert main(["fuzz", "--algorithm", "no-such-allocator", "--count", "1"]) == 1
    assert "unknown algorithm" in capsys.readouterr().err


def test_fuzz_all_runs_every_allocator_and_reports_a_reproducer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["fuzz", "--all", "--count", "4", "--size", "small", "--out", str(tmp_path), "--shrink-seconds", "10"]
    )
    err = capsys.readouterr().err
    if status == 0:
        assert "4 cases" in err and f"{4 * len(all_allocators())} allocations" in err
    else:
        assert status == 1 and "reproduce with: regalloc fuzz --algorithm" in err
        (written,) = os.listdir(tmp_path)
        func, env = load_function(str(tmp_path / written))
        validate(func, env)
        check(func, env, allocate_reference(func, env))
