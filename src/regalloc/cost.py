"""The cost model (../shared/spec/cost-model.md): what an allocation's edits cost.

Each edit is classified by its ends (fixed-stack pregs count as memory) and
weighted by ``8 ** min(loop depth, 6)`` of the block holding its instruction;
unreachable blocks weigh 0.  Only the function, the environment and the
result are read, so any tool's allocation file can be costed.

>>> from regalloc import FunctionBuilder, MachineEnv, AllocationResult, define, use
>>> from regalloc.regs import INT, preg, stack_alloc
>>> from regalloc.result import MOVE, point, AFTER, BEFORE
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")]); fb.ret([use(v, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
>>> spill = [(point(0, AFTER), MOVE, 0, stack_alloc(0)), (point(1, BEFORE), MOVE, stack_alloc(0), 0)]
>>> r = cost_of(fb.finish(), env, AllocationResult(allocs=[0, 0], edits=spill, num_spillslots=1))
>>> r.spill_stores, r.reloads, r.static_cost, r.weighted_cost, r.spillslots
(1, 1, 4, 4, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

from regalloc.analysis.cfg import reachable
from regalloc.analysis.loops import loop_depths
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.function import Function
from regalloc.regs import STACK_BASE, alloc_str
from regalloc.result import MOVE, PAIR, REMAT, AllocationResult, inst_of

REG_MOVE_COST = 1
SPILL_STORE_COST = 2
RELOAD_COST = 2
REMAT_COST = 1
PAIR_COST = 3
MAX_WEIGHTED_DEPTH = 6
LOOP_WEIGHT_BASE = 8


@dataclass
class CostReport:
    """Edit counts per kind, static and weighted cost, and spill slots of one or more results."""

    reg_moves: int = 0
    spill_stores: int = 0
    reloads: int = 0
    remats: int = 0
    pairs: int = 0
    noop_moves: int = 0
    static_cost: int = 0
    weighted_cost: int = 0
    spillslots: int = 0

    def add(self, other: CostReport) -> None:
        """Accumulate ``other`` into this report (corpus totals)."""
        self.reg_moves += other.reg_moves
        self.spill_stores += other.spill_stores
        self.reloads += other.reloads
        self.remats += other.remats
        self.pairs += other.pairs
        self.noop_moves += other.noop_moves
        self.static_cost += other.static_cost
        self.weighted_cost += other.weighted_cost
        self.spillslots += other.spillslots

    def as_dict(self) -> dict[str, int]:
        """The figures by name (for JSON output)."""
        return {
            "reg_moves": self.reg_moves,
            "spill_stores": self.spill_stores,
            "reloads": self.reloads,
            "remats": self.remats,
            "pairs": self.pairs,
            "noop_moves": self.noop_moves,
            "static_cost": self.static_cost,
            "weighted_cost": self.weighted_cost,
            "spillslots": self.spillslots,
        }


def block_weights(func: Function) -> list[int]:
    """Per block: ``8 ** min(loop depth, 6)``, or 0 if unreachable from the entry."""
    depths = loop_depths(func)
    live = reachable(func)
    return [LOOP_WEIGHT_BASE ** min(depths[b], MAX_WEIGHTED_DEPTH) if live[b] else 0 for b in range(func.num_blocks)]


def cost_of(func: Function, env: MachineEnv, result: AllocationResult) -> CostReport:
    """Count and cost ``result``'s edits per the cost model.

    Raises :class:`CheckerError` for an edit the model cannot price (a
    stack-to-stack move or an unknown kind), which no valid allocation has.
    """
    report = CostReport(spillslots=result.num_spillslots)
    weights = block_weights(func)
    num_insts = func.num_insts
    for idx, (p, kind, src, dst) in enumerate(result.edits):
        i = inst_of(p)
        if not 0 <= i < num_insts:
            raise CheckerError(f"edit {idx} is at point {p}, outside the function")
        _count_edit(report, env, idx, i, kind, src, dst, weights[func.inst_block[i]])
    # An edge edit (non-SSA input with a critical edge) runs in a block split into
    # that edge, which lies in every loop containing both ends: the lighter weight.
    for idx, (pred, succ, kind, src, dst) in enumerate(result.edge_edits):
        weight = min(weights[pred], weights[succ])
        _count_edit(report, env, idx, func.block_inst_end[pred] - 1, kind, src, dst, weight)
    return report


def _count_edit(
    report: CostReport, env: MachineEnv, idx: int, i: int, kind: int, src: int, dst: int, weight: int
) -> None:
    """Add one edit of block weight ``weight`` to ``report``."""
    fixed_stack = env.fixed_stack_mask
    if kind == MOVE:
        if src == dst:
            report.noop_moves += 1
            return
        src_mem = src >= STACK_BASE or (src >= 0 and (fixed_stack >> src) & 1 == 1)
        dst_mem = dst >= STACK_BASE or (dst >= 0 and (fixed_stack >> dst) & 1 == 1)
        if src_mem and dst_mem:
            raise CheckerError(
                f"edit {idx}: stack-to-stack move {alloc_str(src)} -> {alloc_str(dst)} has no cost",
                inst=i,
            )
        if src_mem:
            report.reloads += 1
            cost = RELOAD_COST
        elif dst_mem:
            report.spill_stores += 1
            cost = SPILL_STORE_COST
        else:
            report.reg_moves += 1
            cost = REG_MOVE_COST
    elif kind == REMAT:
        report.remats += 1
        cost = REMAT_COST
    elif kind == PAIR:
        report.pairs += 1
        cost = PAIR_COST
    else:
        raise CheckerError(f"edit {idx}: unknown edit kind {kind}", inst=i)
    report.static_cost += cost
    report.weighted_cost += weight * cost
