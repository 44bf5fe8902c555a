"""The fast allocator: a single reverse linear scan, in the spirit of regalloc2's fastalloc.

Modules: :mod:`~regalloc.fast.allocator` (per-instruction walk and its state),
:mod:`~regalloc.fast.edges` (block order and block boundaries),
:mod:`~regalloc.fast.slots` (sharing spill slots between values).

>>> from regalloc import FunctionBuilder, MachineEnv, define, use, Fixed
>>> from regalloc.regs import INT, preg
>>> from regalloc.checker import check
>>> fb = FunctionBuilder()
>>> a, b, c = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(a, Fixed(preg(INT, 0))), define(b, Fixed(preg(INT, 1)))])
>>> fb.op([define(c, "reg"), use(a, "reg"), use(b, "reg")])
>>> fb.ret([use(c, Fixed(preg(INT, 0)))])
>>> func = fb.finish()
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1), preg(INT, 2)], [], []])
>>> result = allocate_fast(func, env)
>>> check(func, env, result)
>>> result.num_spillslots
0
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from itertools import compress
from operator import itemgetter

from regalloc.analysis.cfg import critical_edges
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.fast.allocator import TEMPS_PER_CLASS, WalkState
from regalloc.fast.edges import Boundaries, block_order
from regalloc.fast.slots import assign_real_slots, stack_operands
from regalloc.function import MOD, Function
from regalloc.regs import NUM_CLASSES, STACK_BASE
from regalloc.result import MOVE, REMAT, AllocationResult, Edit

__all__ = ["allocate_fast"]


def allocate_fast(func: Function, env: MachineEnv) -> AllocationResult:
    """Allocate ``func`` for ``env`` with the fast reverse linear scan.

    Raises :class:`AllocationError` (naming the instruction) if the constraints
    cannot be met; the input is assumed valid (see :func:`regalloc.validate.validate`).
    """
    if not func.ssa:
        _check_lowered(func)
    # The walk makes many small short-lived lists and tuples and no reference
    # cycles; pausing the cyclic collector meanwhile saves its repeated scans.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _allocate(func, env)
    finally:
        if collecting:
            gc.enable()


def _check_lowered(func: Function) -> None:
    """Non-SSA input must come lowered (:func:`regalloc.ssa.lower_non_ssa`): no ``mod``
    operands and no critical edges, whose moves would have nowhere to go."""
    o = bytes(func.op_kind).find(MOD)
    if o >= 0:
        i = bisect_right(func.inst_op_start, o) - 1
        raise AllocationError(
            "the fast allocator takes non-SSA input only without mod operands (lower it with "
            "regalloc.ssa.lower_non_ssa, or allocate through regalloc.allocate)",
            inst=i,
            operand=o - func.inst_op_start[i],
        )
    critical = critical_edges(func)
    if critical:
        b, s = critical[0]
        raise AllocationError(
            f"the fast allocator takes non-SSA input only without critical edges "
            f"(block {b} -> block {s}; lower it with regalloc.ssa.lower_non_ssa)",
            inst=func.block_inst_end[b] - 1,
        )


def _allocate(func: Function, env: MachineEnv) -> AllocationResult:
    parent = [-1] * func.num_blocks
    order, stack_entry = block_order(func, parent)
    state = WalkState(func, env)
    bounds = Boundaries(state, order, stack_entry, parent)
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    fused = bounds.fused  # a fused block's state goes on upwards: nothing to finish at its top
    for b in order:
        copies = bounds.setup_bottom(b)
        start = block_start[b]
        end = block_end[b]
        if copies:
            # The branch first: the argument copies go between its operand moves and it.
            i = end - 1
            mark = len(state.rev_edits)
            state.instructions(i, i)
            bounds.edge_copies(i, copies, mark)
            state.instructions(start, end - 2)
        else:
            state.instructions(start, end - 1)
        if not fused[b]:
            bounds.finish_top(b)
    return _finish(func, env, state)


def _rematerialize(func: Function, env: MachineEnv, state: WalkState, rev: list[Edit], on_stack: list[int]) -> None:
    """Recompute rematerializable values instead of reloading them from their slots.

    A vreg's own virtual slot only ever holds that vreg's value (SSA), unless
    another vreg was parked there, so a reload from it into a register may
    become a ``REMAT`` of the vreg.  Edge fix-ups at a successor's start
    (``state.pre_edits``) are left alone here: there the slot also carries the
    parameter the value is passed as, and the register may be expected to
    hold that parameter (the edge code recomputes the values it knows are
    not parameters itself).  Block parameters are never recomputed: their
    value comes from a branch argument.  Once nothing reads a slot any more
    (no reload, no operand on the stack (``on_stack``), no edge fix-up), the
    stores into it are dropped and the slot is not used.
    """
    nv = func.num_vregs
    eligible = list(state.recomputable)
    for k, _user in state.extra_users:
        if k < nv:
            eligible[k] = False
    register_mask = env.all_allocatable_mask
    for r in env.scratch:
        if r >= 0:
            register_mask |= 1 << r
    top = STACK_BASE + nv
    for n, (p, kind, src, dst) in enumerate(rev):
        k = src - STACK_BASE
        if 0 <= k < nv and kind == MOVE and eligible[k] and dst < STACK_BASE and (register_mask >> dst) & 1:
            rev[n] = (p, REMAT, k, dst)
    still_read = [False] * nv
    for edits in (state.pre_edits, rev):
        for _p, kind, src, _dst in edits:
            if STACK_BASE <= src < top and kind == MOVE:
                still_read[src - STACK_BASE] = True
    allocs = state.allocs
    for o in on_stack:
        if allocs[o] < top:
            still_read[allocs[o] - STACK_BASE] = True
    dropped = {STACK_BASE + v for v in compress(range(nv), eligible) if not still_read[v]}
    if not dropped:
        return
    slot_used = state.slot_used
    for a in dropped:
        slot_used[a - STACK_BASE] = False
    for edits in (rev, state.pre_edits):
        edits[:] = [e for e in edits if not (e[1] == MOVE and e[3] in dropped)]


def _finish(func: Function, env: MachineEnv, state: WalkState) -> AllocationResult:
    """Order the edits and map virtual spill slots to shared real ones."""
    allocs = state.allocs
    on_stack = stack_operands(allocs)
    rev = state.rev_edits
    rev.reverse()
    if func.remat:
        _rematerialize(func, env, state, rev, on_stack)
    edits = state.pre_edits
    edits.extend(rev)
    edits.sort(key=itemgetter(0))  # stable: edits at one point keep their order
    # The first and last point naming each virtual slot (keyed by allocation); the
    # points ascend, so the first edit naming a slot sets the one, the last the other.
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    stores: list[int] = []  # edits writing a virtual slot
    loads: list[int] = []  # moves reading one
    stack_base = STACK_BASE  # local names: this loop runs once per edit
    move = MOVE
    for n, (p, kind, src, dst) in enumerate(edits):
        if dst >= stack_base:
            last[dst] = p
            if dst not in first:
                first[dst] = p
            stores.append(n)
            if src < stack_base or kind != move:
                continue
        elif src < stack_base or kind != move:
            continue
        last[src] = p
        if src not in first:
            first[src] = p
        loads.append(n)
    # Operands on the stack: the first and last instruction per slot, as points.
    op_first: dict[int, int] = {}
    op_last: dict[int, int] = {}
    for o in on_stack:
        a = allocs[o]
        op_last[a] = o
        if a not in op_first:
            op_first[a] = o
    op_start = func.inst_op_start
    for a, o in op_first.items():
        if a in first:
            # Only operands outside the edits' instructions widen the hull.
            if o < op_start[first[a] >> 1]:
                first[a] = 2 * bisect_right(op_start, o) - 2
            o = op_last[a]
            if o >= op_start[(last[a] >> 1) + 1]:
                last[a] = 2 * bisect_right(op_start, o) - 2
        else:
            first[a] = 2 * bisect_right(op_start, o) - 2
            last[a] = 2 * bisect_right(op_start, op_last[a]) - 2
    nv = func.num_vregs
    top = STACK_BASE + nv
    big = func.num_insts + 1
    # The resolver's temporaries never share.
    for t, used in enumerate(state.temp_used):
        if used:
            first[top + t] = 0
            last[top + t] = 2 * big
    # Hulls per class.  Wherever a vreg is live across a block boundary (the walk's
    # hull), its slot may hold it.
    walk_lo = state.hull_lo
    walk_hi = state.hull_hi
    vreg_class = func.vreg_class
    extra_class = state.extra_slot_class
    extra_base = top + 3 * TEMPS_PER_CLASS
    hulls: list[list[tuple[int, int, int]]] = [[] for _ in range(NUM_CLASSES)]
    slot_used = state.slot_used
    covered = 0  # vregs with ``slot_used`` among the slots named so far
    for a, p in first.items():
        start = p >> 1
        end = last[a] >> 1
        if a < top:
            v = a - STACK_BASE
            if walk_lo[v] < start:
                start = walk_lo[v]
            if walk_hi[v] > end:
                end = walk_hi[v]
            hulls[vreg_class[v]].append((start, a, end))
            if slot_used[v]:
                covered += 1
        elif a < extra_base:
            hulls[(a - top) // TEMPS_PER_CLASS].append((start, a, end))
        else:
            hulls[extra_class[a - extra_base]].append((start, a, end))
    if covered < sum(slot_used):
        # Slots named nowhere but live across a block boundary.
        for v in compress(range(nv), slot_used):
            if STACK_BASE + v not in first and walk_lo[v] <= walk_hi[v]:
                hulls[vreg_class[v]].append((walk_lo[v], STACK_BASE + v, walk_hi[v]))
    real_of, num_slots = assign_real_slots(hulls, env)
    for o in on_stack:
        allocs[o] = real_of[allocs[o]]
    for n in stores:
        p, kind, src, dst = edits[n]
        edits[n] = (p, kind, src, real_of[dst])
    for n in loads:
        p, kind, src, dst = edits[n]
        edits[n] = (p, kind, real_of[src], dst)
    return AllocationResult(allocs=allocs, edits=edits, num_spillslots=num_slots, algorithm="fast")
