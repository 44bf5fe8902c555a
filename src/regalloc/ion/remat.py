"""Rematerialization: spilled pieces of rematerializable values get no slot.

A vreg in the function's ``remat`` map can be recomputed anywhere, so where
the allocator left it on the stack it needs no stack location at all: its
spilled pieces live in the pseudo-location :data:`REMAT_LOC`.  A move into
that location (what would have been a spill store) is dropped, and a move out
of it (a reload) becomes a ``REMAT`` edit.  The decision is made per spill set
and vreg, so in a spill set merged from several values (a block parameter and
its arguments) only the pieces that are known to hold the rematerializable
vreg are recomputed; the others keep the slot, and an edge move from the
recomputed value into that slot becomes a remat into a temporary register
followed by a store.

A vreg keeps its slot when one of its spilled pieces has a use that reads the
location itself (a ``stack`` or ``any`` operand placed on the stack): that
operand needs memory.  A def placed on the stack alone is no reason: that
piece keeps the slot, the value flows only out of it, and the other pieces
are recomputed.  Uses that only stand for a copy (fixed-register
operands, register copies at tight instructions, reuse inputs copied into the
def's register, private stack copies) do not count: the copy reads the value
from wherever it is, and a remat can supply it.  It also keeps its
slot when it is a branch argument, on the stack at the end of a block with
several successors, for a parameter of one of them: that edge's moves run at
the successor's start, after the parameter is bound, where recomputing the
argument would not yield the parameter.

>>> from regalloc import FunctionBuilder, MachineEnv, define, use
>>> from regalloc.checker import check
>>> from regalloc.ion import allocate_ion
>>> from regalloc.regs import INT, preg
>>> from regalloc.result import REMAT
>>> fb = FunctionBuilder()
>>> c = fb.vreg(INT, remat="const")
>>> x, y = fb.vreg(INT), fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(c, "reg")])
>>> fb.op([define(x, "reg")])
>>> fb.op([define(y, "reg"), use(x, "reg", "late")])    # needs both registers
>>> fb.ret([use(c, "reg"), use(y, "reg")])
>>> func = fb.finish()
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> result = allocate_ion(func, env)
>>> check(func, env, result)
>>> [(kind == REMAT, vreg) for _at, kind, vreg, _reg in result.edits], result.num_spillslots
([(True, 0)], 0)
"""

from __future__ import annotations

from regalloc.errors import AllocationError
from regalloc.function import Function
from regalloc.ion.liveranges import LiveRanges

# Where a rematerialized piece "lives": no register, no slot.
REMAT_LOC = -2


class RematTempConflict(AllocationError):
    """Remats into stack locations need temporary registers and none is free;
    allocating again without rematerializing ``vregs`` avoids it (all of them
    are reported at once so that one retry suffices)."""

    def __init__(self, message: str, vreg: int, inst: int, vregs: list[int] | None = None) -> None:
        super().__init__(message, inst=inst)
        self.vreg = vreg
        self.vregs = frozenset(vregs if vregs is not None else [vreg])


def remat_candidates(func: Function, excluded: frozenset[int]) -> list[bool]:
    """Per vreg of ``func``: whether it may be rematerialized."""
    candidate = [False] * func.num_vregs
    for v in func.remat:
        if 0 <= v < func.num_vregs and v not in excluded:
            candidate[v] = True
    return candidate


def split_off_remat_ranges(
    lr: LiveRanges, spill_ranges: list[list[int]], spillset_reg: list[int], candidate: list[bool]
) -> list[int]:
    """Take the spilled ranges to rematerialize out of ``spill_ranges``.

    Only spill sets left on the stack (no second-chance register) are
    considered; within one, a candidate vreg's ranges go when none of them
    has a use that reads the stack location.  Returns the ranges taken.
    """
    taken: list[int] = []
    pinned = _args_read_after_binding(lr, candidate)
    range_from = lr.range_from
    range_to = lr.range_to
    range_vreg = lr.range_vreg
    range_uses = lr.range_uses
    copy_only = lr.copy_only_uses
    def_uses = lr.def_uses
    n_cand = len(candidate)
    for ss, ranges in enumerate(spill_ranges):
        if not ranges or spillset_reg[ss] >= 0:
            continue
        keep_slot: set[int] = set()
        def_ranges: set[int] = set()
        any_candidate = False
        for r in ranges:
            v = range_vreg[r]
            if v >= n_cand or not candidate[v]:
                continue
            any_candidate = True
            for pos in pinned.get(v, ()):
                if range_from[r] <= pos < range_to[r]:
                    keep_slot.add(v)
            for u in range_uses[r]:
                if u in copy_only:
                    continue
                if u in def_uses:
                    def_ranges.add(r)
                else:
                    keep_slot.add(v)
                    break
        if not any_candidate:
            continue
        left: list[int] = []
        for r in ranges:
            v = range_vreg[r]
            if v < n_cand and candidate[v] and v not in keep_slot and r not in def_ranges:
                taken.append(r)
            else:
                left.append(r)
        spill_ranges[ss] = left
    return taken


def _args_read_after_binding(lr: LiveRanges, candidate: list[bool]) -> dict[int, list[int]]:
    """Per candidate vreg, the block-end positions where it is an argument for a
    successor's parameter and the edge moves run in the successor."""
    func = lr.func
    pinned: dict[int, list[int]] = {}
    for pred in range(func.num_blocks):
        e0 = func.block_succ_start[pred]
        e1 = func.block_succ_start[pred + 1]
        if e1 - e0 < 2:
            continue
        for e in range(e0, e1):
            for k in range(func.edge_arg_start[e], func.edge_arg_start[e + 1]):
                v = func.edge_args[k]
                if 0 <= v < len(candidate) and candidate[v]:
                    pinned.setdefault(v, []).append(lr.block_end[pred] - 1)
    return pinned
