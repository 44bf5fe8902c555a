"""From bundle assignments to operand allocations and edits.

Every vreg's live ranges are now pieces with a location each.  Moves are
needed where two pieces of a vreg meet inside a block (including between a
block's entry slot and its first instruction), on CFG edges (values live into
the successor, and block arguments to parameters), and for the fixup copies
:mod:`regalloc.ion.liveranges` introduced (fixed registers, reuse inputs,
copy vregs).  At one program point they run in groups: moves of an incoming
edge, piece-to-piece moves, moves of an outgoing edge, then fixup copies;
each group is a parallel move sequenced by
:func:`regalloc.moves.resolve_parallel_moves`, with the registers free at that
point offered as temporaries.  Before that, stores of a value into a slot
that provably still holds it are dropped (:func:`drop_redundant_stores`).
Moves out of a rematerialized piece (:mod:`regalloc.ion.remat`) become
``REMAT`` edits after the rest of their group.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from regalloc.analysis.cfg import reverse_postorder
from regalloc.errors import AllocationError
from regalloc.function import DEF, FIXED, LIMIT, REG, REUSE, STACK, Function
from regalloc.ion.liveranges import LiveRanges
from regalloc.ion.process import Allocator
from regalloc.ion.remat import REMAT_LOC, RematTempConflict
from regalloc.moves import resolve_parallel_moves
from regalloc.regs import STACK_BASE, alloc_str
from regalloc.result import MOVE, REMAT, Edit

# Move groups at one point, in execution order.  A block whose only
# instruction is its branch can have moves from its incoming edge and to its
# outgoing edge at the same point.
GROUP_EDGE_IN = 0
GROUP_PIECES = 1
GROUP_EDGE_OUT = 2
GROUP_FIXUPS = 3


# A move: (edit point, group, source, destination, vreg whose value it moves).
Move = tuple[int, int, int, int, int]


class BranchReadConflict(AllocationError):
    """Branches need values in registers that their edge moves all fill;
    allocating again with ``insts`` in ``kept_branches`` resolves it.  All such
    branches are reported at once so that one retry suffices."""

    def __init__(self, message: str, inst: int = -1, insts: list[int] | None = None) -> None:
        super().__init__(message, inst=inst)
        self.insts = frozenset(insts if insts is not None else [inst])


class Locations:
    """Per vreg, its pieces sorted by start: ``seg_from/seg_to/seg_alloc``.

    ``spill_ranges[ss]`` are the ranges of spill set ``ss`` at ``spillset_alloc[ss]``.

    ``remat_ranges`` are spilled ranges rematerialized instead of kept in their
    spill set's location; their pieces are at :data:`REMAT_LOC`.
    """

    def __init__(
        self,
        lr: LiveRanges,
        ra: Allocator,
        spill_ranges: list[list[int]],
        spillset_alloc: list[int],
        remat_ranges: list[int] | None = None,
    ) -> None:
        nv = len(lr.vreg_class)
        rf = lr.range_from
        rt = lr.range_to
        rv = lr.range_vreg
        ids: list[int] = []
        where: list[int] = []
        for b, ranges in enumerate(ra.bd.bundle_ranges):
            a = ra.alloc[b]
            if a >= 0:
                ids += ranges
                where += [a] * len(ranges)
        for ss, ranges in enumerate(spill_ranges):
            if ranges:
                ids += ranges
                where += [spillset_alloc[ss]] * len(ranges)
        if remat_ranges:
            ids += remat_ranges
            where += [REMAT_LOC] * len(remat_ranges)
        keys = [(rv[r] << 32) | rf[r] for r in ids]
        order = sorted(range(len(ids)), key=keys.__getitem__)
        self.seg_from: list[list[int]] = [[] for _ in range(nv)]
        self.seg_to: list[list[int]] = [[] for _ in range(nv)]
        self.seg_alloc: list[list[int]] = [[] for _ in range(nv)]
        for k in order:
            r = ids[k]
            v = rv[r]
            self.seg_from[v].append(rf[r])
            self.seg_to[v].append(rt[r])
            self.seg_alloc[v].append(where[k])

    def at(self, v: int, pos: int) -> int:
        """Where ``v`` is at position ``pos``."""
        sf = self.seg_from[v]
        k = bisect_right(sf, pos) - 1
        if k < 0 or self.seg_to[v][k] <= pos:
            raise AllocationError(f"internal: v{v} has no location at position {pos}")
        return self.seg_alloc[v][k]


def operand_allocs(func: Function, lr: LiveRanges, loc: Locations, overrides: dict[int, int]) -> list[int]:
    """The allocation of every operand (``overrides``: operand -> allocation)."""
    allocs = [-1] * func.num_operands
    for o, a in overrides.items():
        allocs[o] = a
    operand_copy = lr.operand_copy
    inst_pos = lr.inst_pos
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_con = func.op_con
    op_arg = func.op_arg
    op_start = func.inst_op_start
    for i in range(func.num_insts):
        lo = op_start[i]
        hi = op_start[i + 1]
        for o in range(lo, hi):
            v = op_vreg[o]
            con = op_con[o]
            if allocs[o] >= 0:
                continue
            if con == FIXED:
                allocs[o] = op_arg[o]
            elif op_kind[o] == DEF:
                a = loc.at(v, inst_pos[i] + 1)
                allocs[o] = a
                if con == REUSE:
                    allocs[lo + op_arg[o]] = a
        for o in range(lo, hi):
            if allocs[o] < 0:
                c = operand_copy.get(o, -1)
                allocs[o] = loc.at(op_vreg[o], inst_pos[i]) if c < 0 else loc.seg_alloc[c][0]
    return allocs


def gather_moves(
    func: Function, ra: Allocator, loc: Locations, temps: TempSlots, overrides: dict[int, int]
) -> list[Move]:
    """All moves as ``(edit point, group, src, dst, vreg moved)``, unsorted.

    Operands that read somewhere else than their vreg's piece (private stack
    copies, values moved out of the way of edge moves) are recorded in
    ``overrides``.
    """
    lr = ra.lr
    moves: list[Move] = []
    vreg_class = lr.vreg_class
    inst_pos = lr.inst_pos
    slot_inst = lr.slot_inst
    block_entry = set(lr.block_entry)
    for v in range(len(vreg_class)):
        sf = loc.seg_from[v]
        st = loc.seg_to[v]
        sa = loc.seg_alloc[v]
        for k in range(1, len(sf)):
            q = sf[k]
            if st[k - 1] == q and sa[k - 1] != sa[k] and q not in block_entry:
                if q & 1:
                    raise AllocationError(f"internal: v{v} changes location mid-instruction", inst=slot_inst[q >> 1])
                moves.append((2 * slot_inst[q >> 1], GROUP_PIECES, sa[k - 1], sa[k], v))
    # Per branch preceded by edge moves: those moves, and every location that
    # holds a successor's value after them.
    edge_moves: dict[int, tuple[list[Move], set[int]]] = {}
    for s in range(func.num_blocks):
        first = func.block_inst_start[s]
        live_in = lr.live_in[s]
        p0 = func.block_param_start[s]
        p1 = func.block_param_start[s + 1]
        params = func.block_params[p0:p1]
        for k in range(func.block_pred_start[s], func.block_pred_start[s + 1]):
            pred = func.block_preds[k]
            end = func.block_inst_end[pred]
            n_succ = func.block_succ_start[pred + 1] - func.block_succ_start[pred]
            at = 2 * (end - 1) if n_succ == 1 else 2 * first
            group = GROUP_EDGE_OUT if n_succ == 1 else GROUP_EDGE_IN
            src_pos = lr.block_end[pred] - 1
            dst_pos = lr.block_entry[s]
            n_before = len(moves)
            after_edge: set[int] = set()
            for v in live_in:
                src = loc.at(v, src_pos)
                dst = loc.at(v, dst_pos)
                after_edge.add(dst)
                if src != dst:
                    moves.append((at, group, src, dst, v))
            if params:
                e = -1
                for e2 in range(func.block_succ_start[pred], func.block_succ_start[pred + 1]):
                    if func.block_succs[e2] == s:
                        e = e2
                        break
                a0 = func.edge_arg_start[e]
                for j, pv in enumerate(params):
                    if not loc.seg_from[pv]:
                        continue
                    dst = loc.at(pv, dst_pos)
                    arg = func.edge_args[a0 + j]
                    src = loc.at(arg, src_pos)
                    after_edge.add(dst)
                    if src != dst:
                        moves.append((at, group, src, dst, arg))
            if n_succ == 1:
                edge_moves[end - 1] = (moves[n_before:], after_edge)
    source_of: dict[tuple[int, int], int] = {}
    conflicts: list[int] = []
    for br, (before_branch, after_edge) in edge_moves.items():
        try:
            _relocate_branch_reads(func, ra, loc, temps, br, before_branch, after_edge, moves, overrides, source_of)
        except BranchReadConflict:
            conflicts.append(br)
    if conflicts:
        raise BranchReadConflict(
            f"no register to keep values for {len(conflicts)} branch(es) past their edge moves",
            inst=conflicts[0],
            insts=conflicts,
        )
    for i, v, dst in lr.pre_copies:
        src = source_of.get((i, v), -1)
        if src < 0:
            src = loc.at(v, inst_pos[i])
        if dst < 0:
            dst = loc.at(-1 - dst, inst_pos[i])
        if src != dst:
            moves.append((2 * i, GROUP_FIXUPS, src, dst, v))
    for i, v, o in lr.stack_copies:
        slot = temps.fresh(vreg_class[v])
        overrides[o] = slot
        src = source_of.get((i, v), -1)
        if src < 0:
            src = loc.at(v, inst_pos[i])
        moves.append((2 * i, GROUP_FIXUPS, src, slot, v))
    for i, v, r in lr.post_copies:
        dst = loc.at(v, inst_pos[i] + 1)
        if dst != r:
            moves.append((2 * i + 1, GROUP_PIECES, r, dst, v))
    return moves


def _relocate_branch_reads(
    func: Function,
    ra: Allocator,
    loc: Locations,
    temps: TempSlots,
    br: int,
    before_branch: list[Move],
    after_edge: set[int],
    moves: list[Move],
    overrides: dict[int, int],
    source_of: dict[tuple[int, int], int],
) -> None:
    """Move the values branch ``br`` reads out of the way of the edge moves before it.

    Those moves fill the successor's locations; a branch operand whose value
    sits in one of them is copied, in the same parallel move, to a register
    that is free at the branch or only read by the edge moves (or to a fresh
    slot when no register is required), and reads it there.
    """
    lr = ra.lr
    env = ra.env
    lo = func.inst_op_start[br]
    hi = func.inst_op_start[br + 1]
    written = {m[3] for m in before_branch}
    masks: dict[int, int] = {}
    wants_reg: set[int] = set()
    wants_stack: set[int] = set()
    for o in range(lo, hi):
        v = func.op_vreg[o]
        if v < 0 or func.op_kind[o] == DEF:
            continue
        cls = lr.vreg_class[v]
        mask = masks.get(v, env.allocatable_mask[cls])
        con = func.op_con[o]
        if con == REG:
            wants_reg.add(v)
        elif con == LIMIT:
            wants_reg.add(v)
            mask &= ((1 << func.op_arg[o]) - 1) << (cls * 64)
        elif con == STACK and o not in overrides:
            wants_stack.add(v)
        masks[v] = mask
    # Registers that must keep their value: the successor's, and the branch's own.
    keep = 0
    for a in after_edge:
        if 0 <= a < STACK_BASE:
            keep |= 1 << a
    for v in masks:
        a = loc.at(v, lr.inst_pos[br])
        if 0 <= a < STACK_BASE:
            keep |= 1 << a
    only_read = 0
    for m in before_branch:
        if 0 <= m[2] < STACK_BASE:
            only_read |= 1 << m[2]
    kept = {v: c for i, v, c in lr.branch_copies if i == br}
    for v, mask in masks.items():
        here = loc.at(v, lr.inst_pos[br])
        cls = lr.vreg_class[v]
        c = kept.get(v, -1)
        if c >= 0:
            elsewhere = loc.seg_alloc[c][0]
            if elsewhere != here:
                moves.append((2 * br, GROUP_EDGE_OUT, here, elsewhere, v))
            source_of[(br, v)] = elsewhere
            continue
        if here not in written:
            continue
        spare = (free_registers(ra, 2 * br, 1 << cls) | only_read) & mask & ~keep
        if (v in wants_stack and v not in wants_reg) or not spare:
            if v in wants_reg:
                raise BranchReadConflict(f"no register to keep v{v} for the branch past its edge moves", inst=br)
            elsewhere = temps.fresh(cls)
        else:
            elsewhere = (spare & -spare).bit_length() - 1
            keep |= 1 << elsewhere
        moves.append((2 * br, GROUP_EDGE_OUT, here, elsewhere, v))
        source_of[(br, v)] = elsewhere
        for o in range(lo, hi):
            if func.op_vreg[o] == v and func.op_con[o] != FIXED and o not in overrides:
                overrides[o] = elsewhere


def free_registers(ra: Allocator, at: int, classes: int) -> int:
    """Registers of the classes in bitset ``classes`` that hold nothing live
    around edit point ``at``."""
    lr = ra.lr
    pos = lr.inst_pos[at >> 1]
    lo = pos - 1 if at & 1 == 0 else pos + 1
    hi = lo + 2
    free = 0
    env = ra.env
    for cls in range(3):
        if not (classes >> cls) & 1:
            continue
        for p in env.allocatable(cls):
            if ra.occupied(p, lo, hi) or _busy(lr.res_from[p], lr.res_to[p], lo, hi):
                continue
            free |= 1 << p
    return free


def _busy(froms: list[int], tos: list[int], lo: int, hi: int) -> bool:
    """Whether some interval of the sorted disjoint list meets ``[lo, hi)``."""
    k = bisect_right(froms, lo) - 1
    if k >= 0 and tos[k] > lo:
        return True
    return k + 1 < len(froms) and froms[k + 1] < hi


def emit_edits(func: Function, ra: Allocator, moves: list[Move], temp_slot: TempSlots) -> list[Edit]:
    """Sequence each point's move groups (``moves`` sorted by point and group) into edits."""
    edits: list[Edit] = []
    vreg_class = ra.lr.vreg_class
    env = ra.env
    fixed_stack = env.fixed_stack_mask
    n = len(moves)
    k = 0
    # Registers filled by earlier groups at the same point hold values needed later.
    filled_at = -1
    filled = 0
    no_temp: list[tuple[int, int]] = []
    while k < n:
        at = moves[k][0]
        group = moves[k][1]
        if at != filled_at:
            filled_at = at
            filled = 0
        j = k
        batch: list[tuple[int, int, int]] = []
        remats: list[tuple[int, int]] = []
        needs_temp = False
        classes = 0
        dsts: set[int] = set()
        while j < n and moves[j][0] == at and moves[j][1] == group:
            _at, _g, src, dst, v = moves[j]
            if src == REMAT_LOC:
                # Reads no location, so it can run after every other move of the group.
                remats.append((v, dst))
                dsts.add(dst)
                j += 1
                continue
            cls = vreg_class[v]
            batch.append((src, dst, cls))
            dsts.add(dst)
            classes |= 1 << cls
            if (src >= STACK_BASE or (fixed_stack >> src) & 1) and (dst >= STACK_BASE or (fixed_stack >> dst) & 1):
                needs_temp = True
            j += 1
        if len(batch) == 1 and not needs_temp:
            src, dst, _cls = batch[0]
            edits.append((at, MOVE, src, dst))
        elif batch:
            if not needs_temp:
                needs_temp = any(src in dsts for src, _d, _c in batch)
            free = free_registers(ra, at, classes) & ~filled if needs_temp else 0
            for src, dst in resolve_parallel_moves(batch, env, free, temp_slot.get):
                edits.append((at, MOVE, src, dst))
        for dst in dsts:
            if dst < STACK_BASE:
                filled |= 1 << dst
        for v, dst in remats:
            if dst < STACK_BASE and not (fixed_stack >> dst) & 1:
                edits.append((at, REMAT, v, dst))
            else:
                temp = _remat_temp(ra, at, vreg_class[v], filled)
                if temp < 0:
                    no_temp.append((v, at >> 1))
                    continue
                edits.append((at, REMAT, v, temp))
                edits.append((at, MOVE, temp, dst))
        k = j
    if no_temp:
        # Report every such vreg at once, so that one retry without them suffices.
        v, inst = no_temp[0]
        raise RematTempConflict(
            f"no register to recompute v{v} into before storing it",
            vreg=v,
            inst=inst,
            vregs=[w for w, _ in no_temp],
        )
    for at, kind, src, dst in edits:
        if kind == MOVE and src == dst:
            raise AllocationError(f"internal: self-move of {alloc_str(src)}", inst=at >> 1)
    return edits


