"""Rematerialization in the fast allocator: an evicted constant is recomputed
where it would have been reloaded, and is never stored to a spill slot.

Every allocation is verified by the checker, which also proves that each
``REMAT`` names a rematerializable vreg and stands only where that vreg's
value is expected.
"""

from __future__ import annotations

from dataclasses import replace

from regalloc.analysis.loops import loop_depths
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.fast import allocate_fast
from regalloc.function import Function, FunctionBuilder, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.regs import INT, STACK_BASE, preg
from regalloc.result import MOVE, REMAT, AllocationResult, inst_of
from test_remat import hot_loop_with_constant, param_fed_by_constant


def int_env(n: int) -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(n)], [], []])


def allocate_checked(func: Function, env: MachineEnv) -> AllocationResult:
    result = allocate_fast(func, env)
    check(func, env, result)
    return result


def remats_of(result: AllocationResult, v: int) -> list[tuple[int, int, int, int]]:
    return [e for e in result.edits if e[1] == REMAT and e[2] == v]


def stores(result: AllocationResult) -> list[tuple[int, int, int, int]]:
    return [e for e in result.edits if e[1] == MOVE and e[2] < STACK_BASE <= e[3]]


def constant_under_pressure(remat: bool) -> tuple[Function, int]:
    """One block: constant ``c`` is defined, then three values need all three
    registers, then ``c`` is used.  Returns the function and ``c``."""
    fb = FunctionBuilder()
    c = fb.vreg(INT, remat="const" if remat else None)
    x, y, z = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(c, "reg")], mnemonic="li")
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg")])
    fb.op([define(z, "reg"), use(x, "reg"), use(y, "reg")])
    fb.op([use(x, "reg"), use(y, "reg"), use(z, "reg")])
    fb.ret([use(c, "reg"), use(x, "reg")])
    return fb.finish(), c


def test_constant_in_a_block_is_recomputed_not_stored() -> None:
    env = int_env(3)
    func, c = constant_under_pressure(remat=True)
    result = allocate_checked(func, env)
    assert remats_of(result, c), result.edits
    assert not stores(result), result.edits
    assert result.num_spillslots == 0
    report = cost_of(func, env, result)
    assert report.spill_stores == 0 and report.reloads == 0

    plain, _c = constant_under_pressure(remat=False)
    plain_result = allocate_checked(plain, env)
    assert stores(plain_result) and plain_result.num_spillslots > 0
    assert report.weighted_cost < cost_of(plain, env, plain_result).weighted_cost


def test_constant_in_a_loop_is_recomputed_and_has_no_slot() -> None:
    env = int_env(3)
    func, c = hot_loop_with_constant(remat=True)
    result = allocate_checked(func, env)
    depth = loop_depths(func)
    in_loop = [e for e in remats_of(result, c) if depth[func.inst_block[inst_of(e[0])]] > 0]
    assert in_loop, result.edits
    plain, _c = hot_loop_with_constant(remat=False)
    plain_result = allocate_checked(plain, env)
    # c's slot is gone: only x and y still need one.
    assert result.num_spillslots == plain_result.num_spillslots - 1
    assert len(stores(result)) == len(stores(plain_result)) - 1
    assert cost_of(func, env, result).weighted_cost < cost_of(plain, env, plain_result).weighted_cost


def test_constant_passed_to_a_loop_parameter_is_recomputed_only_as_itself() -> None:
    # p starts as constant c and is then replaced by n: p itself is never recomputed.
    func, c, _p, _n = param_fed_by_constant()
    result = allocate_checked(func, int_env(3))
    assert {e[2] for e in result.edits if e[1] == REMAT} <= {c}


def test_generated_functions_recompute_constants_and_cost_less() -> None:
    config = replace(GenConfig.preset("medium"), p_remat=0.45, p_remat_label=1.0)
    remats = 0
    cost_with = 0
    cost_without = 0
    slots_with = 0
    slots_without = 0
    for seed in range(30):
        func, env = generate(900 + seed, config)
        result = allocate_checked(func, env)
        remats += sum(1 for e in result.edits if e[1] == REMAT)
        cost_with += cost_of(func, env, result).weighted_cost
        slots_with += result.num_spillslots
        stripped = replace(func, remat={})
        plain = allocate_checked(stripped, env)
        assert not any(e[1] == REMAT for e in plain.edits)
        cost_without += cost_of(stripped, env, plain).weighted_cost
        slots_without += plain.num_spillslots
    assert remats > 0
    assert cost_with < cost_without
    assert slots_with <= slots_without
