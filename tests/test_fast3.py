"""Tests for the fast allocator's speed-oriented shortcuts: they must not change behaviour."""

from __future__ import annotations

import gc

import pytest

from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.fast import allocate_fast
from regalloc.fast.allocator import WalkState
from regalloc.function import Function, FunctionBuilder, Limit, define, use
from regalloc.regs import INT, STACK_BASE, preg


def three_register_env() -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(3)], [], []], fixed_stack=[preg(INT, 40)])


def simple_function() -> Function:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "reg")])
    fb.ret([use(a, "reg"), use(b, "reg")])
    return fb.finish()


def impossible_function() -> Function:
    """Two values both limited to register index 0 at once: valid, not allocatable."""
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "reg")])
    fb.op([use(a, Limit(1)), use(b, Limit(1))])
    fb.ret()
    return fb.finish()


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_restored(enabled: bool) -> None:
    """The cyclic collector is paused while allocating, then left as the caller had it."""
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        env = three_register_env()
        func = simple_function()
        check(func, env, allocate_fast(func, env))
        assert gc.isenabled() == enabled
        with pytest.raises(AllocationError):
            allocate_fast(impossible_function(), env)
        assert gc.isenabled() == enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def test_independent_moves_need_no_resolver() -> None:
    state = WalkState(simple_function(), three_register_env())
    r0, r1, r2 = preg(INT, 0), preg(INT, 1), preg(INT, 2)
    slot = STACK_BASE + 7
    fixed_stack = preg(INT, 40)
    assert state.independent([(r0, r1, INT), (slot, r2, INT)])
    # A chain: the second move reads what the first overwrites.
    assert not state.independent([(r0, r1, INT), (r1, r2, INT)])
    assert not state.independent([(r0, r1, INT), (r1, r0, INT)])
    # Memory to memory needs a register in between; a self-move is no move.
    assert not state.independent([(slot, fixed_stack, INT)])
    assert not state.independent([(r0, r0, INT)])