def _remat_temp(ra: Allocator, at: int, cls: int, busy: int) -> int:
    """A register of class ``cls`` to recompute a value into before storing it at
    edit point ``at``: the scratch register, else one free there and not in
    ``busy``; -1 when there is none."""
    scratch = ra.env.scratch[cls]
    if scratch >= 0:
        return scratch
    free = free_registers(ra, at, 1 << cls) & ~busy
    if not free:
        return -1
    return (free & -free).bit_length() - 1


def drop_redundant_stores(func: Function, moves: list[Move], allocs: list[int], live_in: list[list[int]]) -> list[Move]:
    """Drop stores of a value into a spill slot that already holds it (a value
    reloaded for a use and spilled again); ``moves`` sorted by point and group.

    A forward must-analysis over the CFG tracks which vreg's current value each
    slot holds: moves (which know the vreg they carry) and defs into a slot set
    it, a new def of the vreg forgets it, and on an edge a block parameter takes
    over the slots holding its argument.  Moves for a parameter are recorded
    with the argument's vreg.  ``live_in``: the vregs live into each block.
    """
    # The slots each vreg is ever moved to, read from or defined in: where a new
    # def of it must forget the old value (block parameters are redefined on
    # edges, see _across_edge).
    slots_of: dict[int, set[int]] = {}
    for m in moves:
        if m[3] >= STACK_BASE:
            slots_of.setdefault(m[4], set()).add(m[3])
        if m[2] >= STACK_BASE:
            slots_of.setdefault(m[4], set()).add(m[2])
    if not slots_of:
        return moves
    op_kind = func.op_kind
    op_vreg = func.op_vreg
    for o, a in enumerate(allocs):
        if a >= STACK_BASE and op_kind[o] == DEF:
            slots_of.setdefault(op_vreg[o], set()).add(a)
    tracked = slots_of.keys()
    # Per block, in order: (first, end, -1) for the parallel group moves[first:end]
    # of one point, or (-1, vreg defined, its allocation).
    nb = func.num_blocks
    events: list[list[tuple[int, int, int]]] = [[] for _ in range(nb)]
    op_start = func.inst_op_start
    inst_block = func.inst_block
    k = 0
    n = len(moves)

    def add_groups(ev: list[tuple[int, int, int]], at: int) -> None:
        nonlocal k
        while k < n and moves[k][0] == at:
            first = k
            group = moves[k][1]
            while k < n and moves[k][0] == at and moves[k][1] == group:
                k += 1
            ev.append((first, k, -1))

    for i in range(func.num_insts):
        ev = events[inst_block[i]]
        add_groups(ev, 2 * i)
        for o in range(op_start[i], op_start[i + 1]):
            v = op_vreg[o]
            if op_kind[o] == DEF and v in tracked:
                ev.append((-1, v, allocs[o]))
        add_groups(ev, 2 * i + 1)

    def walk(b: int, state: dict[int, int], redundant: list[bool] | None) -> None:
        for first, end, a in events[b]:
            if first < 0:
                v = end
                for slot in slots_of[v]:
                    if state.get(slot) == v:
                        del state[slot]
                if a >= STACK_BASE:
                    state[a] = v
                continue
            if moves[first][1] == GROUP_FIXUPS:
                # Copies into private slots: they only ever write fresh slots.
                continue
            # A parallel group reads everything first: a slot it reads holds the
            # value the allocation says, then the stores land.
            for k in range(first, end):
                src = moves[k][2]
                if src >= STACK_BASE:
                    state[src] = moves[k][4]
            for k in range(first, end):
                dst = moves[k][3]
                if dst < STACK_BASE:
                    continue
                mv = moves[k][4]
                if state.get(dst) == mv:
                    if redundant is not None:
                        redundant[k] = True
                else:
                    state[dst] = mv

    redundant = _must_fixpoint(func, walk, n, [set(vregs) for vregs in live_in])
    return [m for k, m in enumerate(moves) if not redundant[k]]


