"""The fast allocator on non-SSA input lowered by regalloc.ssa.lower_non_ssa (no renaming)."""

from __future__ import annotations

import pytest

from regalloc.api import allocate
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.fast import allocate_fast
from regalloc.function import Fixed, Function, FunctionBuilder, Limit, define, modify, use
from regalloc.fuzz.nonssa import generate_non_ssa_case
from regalloc.regs import INT, STACK_BASE, preg
from regalloc.ssa import allocate_non_ssa, lower_non_ssa
from regalloc.validate import validate


def env_with(n: int) -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(n)], [], []])


def allocate_lowered(func: Function, env: MachineEnv) -> None:
    """Lower, allocate with the fast allocator directly, map back, and check against ``func``."""
    validate(func, env)
    result = allocate_non_ssa(func, env, allocate_fast, takes_non_ssa=True)
    check(func, env, result)


def test_reassigned_vreg_across_a_loop_without_parameters() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    i, n = fb.vreg(INT), fb.vreg(INT)
    entry, head, body, done = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(i, "reg")])
    fb.op([define(n, "any")])
    fb.branch([(head, [])])
    fb.start_block(head)
    fb.branch([(body, []), (done, [])], [use(i, "reg"), use(n, "any")])
    fb.start_block(body)
    fb.op([define(i, "reg"), use(i, "reg")])  # i = i + 1: reads the old i, writes the new
    fb.branch([(head, [])])
    fb.start_block(done)
    fb.ret([use(i, "reg")])
    allocate_lowered(fb.finish(), env_with(3))


@pytest.mark.parametrize("pos", ["early", "late"])
def test_use_and_def_of_one_vreg_at_one_point_get_different_registers(pos: str) -> None:
    # The use comes first in operand order, so a walk holding the def's register
    # below the instruction must not let the use read it there.
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([use(x, "reg", pos=pos), define(x, "reg", pos=pos)])  # type: ignore[arg-type]
    fb.ret([use(x, "reg")])
    func = fb.finish()
    lowered = lower_non_ssa(func).func
    env = env_with(6)  # roomy: the greedy walk, not the exact search
    result = allocate_fast(lowered, env)
    check(lowered, env, result)
    assert result.allocs[1] != result.allocs[2]


def test_use_read_in_place_before_a_fixed_def_of_its_vreg_moves_off_the_register() -> None:
    # A fixed def sends the instruction down the walk's general path; the use, first
    # in operand order, finds x's new value in r1 below and must not read the old one there.
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.op([use(x, "reg"), use(y, "reg"), define(x, Fixed(preg(INT, 1)), pos="early")])
    fb.ret([use(x, Fixed(preg(INT, 1))), use(y, "reg")])
    func = fb.finish()
    lowered = lower_non_ssa(func).func
    env = env_with(6)
    result = allocate_fast(lowered, env)
    check(lowered, env, result)
    assert result.allocs[4] == preg(INT, 1) and result.allocs[2] != preg(INT, 1)


def test_limited_use_and_early_def_of_one_vreg_in_the_exact_search() -> None:
    # A "limit" operand sends the instruction to the exact search, which names
    # occupants by vreg: the def must not count as the same occupant as the use.
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.op([use(x, Limit(1)), use(y, "reg"), define(x, "reg", pos="early")])
    fb.ret([use(x, "reg"), use(y, "reg")])
    func = fb.finish()
    lowered = lower_non_ssa(func).func
    env = env_with(3)
    result = allocate_fast(lowered, env)
    check(lowered, env, result)
    assert result.allocs[2] == preg(INT, 0) and result.allocs[4] != preg(INT, 0)


def test_late_use_and_def_on_the_stack_do_not_share_the_vregs_slot() -> None:
    # One register, kept by another value: x's old and new values both end up on
    # the stack at the late point, so one of them needs a slot of its own.
    fb = FunctionBuilder()
    fb.ssa = False
    x, keep = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "any")])
    fb.op([define(keep, "reg")])
    fb.op([use(x, "any", pos="late"), define(x, "any"), use(keep, "reg")])
    fb.ret([use(x, "any"), use(keep, "reg")])
    func = fb.finish()
    lowered = lower_non_ssa(func).func
    env = env_with(1)
    result = allocate_fast(lowered, env)
    check(lowered, env, result)
    ops = list(lowered.inst_operands(2))
    assert result.allocs[ops[0]] >= STACK_BASE and result.allocs[ops[0]] != result.allocs[ops[1]]


def test_late_use_copied_to_the_stack_does_not_share_the_slot_of_its_vregs_def() -> None:
    # One register, taken by the fixed use: the late use reads a copy the walk makes in
    # x's slot, which the redefinition of x (given no register either) also writes.
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "any")])
    fb.op([use(x, "any", pos="late"), use(x, Fixed(preg(INT, 0))), define(y, "any"), define(x, "any")])
    fb.ret([])
    func = fb.finish()
    lowered = lower_non_ssa(func).func
    env = env_with(1)
    result = allocate_fast(lowered, env)
    check(lowered, env, result)
    ops = list(lowered.inst_operands(1))
    assert result.allocs[ops[3]] >= STACK_BASE and result.allocs[ops[0]] != result.allocs[ops[3]]


def test_unlowered_input_is_refused_with_its_place() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([modify(x)])
    fb.ret([use(x, "reg")])
    with pytest.raises(AllocationError, match="mod operands") as info:
        allocate_fast(fb.finish(), env_with(2))
    assert info.value.inst == 1 and info.value.operand == 0


def test_critical_edge_is_refused() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    entry, side, join = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(x, "reg")])
    fb.branch([(side, []), (join, [])], [use(x, "reg")])
    fb.start_block(side)
    fb.branch([(join, [])])
    fb.start_block(join)
    fb.ret([use(x, "reg")])
    with pytest.raises(AllocationError, match=r"critical edges \(block 0 -> block 2"):
        allocate_fast(fb.finish(), env_with(2))


def test_api_lowers_for_the_fast_allocator_and_converts_for_others() -> None:
    func, env = generate_non_ssa_case(99, "medium", 0)
    fast = allocate(func, env, "fast")
    via_ssa = allocate_non_ssa(func, env, allocate_fast)
    for result in (fast, via_ssa):
        check(func, env, result)
    # The lowered function keeps the original vregs: no new versions.
    assert lower_non_ssa(func).func.num_vregs == func.num_vregs
