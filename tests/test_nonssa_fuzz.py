"""Fuzzing the non-SSA path: destructed generated functions, converted, allocated
by every registered allocator, mapped back and checked against the non-SSA program."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from regalloc.analysis.loops import loop_depths
from regalloc.api import ALLOCATORS, TAKES_NON_SSA, allocate
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import MOD, Function
from regalloc.fuzz.nonssa import VIA_SSA, generate_non_ssa_case, non_ssa_allocators, run_non_ssa_fuzz
from regalloc.fuzz.runner import generate_case
from regalloc.fuzz.strategy import functions
from regalloc.regs import preg
from regalloc.ssa.convert import to_ssa
from regalloc.ssa.destruct import to_non_ssa
from regalloc.validate import validate

ALGORITHMS = sorted(ALLOCATORS)
CASES = 200


def ssa_allocation_fails(func: Function, env: MachineEnv, algorithm: str) -> bool:
    """Whether the allocator itself cannot allocate the SSA original (not the non-SSA path's fault)."""
    try:
        ALLOCATORS[algorithm](func, env)
    except AllocationError:
        return True
    return False


def features(func: Function) -> dict[str, int]:
    """What makes a function non-SSA: mods, redefinitions, critical edges, parameterless loops."""
    defs = [0] * func.num_vregs
    for o in range(func.num_operands):
        if func.op_kind[o] != 0 and func.op_vreg[o] >= 0:
            defs[func.op_vreg[o]] += 1
    critical = 0
    for b in range(func.num_blocks):
        succs = func.succs_of(b)
        if len(succs) > 1:
            critical += sum(len(func.preds_of(s)) > 1 for s in succs)
    depths = loop_depths(func)
    headers_without_params = sum(
        1 for b in range(func.num_blocks) if depths[b] > 0 and not func.params_of(b) and len(func.preds_of(b)) > 1
    )
    return {
        "mods": func.op_kind.count(MOD),
        "redefined": sum(1 for n in defs if n > 1),
        "critical_edges": critical,
        "loop_joins_without_params": headers_without_params,
    }


def allocate_and_check(func: Function, env: MachineEnv, algorithm: str, original: Function) -> int:
    """Allocate non-SSA ``func`` through the API and check it; return its edge edit count.

    If the allocator cannot allocate the SSA ``original`` either, an
    :class:`AllocationError` is accepted (any other outcome is still checked).
    """
    try:
        result = allocate(func, env, algorithm)
    except AllocationError:
        assert ssa_allocation_fails(original, env, algorithm), "only the non-SSA path failed"
        return 0
    assert len(result.allocs) == func.num_operands
    check(func, env, result)
    return len(result.edge_edits)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_fuzz_non_ssa_cases(algorithm: str) -> None:
    totals = {"mods": 0, "redefined": 0, "critical_edges": 0, "loop_joins_without_params": 0}
    edge_edits = 0
    for k in range(CASES):
        original, env = generate_case(7000, "mixed", k)
        func, env2 = generate_non_ssa_case(7000, "mixed", k)
        assert env2 == env and not func.ssa
        validate(func, env)
        for name, n in features(func).items():
            totals[name] += n
        edge_edits += allocate_and_check(func, env, algorithm, original)
    assert all(n > 0 for n in totals.values()), totals
    assert edge_edits > 0, "no case needed moves on a critical edge"


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_run_non_ssa_fuzz_loop(algorithm: str, tmp_path: Path) -> None:
    allocators = {algorithm: ALLOCATORS[algorithm]}
    report = run_non_ssa_fuzz(allocators, count=20, seed=11, size="small", out_dir=str(tmp_path))
    # An allocator taking lowered non-SSA input is also run through the full conversion.
    paths = 2 if algorithm in TAKES_NON_SSA else 1
    assert report.failure is None and report.cases == 20 and report.allocations == 20 * paths


def test_wrapped_allocator_matches_api() -> None:
    func, env = generate_non_ssa_case(5, "small", 0)
    wrapped = non_ssa_allocators(ALLOCATORS)
    for algorithm in ALGORITHMS:
        via_wrapper = wrapped[algorithm](func, env)
        via_api = allocate(func, env, algorithm)
        check(func, env, via_wrapper)
        assert via_wrapper.allocs == via_api.allocs and via_wrapper.edge_edits == via_api.edge_edits
        assert via_wrapper.stats["ssa_convert_seconds"] > 0
    assert set(wrapped) == set(ALGORITHMS) | {name + VIA_SSA for name in TAKES_NON_SSA}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    case=functions(sizes=("small", "medium")),
    seed=st.integers(0, 2**16),
    merge_chance=st.sampled_from([0.0, 0.5, 1.0]),
    unsplit_chance=st.sampled_from([0.0, 1.0]),
)
def test_destruct_convert_allocate_round_trip(
    case: tuple[Function, MachineEnv], seed: int, merge_chance: float, unsplit_chance: float
) -> None:
    original, env = case
    func = to_non_ssa(original, seed=seed, merge_chance=merge_chance, unsplit_chance=unsplit_chance)
    validate(func, env)
    assert func.num_operands <= original.num_operands and func.num_blocks <= original.num_blocks
    conv = to_ssa(func)
    validate(conv.func, env)
    assert len(conv.primary_operand) == func.num_operands
    assert conv.func.num_insts == func.num_insts + len(conv.edge_pred)
    for algorithm in ALGORITHMS:
        allocate_and_check(func, env, algorithm, original)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=functions(sizes=("small",)))
