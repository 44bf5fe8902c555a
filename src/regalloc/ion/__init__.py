"""Ion: a backtracking register allocator with live-range splitting.

The phases, each in its own module and owning its data:

1. :mod:`~regalloc.ion.liveranges`: live ranges, uses, reservations, fixups;
2. :mod:`~regalloc.ion.merge`: bundles of ranges that should share a location;
3. :mod:`~regalloc.ion.process`: the priority loop (assign, evict, split, spill);
4. :mod:`~regalloc.ion.remat`: spilled pieces of rematerializable values
   are recomputed where needed instead of getting a slot;
   :mod:`~regalloc.ion.spill`: spill slots, shared by non-overlapping spill sets;
5. :mod:`~regalloc.ion.moves`: operand allocations and the edits between pieces.

>>> from regalloc import FunctionBuilder, MachineEnv, define, use, Fixed
>>> from regalloc.regs import INT, preg
>>> from regalloc.checker import check
>>> fb = FunctionBuilder()
>>> x, y = fb.vreg(INT), fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")])
>>> fb.op([define(y, "reg"), use(x, "reg")])
>>> fb.ret([use(y, Fixed(preg(INT, 0)))])
>>> func = fb.finish()
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> result = allocate_ion(func, env)
>>> check(func, env, result)
>>> result.edits     # y was put straight into int:0, so nothing needs moving
[]
"""

from __future__ import annotations

import gc

from regalloc.analysis.liveness import sparse_liveness
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import LIMIT, REG, USE, Function
from regalloc.ion.liveranges import LiveRanges
from regalloc.ion.merge import merge_bundles
from regalloc.ion.moves import (
    BranchReadConflict,
    Locations,
    TempSlots,
    drop_redundant_stores,
    emit_edits,
    gather_moves,
    operand_allocs,
)
from regalloc.ion.process import Allocator
from regalloc.ion.remat import REMAT_LOC, RematTempConflict, remat_candidates, split_off_remat_ranges
from regalloc.ion.spill import assign_spill_slots
from regalloc.regs import STACK_BASE
from regalloc.result import AllocationResult

__all__ = ["allocate_ion"]


def allocate_ion(func: Function, env: MachineEnv, explain: list[str] | None = None) -> AllocationResult:
    """Allocate ``func`` for ``env`` with the backtracking allocator.

    ``explain``, if given, receives one line per decision for debugging: each
    bundle's vregs, span, priority and spill weight, and why it was assigned,
    evicted, split or spilled (``regalloc alloc --explain`` can print it).
    ``result.stats`` counts bundles, merges, splits, evictions and spills.
    Raises :class:`~regalloc.errors.AllocationError` if the constraints cannot
    be met.
    """
    # Branches whose register operands could lose their register to the edge
    # moves start out kept apart (see LiveRanges): discovering them while
    # placing the edits would mean allocating the whole function again, a cost
    # that grows with its size.  If keeping them leaves no register somewhere,
    # the allocation starts over without them.
    guessed = register_reading_branches(func)
    kept_branches = guessed
    no_remat: frozenset[int] = frozenset()
    liveness = sparse_liveness(func)
    # The allocator makes hundreds of thousands of small lists and no reference
    # cycles; pausing the cyclic collector meanwhile saves 15-20% of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        while True:
            if explain is not None:
                del explain[:]
            lr = LiveRanges(func, env, kept_branches, liveness)
            bundles = merge_bundles(lr)
            ra = Allocator(lr, bundles, explain)
            try:
                ra.run()
            except AllocationError:
                if not guessed:
                    raise
                kept_branches = kept_branches - guessed
                guessed = frozenset()
                continue
            # A conflict found while placing the edits is resolved by allocating
            # again; for recomputed values only the phases after the loop depend
            # on the choice, so only they run again.
            try:
                while True:
                    try:
                        return _finish(func, env, lr, ra, no_remat)
                    except RematTempConflict as conflict:
                        if conflict.vregs <= no_remat:
                            raise
                        no_remat = no_remat | conflict.vregs
            except BranchReadConflict as conflict:
                if conflict.insts <= kept_branches:
                    raise
                kept_branches = kept_branches | conflict.insts
    finally:
        if collecting:
            gc.enable()


