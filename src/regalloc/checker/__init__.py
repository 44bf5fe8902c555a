"""The independent checker: decides whether an allocation is correct.

It implements docs/SEMANTICS.md and nothing else: it never looks at how an
allocator works, only at the function, the machine environment and the
result.  :func:`check` returns nothing when the allocation is right and raises
:class:`~regalloc.errors.CheckerError` naming the instruction, operand, location
and the vregs involved otherwise.

>>> from regalloc import FunctionBuilder, MachineEnv, AllocationResult, define, use, Fixed
>>> from regalloc.regs import INT, preg
>>> from regalloc.result import MOVE, point, BEFORE
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, Fixed(preg(INT, 0)))])
>>> func = fb.finish()
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> check(func, env, AllocationResult(allocs=[1, 0], edits=[(point(1, BEFORE), MOVE, 1, 0)]))
>>> check(func, env, AllocationResult(allocs=[1, 0]))
Traceback (most recent call last):
...
regalloc.errors.CheckerError: block 0, inst 1, operand 0: early use v0 reads int:0, which holds nothing (v0 is in int:1)
"""

from __future__ import annotations

from regalloc.checker.dataflow import State, block_entry_states
from regalloc.checker.static import (
    check_callee_saved,
    check_debug_locations,
    check_edge_edits,
    check_edits,
    check_operands,
    check_shape,
    written_pregs,
)
from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.result import AllocationResult

__all__ = ["State", "block_entry_states", "check", "written_pregs"]


def check(
    func: Function,
    env: MachineEnv,
    result: AllocationResult,
    *,
    entry_values: dict[int, int] | None = None,
    callee_saved_values: bool = False,
) -> None:
    """Raise :class:`~regalloc.errors.CheckerError` unless ``result`` correctly allocates ``func``.

    Static checks (shape, operand constraints and collisions, edits, debug
    locations, the callee-saved report) run on every instruction; the data-flow
    check then runs over the blocks reachable from the entry.  ``entry_values``
    seeds the entry state (see :func:`block_entry_states`).  With
    ``callee_saved_values`` (the managed and prologue callee-saved modes), each
    register of ``func.callee_saved`` starts with its own entry value, which it
    must hold again at every return.
    """
    check_shape(func, result)
    check_operands(func, env, result)
    check_edits(func, env, result)
    check_edge_edits(func, env, result)
    check_debug_locations(func, env, result)
    check_callee_saved(func, env, result)
    return_values: dict[int, int] = {}
    if callee_saved_values and func.callee_saved is not None:
        base = max([func.num_vregs, *[v + 1 for v in (entry_values or {}).values()]])
        return_values = {p: base + k for k, p in enumerate(func.callee_saved)}
    seeds = {**(entry_values or {}), **return_values}
    block_entry_states(func, env, result, seeds or None, return_values or None)
