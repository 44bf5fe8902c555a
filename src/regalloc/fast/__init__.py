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
from operator import itemgetter

from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.fast.allocator import TEMPS_PER_CLASS, WalkState
from regalloc.fast.edges import Boundaries, block_order
from regalloc.fast.slots import assign_real_slots
from regalloc.function import Function
from regalloc.regs import STACK_BASE
from regalloc.result import MOVE, REMAT, AllocationResult, Edit

__all__ = ["allocate_fast"]


def allocate_fast(func: Function, env: MachineEnv) -> AllocationResult:
    """Allocate ``func`` for ``env`` with the fast reverse linear scan.

    Raises :class:`AllocationError` (naming the instruction) if the constraints
    cannot be met; the input is assumed valid (see :func:`regalloc.validate.validate`).
    """
    if not func.ssa:
        raise AllocationError("the fast allocator needs SSA input (this function is marked non-SSA)")
    # The walk makes many small short-lived lists and tuples and no reference
    # cycles; pausing the cyclic collector meanwhile saves its repeated scans.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _allocate(func, env)
    finally:
        if collecting:
            gc.enable()


def _allocate(func: Function, env: MachineEnv) -> AllocationResult:
    order, stack_entry = block_order(func)
    state = WalkState(func, env)
    bounds = Boundaries(state, stack_entry)
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    for b in order:
        copies = bounds.setup_bottom(b)
        start = block_start[b]
        end = block_end[b]
        i = end - 1
        mark = len(state.rev_edits)
        state.instructions(i, i)
        if copies:
            bounds.edge_copies(i, copies, mark)
        state.instructions(start, end - 2)
        bounds.finish_top(b)
    return _finish(func, env, state)


def _rematerialize(func: Function, env: MachineEnv, state: WalkState, rev: list[Edit]) -> None:
    """Recompute rematerializable values instead of reloading them from their slots.

    A vreg's own virtual slot only ever holds that vreg's value (SSA), unless
    another vreg was parked there, so a reload from it into a register may
    become a ``REMAT`` of the vreg.  Edge fix-ups at a successor's start
    (``state.pre_edits``) are left alone here: there the slot also carries the
    parameter the value is passed as, and the register may be expected to
    hold that parameter (the edge code recomputes the values it knows are
    not parameters itself).  Block parameters are never recomputed: their
    value comes from a branch argument.  Once nothing reads a slot any more
    (no reload, no operand on the stack, no edge fix-up), the stores into it
    are dropped and the slot is not used.
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
    for n, (p, kind, src, dst) in enumerate(rev):
        k = src - STACK_BASE
        if kind == MOVE and 0 <= k < nv and eligible[k] and dst < STACK_BASE and (register_mask >> dst) & 1:
            rev[n] = (p, REMAT, k, dst)
    still_read = [False] * nv
    for _p, kind, src, _dst in state.pre_edits + rev:
        k = src - STACK_BASE
        if kind == MOVE and 0 <= k < nv:
            still_read[k] = True
    for a in state.allocs:
        k = a - STACK_BASE
        if 0 <= k < nv:
            still_read[k] = True
    dropped = [eligible[v] and not still_read[v] for v in range(nv)]
    top = STACK_BASE + nv
    for v in range(nv):
        if dropped[v]:
            state.slot_used[v] = False
    for edits in (rev, state.pre_edits):
        edits[:] = [e for e in edits if not (e[1] == MOVE and STACK_BASE <= e[3] < top and dropped[e[3] - STACK_BASE])]


def _finish(func: Function, env: MachineEnv, state: WalkState) -> AllocationResult:
    """Order the edits and map virtual spill slots to shared real ones."""
    rev = state.rev_edits
    rev.reverse()
    if func.remat:
        _rematerialize(func, env, state, rev)
    edits = state.pre_edits
    edits.extend(rev)
    edits.sort(key=itemgetter(0))  # stable: edits at one point keep their order
    nv = func.num_vregs
    num_virtual = nv + 3 * TEMPS_PER_CLASS + len(state.extra_slot_class)
    big = func.num_insts + 1
    hull_start = [big] * num_virtual
    hull_end = [-1] * num_virtual
    # Every place a virtual slot is named.
    for p, kind, src, dst in edits:
        inst = p >> 1
        if src >= STACK_BASE and kind == MOVE:
            k = src - STACK_BASE
            if inst < hull_start[k]:
                hull_start[k] = inst
            if inst > hull_end[k]:
                hull_end[k] = inst
        if dst >= STACK_BASE:
            k = dst - STACK_BASE
            if inst < hull_start[k]:
                hull_start[k] = inst
            if inst > hull_end[k]:
                hull_end[k] = inst
    allocs = state.allocs
    op_start = func.inst_op_start
    on_stack = [o for o, a in enumerate(allocs) if a >= STACK_BASE]
    for o in on_stack:
        i = bisect_right(op_start, o) - 1
        k = allocs[o] - STACK_BASE
        if i < hull_start[k]:
            hull_start[k] = i
        if i > hull_end[k]:
            hull_end[k] = i
    # Wherever the vreg is live across a block boundary, its slot may hold it.
    slot_used = state.slot_used
    walk_lo = state.hull_lo
    walk_hi = state.hull_hi
    for v in range(nv):
        if slot_used[v] or hull_end[v] >= 0:
            if walk_lo[v] < hull_start[v]:
                hull_start[v] = walk_lo[v]
            if walk_hi[v] > hull_end[v]:
                hull_end[v] = walk_hi[v]
    # The resolver's temporaries never share.
    for t in range(3 * TEMPS_PER_CLASS):
        if state.temp_used[t]:
            hull_start[nv + t] = 0
            hull_end[nv + t] = big
    virtual_class = func.vreg_class + [t // TEMPS_PER_CLASS for t in range(3 * TEMPS_PER_CLASS)]
    virtual_class += state.extra_slot_class
    alloc_of, num_slots = assign_real_slots(num_virtual, virtual_class, hull_start, hull_end, env)
    for o in on_stack:
        allocs[o] = alloc_of[allocs[o] - STACK_BASE]
    final = []
    for p, kind, src, dst in edits:
        if src >= STACK_BASE and kind == MOVE:
            src = alloc_of[src - STACK_BASE]
        if dst >= STACK_BASE:
            dst = alloc_of[dst - STACK_BASE]
        final.append((p, kind, src, dst))
    return AllocationResult(allocs=allocs, edits=final, num_spillslots=num_slots, algorithm="fast")