def _finish(
    func: Function, env: MachineEnv, lr: LiveRanges, ra: Allocator, no_remat: frozenset[int]
) -> AllocationResult:
    """Spill slots, locations, moves and the result of a finished allocation loop
    (leaves ``lr`` and ``ra`` as they were, so it can run again)."""
    bundles = ra.bd
    spill_ranges = [list(ranges) for ranges in ra.spill_ranges]
    remat_ranges: list[int] = []
    if func.remat:
        candidate = remat_candidates(func, no_remat)
        remat_ranges = split_off_remat_ranges(lr, spill_ranges, ra.spillset_reg, candidate)
    spillset_class = bundles.bundle_class[: len(spill_ranges)]
    slots = assign_spill_slots(lr, spill_ranges, ra.spillset_reg, spillset_class)
    spillset_alloc = [
        r if r >= 0 else (STACK_BASE + s if s >= 0 else -1)
        for r, s in zip(ra.spillset_reg, slots.spillset_slot, strict=True)
    ]
    loc = Locations(lr, ra, spill_ranges, spillset_alloc, remat_ranges)
    temps = TempSlots(slots.num_slots, env.spillslot_size)
    overrides: dict[int, int] = {}
    moves = gather_moves(func, ra, loc, temps, overrides)
    if remat_ranges:
        # A value recomputed where it is needed is never stored.
        moves = [m for m in moves if m[3] != REMAT_LOC]
    allocs = operand_allocs(func, lr, loc, overrides)
    moves.sort(key=lambda m: (m[0], m[1]))
    moves = drop_redundant_stores(func, moves, allocs, lr.live_in)
    edits = emit_edits(func, ra, moves, temps)
    result = AllocationResult(
        allocs=allocs,
        edits=edits,
        num_spillslots=temps.num_slots,
        algorithm="ion",
        stats={
            "bundles": len(bundles.bundle_ranges),
            "merges": bundles.merges,
            "splits": ra.stats_splits,
            "evictions": ra.stats_evictions,
            "spilled_bundles": ra.stats_spills,
            "spillslots": temps.num_slots,
        },
    )
    if func.remat:
        result.stats["remat_ranges"] = len(remat_ranges)
    if func.debug_labels:
        result.debug_locations = debug_locations(func, lr, loc)
    if func.callee_saved is not None:
        result.clobbered_callee_saved = clobbered_callee_saved(func, result)
    return result


def register_reading_branches(func: Function) -> frozenset[int]:
    """Branches ending a one-successor block that read a vreg in a register.

    Such a branch runs after the edge's moves, so the register its operand
    reads may be one those moves fill; :class:`LiveRanges` can keep a copy of
    the value apart for it.
    """
    branches: set[int] = set()
    for b in range(func.num_blocks):
        br = func.block_inst_end[b] - 1
        if func.block_succ_start[b + 1] - func.block_succ_start[b] != 1 or br < func.block_inst_start[b]:
            continue
        succ = func.block_succs[func.block_succ_start[b]]
        if func.block_param_start[succ] == func.block_param_start[succ + 1]:
            continue
        for o in range(func.inst_op_start[br], func.inst_op_start[br + 1]):
            if func.op_kind[o] == USE and func.op_vreg[o] >= 0 and func.op_con[o] in (REG, LIMIT):
                branches.add(br)
                break
    return frozenset(branches)


def debug_locations(func: Function, lr: LiveRanges, loc: Locations) -> list[tuple[int, int, int, int]]:
    """``(label, from, to, alloc)`` for each labelled value's pieces in its range."""

    def point_of(pos: int) -> int:
        # An entry slot is "before" its block's first instruction.
        inst = lr.slot_inst[pos >> 1]
        return 2 * inst + (pos & 1 if pos >= lr.inst_pos[inst] else 0)

    out: list[tuple[int, int, int, int]] = []
    n = func.num_insts
    for v, from_inst, to_inst, label in func.debug_labels:
        lo = lr.inst_pos[from_inst] if from_inst < n else lr.block_end[-1]
        hi = lr.inst_pos[to_inst] if to_inst < n else lr.block_end[-1]
        sf = loc.seg_from[v]
        st = loc.seg_to[v]
        sa = loc.seg_alloc[v]
        for k in range(len(sf)):
            if sa[k] < 0:
                continue
            f = max(sf[k], lo)
            t = min(st[k], hi)
            if f < t:
                pf = point_of(f)
                pt = point_of(t) if t < lr.block_end[-1] else 2 * n
                if pf < pt:
                    out.append((label, pf, pt, sa[k]))
    out.sort()
    merged: list[tuple[int, int, int, int]] = []
    for item in out:
        if merged and merged[-1][0] == item[0] and merged[-1][2] > item[1]:
            continue
        merged.append(item)
    return merged


def clobbered_callee_saved(func: Function, result: AllocationResult) -> list[int]:
    """Callee-saved registers the allocated code writes (defs, edit targets, clobbers)."""
    written = 0
    for o, a in enumerate(result.allocs):
        if func.op_kind[o] != USE and 0 <= a < STACK_BASE:
            written |= 1 << a
    for m in func.inst_clobber_mask:
        written |= m
    for _at, _kind, _src, dst in result.edits:
        if 0 <= dst < STACK_BASE:
            written |= 1 << dst
    return [p for p in (func.callee_saved or []) if (written >> p) & 1]