def _must_fixpoint(
    func: Function, walk: Callable[[int, dict[int, int], list[bool] | None], None], n: int, live_in: list[set[int]]
) -> list[bool]:
    """Iterate ``walk`` (a block's transfer over a location -> vreg state) to the
    greatest fixpoint, then run it once more per block to mark redundant items."""
    nb = func.num_blocks
    rpo = reverse_postorder(func)
    entry_state: list[dict[int, int] | None] = [None] * nb
    entry_state[func.entry] = {}
    # The entry state each block was last walked from: a block whose entry state
    # has not changed since (states are replaced, never updated in place) would
    # only repeat its effect on its successors.
    walked_from: list[dict[int, int] | None] = [None] * nb
    changed = True
    while changed:
        changed = False
        for b in rpo:
            state_in = entry_state[b]
            if state_in is None or state_in is walked_from[b]:
                continue
            walked_from[b] = state_in
            state = dict(state_in)
            walk(b, state, None)
            for e in range(func.block_succ_start[b], func.block_succ_start[b + 1]):
                s = func.block_succs[e]
                out = _across_edge(func, e, s, state, live_in[s])
                old = entry_state[s]
                if old is None:
                    entry_state[s] = out
                    changed = True
                else:
                    met = dict(old.items() & out.items())
                    if len(met) != len(old):
                        entry_state[s] = met
                        changed = True
    redundant = [False] * n
    for b in rpo:
        state_in = entry_state[b]
        if state_in is not None:
            walk(b, dict(state_in), redundant)
    return redundant