def test_destruct_without_merging_keeps_vregs(case: tuple[Function, MachineEnv]) -> None:
    original, env = case
    func = to_non_ssa(original, merge_chance=0.0, unsplit_chance=0.0)
    validate(func, env)
    assert func.num_blocks == original.num_blocks and func.num_insts == original.num_insts
    # Only parameter coalescing and mods merge vregs; the rest keep their single definition.
    conv = to_ssa(func)
    validate(conv.func, env)
    assert conv.func.num_blocks == func.num_blocks + len(conv.edge_pred)


def test_cli_gen_and_fuzz_non_ssa(tmp_path: Path) -> None:
    from regalloc.cli import main
    from regalloc.formats import load_function

    out = tmp_path / "gen"
    assert main(["gen", "--non-ssa", "--count", "3", "--seed", "5", "--size", "small", "--out", str(out)]) == 0
    func, env = load_function(str(out / "f00000.json"))
    assert not func.ssa
    validate(func, env)
    assert (func, env) == generate_non_ssa_case(5, "small", 0)
    for algorithm in ALGORITHMS:
        args = ["fuzz", "--non-ssa", "--algorithm", algorithm, "--count", "5", "--size", "small"]
        assert main([*args, "--seed", "40", "--out", str(tmp_path / "f")]) == 0
        assert main(["fuzz", "--algorithm", algorithm, "--replay", str(out / "f00001.json")]) == 0
    assert not (tmp_path / "f").exists()


@st.composite
def arbitrary_non_ssa(draw: st.DrawFn) -> Function:
    """Arbitrary CFG shapes (irreducible, unreachable, self-loops, parallel edges) with
    random uses, defs, mods and block parameters over a few vregs."""
    from regalloc.function import FunctionBuilder, Operand, define, modify, use

    n = draw(st.integers(1, 7))
    nv = 4
    succs = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    params = [[] if b == 0 else draw(st.lists(st.integers(0, nv - 1), max_size=2, unique=True)) for b in range(n)]
    fb = FunctionBuilder()
    fb.ssa = False
    for _ in range(nv):
        fb.vreg(0)
    vreg = st.integers(0, nv - 1)
    define_all_first = draw(st.booleans())
    for b in [fb.new_block() for _ in range(n)]:
        fb.start_block(b, params=params[b])
        if b == 0 and define_all_first:
            fb.op([define(v, "reg") for v in range(nv)])
        for _ in range(draw(st.integers(0, 3))):
            used = draw(st.lists(vreg, max_size=2, unique=True))
            defined = [v for v in draw(st.lists(vreg, max_size=2, unique=True)) if v not in used]
            ops: list[Operand] = [use(v, "reg") for v in used[1:]] + [define(v, "reg") for v in defined]
            if used:
                ops.insert(0, modify(used[0]) if draw(st.booleans()) else use(used[0], "reg"))
            fb.op(ops)
        if succs[b]:
            fb.branch([(s, [draw(vreg) for _ in params[s]]) for s in succs[b]])
        else:
            fb.ret([use(v) for v in draw(st.lists(vreg, max_size=2, unique=True))])
    return fb.finish()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(func=arbitrary_non_ssa())
def test_any_valid_non_ssa_function_converts_to_valid_ssa(func: Function) -> None:
    from regalloc.errors import ValidationError

    env = MachineEnv(preferred=[[preg(0, i) for i in range(8)], [], []])
    try:
        validate(func, env)
    except ValidationError as exc:
        assert "no reaching definition" in str(exc), str(exc)
        event("rejected: use without a reaching definition")
        return
    try:
        conv = to_ssa(func)
    except ValidationError as exc:
        assert "parallel edges" in str(exc), str(exc)
        event("rejected: parallel edges with different arguments")
        return
    event("allocated")
    validate(conv.func, env)
    for algorithm in ALGORITHMS:
        result = allocate(func, env, algorithm)
        check(func, env, result)
