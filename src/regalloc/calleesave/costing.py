"""The cost of an allocation's callee-saved saves and restores on the cost model.

>>> from regalloc import FunctionBuilder, MachineEnv, define, use
>>> from regalloc.regs import INT, preg, stack_alloc
>>> from regalloc.result import AllocationResult, MOVE, point, BEFORE
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, "reg")])
>>> save = (point(0, BEFORE), MOVE, preg(INT, 1), stack_alloc(0))
>>> r = AllocationResult(allocs=[0, 0], edits=[save], num_spillslots=1, callee_saved_edits={1: [0]})
>>> report = callee_save_cost(fb.finish(), MachineEnv(), r)
>>> report.spill_stores, report.weighted_cost
(1, 2)
"""

from __future__ import annotations

from dataclasses import replace

from regalloc.cost import CostReport, cost_of
from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.result import AllocationResult


def callee_save_cost(func: Function, env: MachineEnv, result: AllocationResult) -> CostReport:
    """Counts and (loop-weighted) cost of the edits in ``result.callee_saved_edits``
    only; an edit saving or restoring two registers (a pair) counts once."""
    indices = sorted({j for ix in result.callee_saved_edits.values() for j in ix})
    only = replace(result, edits=[result.edits[j] for j in indices], edge_edits=[], num_spillslots=0)
    return cost_of(func, env, only)