def _across_edge(func: Function, e: int, s: int, state: dict[int, int], live: set[int]) -> dict[int, int]:
    """The location state on entry to ``s`` along edge ``e`` (``live``: the vregs
    live into ``s``).

    Only values live into ``s`` (and its parameters) are kept: a value that is
    not will never be stored again, since every move of a value happens where
    it is live, so its slots would only make the states, and every copy and meet
    of them, grow with the function.
    """
    p0 = func.block_param_start[s]
    n = func.block_param_start[s + 1] - p0
    if n == 0:
        return {loc: v for loc, v in state.items() if v in live}
    param_of: dict[int, int] = {}
    a0 = func.edge_arg_start[e]
    for j in range(n):
        param_of[func.edge_args[a0 + j]] = func.block_params[p0 + j]
    out: dict[int, int] = {}
    for loc, v in state.items():
        p = param_of.get(v, -1)
        if p >= 0:
            out[loc] = p
        elif v in live:
            out[loc] = v
    return out


class TempSlots:
    """Spill slots handed to the move resolver for temporaries, made on demand."""

    def __init__(self, num_slots: int, sizes: list[int]) -> None:
        self.num_slots = num_slots
        self.sizes = sizes
        self.made: dict[tuple[int, int], int] = {}

    def fresh(self, cls: int) -> int:
        """A new slot for a value of class ``cls``, as an allocation."""
        size = self.sizes[cls]
        slot = -(-self.num_slots // size) * size
        self.num_slots = slot + size
        return STACK_BASE + slot

    def get(self, cls: int, which: int) -> int:
        """The resolver's temporary ``which`` of class ``cls`` (made once)."""
        key = (cls, which)
        slot = self.made.get(key)
        if slot is None:
            slot = self.fresh(cls)
            self.made[key] = slot
        return slot
