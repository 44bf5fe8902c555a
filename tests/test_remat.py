"""Rematerialization: allocators recompute rematerializable values instead of
spilling and reloading them.

Every allocation is verified by the independent checker, which also proves
that each ``REMAT`` edit names a rematerializable vreg and that a recomputed
value only ever stands where that vreg's value is expected.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from regalloc.analysis.loops import loop_depths
from regalloc.api import ALLOCATORS
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.function import Function, FunctionBuilder, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.regs import INT, STACK_BASE, preg
from regalloc.result import MOVE, REMAT, AllocationResult, inst_of

ALGORITHMS = sorted(ALLOCATORS)


def int_env(n: int) -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(n)], [], []])


def allocate_checked(algorithm: str, func: Function, env: MachineEnv) -> AllocationResult:
    result = ALLOCATORS[algorithm](func, env)
    check(func, env, result)
    return result


def remat_heavy(seed: int, size: str) -> tuple[Function, MachineEnv]:
    """A generated function where every constant def is rematerializable."""
    config = replace(GenConfig.preset(size), p_remat=0.45, p_remat_label=1.0)
    return generate(seed, config)


def remat_edits(result: AllocationResult) -> list[tuple[int, int, int, int]]:
    return [e for e in result.edits if e[1] == REMAT]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("size", ["small", "medium"])
def test_remat_heavy_fuzz(algorithm: str, size: str) -> None:
    remats = 0
    labelled = 0
    for seed in range(150 if size == "small" else 50):
        func, env = remat_heavy(seed, size)
        labelled += len(func.remat)
        result = allocate_checked(algorithm, func, env)
        remats += len(remat_edits(result))
    assert labelled > 0
    if algorithm == "ion":
        # Spilled constants are recomputed, not reloaded.
        assert remats > 0


def test_remat_heavy_large_ion() -> None:
    recomputed = 0
    for seed in range(4):
        func, env = remat_heavy(1000 + seed, "large")
        result = allocate_checked("ion", func, env)
        recomputed += int(result.stats["remat_ranges"])
        assert len(remat_edits(result)) <= cost_of(func, env, result).remats
    assert recomputed > 0


def hot_loop_with_constant(remat: bool) -> tuple[Function, int]:
    """A loop that uses constant ``c`` and, in its body, needs every register
    for ``x``, ``y`` and a temporary: ``c`` cannot keep its register across
    the body.  Returns the function and ``c``."""
    fb = FunctionBuilder()
    c = fb.vreg(INT, remat="const" if remat else None)
    x, y, t = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    entry, header, body, done = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(c, "reg")], mnemonic="li")
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg")])
    fb.branch([(header, [])])
    fb.start_block(header)
    fb.op([use(c, "reg"), use(x, "reg")])
    fb.branch([(body, []), (done, [])], [use(y, "reg")])
    fb.start_block(body)
    fb.op([define(t, "reg"), use(x, "reg"), use(y, "reg")])
    fb.op([use(t, "reg"), use(x, "reg"), use(y, "reg")])
    fb.branch([(header, [])])
    fb.start_block(done)
    fb.ret([use(x, "reg"), use(y, "reg")])
    return fb.finish(), c


def test_hot_loop_constant_is_recomputed_not_reloaded_ion() -> None:
    env = int_env(3)
    func, c = hot_loop_with_constant(remat=True)
    result = allocate_checked("ion", func, env)
    depth = loop_depths(func)
    in_loop = [e for e in remat_edits(result) if e[2] == c and depth[func.inst_block[inst_of(e[0])]] > 0]
    assert in_loop, result.edits
    # c has no slot and is never stored or reloaded; nothing else needs one.
    report = cost_of(func, env, result)
    assert result.num_spillslots == 0
    assert report.spill_stores == 0 and report.reloads == 0

    # The same function without the remat label pays a slot and reloads in the loop.
    plain, _c = hot_loop_with_constant(remat=False)
    plain_result = allocate_checked("ion", plain, env)
    plain_report = cost_of(plain, env, plain_result)
    assert plain_result.num_spillslots > 0
    loop_reloads = [
        e
        for e in plain_result.edits
        if e[1] == MOVE and e[2] >= STACK_BASE and depth[plain.inst_block[inst_of(e[0])]] > 0
    ]
    assert loop_reloads, plain_result.edits
    assert report.weighted_cost < plain_report.weighted_cost


def param_fed_by_constant() -> tuple[Function, int, int, int]:
    """Loop parameter ``p`` starts as rematerializable constant ``c`` and is
    then replaced by ``n`` (not rematerializable) each iteration; ``x`` and
    ``y`` keep the registers busy.  Returns the function, ``c``, ``p``, ``n``."""
    fb = FunctionBuilder()
    c = fb.vreg(INT, remat="const")
    p, n, x, y, z, w = (fb.vreg(INT) for _ in range(6))
    entry, header, body, done = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(c, "reg")], mnemonic="li")
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg"), use(x, "reg")])
    fb.op([define(z, "reg"), use(x, "reg"), use(y, "reg")])
    fb.op([use(z, "reg"), use(x, "reg"), use(y, "reg")])
    fb.branch([(header, [c])])
    fb.start_block(header, [p])
    fb.op([use(x, "reg"), use(y, "reg")])
    fb.branch([(body, []), (done, [])], [use(x, "reg")])
    fb.start_block(body)
    fb.op([define(w, "reg"), use(x, "reg"), use(y, "reg")])
    fb.op([use(w, "reg"), use(x, "reg"), use(y, "reg")])
    fb.op([define(n, "reg"), use(p, "reg"), use(x, "reg"), use(y, "reg")])
    fb.branch([(header, [n])])
    fb.start_block(done)
    fb.ret([use(p, "reg"), use(x, "reg"), use(y, "reg")])
    return fb.finish(), c, p, n


def test_remat_through_block_param_only_where_value_is_that_vreg_ion() -> None:
    env = int_env(3)
    func, c, p, n = param_fed_by_constant()
    result = allocate_checked("ion", func, env)
    remats = remat_edits(result)
    # c is recomputed (only c may be: p is sometimes n), and only in the entry
    # block, the one place where the merged value is known to be c.
    assert remats, result.edits
    assert {src for _at, _k, src, _dst in remats} == {c}
    assert all(func.inst_block[inst_of(at)] == 0 for at, _k, _src, _dst in remats)
    # p and n still need their slot, since p is not always c.
    assert result.num_spillslots > 0
    assert p not in func.remat and n not in func.remat


def test_remat_of_block_arguments_in_generated_functions_ion() -> None:
    # Generated functions pass constants as block arguments all the time; the
    # checker proves each remat of one stands only where its own value is meant.
    recomputed_args = 0
    for seed in range(40):
        func, env = remat_heavy(500 + seed, "medium")
        result = allocate_checked("ion", func, env)
        args = {v for v in func.edge_args if v in func.remat}
        recomputed_args += sum(1 for e in remat_edits(result) if e[2] in args)
    assert recomputed_args > 0


def test_stripping_remat_changes_only_remat_edits_ion() -> None:
    func, env = remat_heavy(7, "medium")
    with_remat = allocate_checked("ion", func, env)
    stripped = replace(func, remat={})
    without = allocate_checked("ion", stripped, env)
    assert not remat_edits(without)
    assert cost_of(stripped, env, without).remats == 0
    assert cost_of(func, env, with_remat).remats == len(remat_edits(with_remat))
