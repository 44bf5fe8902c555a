"""Where each live vreg is at each program point of an allocated function.

The report draws one bar per vreg along the program; this module works out
what colour each piece of the bar is.  It replays the allocation forwards
(edits, operand allocations, clobbers and edge copies, as docs/SEMANTICS.md
defines them) to know which locations hold which vregs, intersecting the
states of a block's predecessors until they agree, and samples that state at
two points per instruction where liveness says the vreg is live.  It trusts
nothing and reports nothing: a vreg that no location holds, or that an operand
reads from the wrong place, is drawn as "lost" (location -1), which is what a
broken allocation looks like.  This is the
report's own walk, independent of the checker, so a report can be drawn for
an allocation the checker rejects.

The sample axis ``x`` has two points per instruction ``i``: ``2 * i`` is the
state the instruction reads (after the edits before it) and ``2 * i + 1`` the
state after it and the edits after it.

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg, stack_alloc
>>> from regalloc.result import AllocationResult, MOVE, point, AFTER, BEFORE
>>> fb = FunctionBuilder()
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")]); fb.op([], clobbers=[preg(INT, 0)]); fb.ret([use(x, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
>>> spill = [(point(0, AFTER), MOVE, 0, stack_alloc(0)), (point(2, BEFORE), MOVE, stack_alloc(0), 0)]
>>> pl = compute_placement(fb.finish(), env, AllocationResult([0, 0], spill, 1))
>>> pl.segments  # vreg, first x, last x, location, also-on-stack location
[0, 1, 2, 0, 256, 0, 3, 3, 256, -1, 0, 4, 4, 0, 256]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regalloc.analysis.cfg import reverse_postorder
from regalloc.analysis.liveness import bitset_members, compute_liveness
from regalloc.env import MachineEnv
from regalloc.function import DEF, USE, Function
from regalloc.regs import NUM_CLASSES, STACK_BASE
from regalloc.result import MOVE, PAIR, REMAT, AllocationResult, unpack_pair

LOST = -1
"""Location of a live vreg that no location holds, or that an operand reads
from a location not holding it (both mean a broken allocation)."""

SEGMENT_FIELDS = 5

# A fixpoint over block entry states shrinks monotonically once every block
# has been visited; this bounds the passes for pathological inputs.
_MAX_PASSES = 64
_SLOT_SLACK = 1024


@dataclass
class Placement:
    """The replayed allocation, flat.

    ``segments``: runs of ``SEGMENT_FIELDS`` ints ``(vreg, x_first, x_last,
    loc, stack_copy)``: the vreg is live at every sample ``x_first..x_last`` and
    read from ``loc`` (a register, ``STACK_BASE + slot`` or ``LOST``);
    ``stack_copy`` is a stack location also holding it, or -1.
    ``edit_vreg[k]``: the vreg that edit ``k`` carries (the first one of a
    pair), or -1 if the walk does not know it (the edit's sample ``x`` is its
    program point).
    ``pressure[cls][x]``: live vregs of class ``cls`` at sample ``x``.
    """

    num_samples: int
    segments: list[int] = field(default_factory=list)
    edit_vreg: list[int] = field(default_factory=list)
    pressure: list[list[int]] = field(default_factory=list)



def live_samples(func: Function) -> tuple[list[list[int]], list[list[int]]]:
    """Per sample ``x``: the vregs live there, and per class the live counts.

    At ``2 * i`` the vregs live into instruction ``i`` (its uses included); at
    ``2 * i + 1`` those live out of it plus everything it defines, even if dead,
    since a def occupies its location.
    """
    _live_in, live_out = compute_liveness(func)
    n = func.num_insts
    samples: list[list[int]] = [[] for _ in range(2 * n)]
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    for b in range(func.num_blocks):
        live = set(bitset_members(live_out[b]))
        for i in range(func.block_inst_end[b] - 1, func.block_inst_start[b] - 1, -1):
            defs = [op_vreg[o] for o in range(op_start[i], op_start[i + 1]) if op_kind[o] != USE and op_vreg[o] >= 0]
            samples[2 * i + 1] = sorted(live.union(defs))
            live.difference_update(defs)
            for o in range(op_start[i], op_start[i + 1]):
                if op_kind[o] != DEF and op_vreg[o] >= 0:
                    live.add(op_vreg[o])
            samples[2 * i] = sorted(live)
    vreg_class = func.vreg_class
    pressure = [[0] * (2 * n) for _ in range(NUM_CLASSES)]
    for x, vs in enumerate(samples):
        for v in vs:
            pressure[vreg_class[v]][x] += 1
    return samples, pressure


class _State:
    """Location -> vreg bitset, with the inverse map kept in step.

    ``touched`` collects the vregs whose set of locations changed, so the
    recorder only re-examines those (most live vregs stay put between samples).
    """

    def __init__(self, holds: dict[int, int], slot_size: list[int], vreg_class: list[int], loc_limit: int) -> None:
        self.holds = holds
        self.loc_limit = loc_limit
        self.slot_size = slot_size
        self.vreg_class = vreg_class
        where: dict[int, int] = {}
        for loc, vs in holds.items():
            bit = 1 << loc
            if vs & (vs - 1) == 0:
                v = vs.bit_length() - 1
                where[v] = where.get(v, 0) | bit
            else:
                for v in bitset_members(vs):
                    where[v] = where.get(v, 0) | bit
        self.where = where
        self.touched: set[int] = set(where)

    def clear(self, loc: int) -> None:
        if not 0 <= loc < self.loc_limit:
            return
        vs = self.holds.pop(loc, 0)
        if vs:
            bit = 1 << loc
            for v in bitset_members(vs) if vs & (vs - 1) else (vs.bit_length() - 1,):
                self.where[v] &= ~bit
                self.touched.add(v)

    def put(self, loc: int, vs: int) -> None:
        if not 0 <= loc < self.loc_limit:
            return  # not a location at all: the checker reports it, the drawing ignores it
        self.clear(loc)
        if loc >= STACK_BASE and vs:
            # A value wider than one slot overwrites the slots after the first too.
            first = (vs & -vs).bit_length() - 1
            for extra in range(1, self.slot_size[self.vreg_class[first]]):
                self.clear(loc + extra)
        if vs:
            self.holds[loc] = vs
            bit = 1 << loc
            for v in bitset_members(vs) if vs & (vs - 1) else (vs.bit_length() - 1,):
                self.where[v] = self.where.get(v, 0) | bit
                self.touched.add(v)

    def remove_vreg(self, v: int) -> None:
        locs = self.where.pop(v, 0)
        self.touched.add(v)
        bit = 1 << v
        for loc in bitset_members(locs):
            left = self.holds[loc] & ~bit
            if left:
                self.holds[loc] = left
            else:
                del self.holds[loc]

    def edit(self, kind: int, src: int, dst: int) -> None:
        if kind == MOVE:
            self.put(dst, self.holds.get(src, 0))
        elif kind == REMAT:
            self.put(dst, 1 << src if 0 <= src < len(self.vreg_class) else 0)
        elif kind == PAIR:
            s1, s2 = unpack_pair(src)
            d1, d2 = unpack_pair(dst)
            v1, v2 = self.holds.get(s1, 0), self.holds.get(s2, 0)
            self.put(d1, v1)
            self.put(d2, v2)


class _Walker:
    def __init__(self, func: Function, env: MachineEnv, result: AllocationResult) -> None:
        self.func = func
        self.env = env
        self.result = result
        n = func.num_insts
        self.edits_before: list[list[int]] = [[] for _ in range(n)]
        self.edits_after: list[list[int]] = [[] for _ in range(n)]
        for idx, (pt, _kind, _src, _dst) in enumerate(result.edits):
            i = pt >> 1
            if 0 <= i < n:
                (self.edits_after if pt & 1 else self.edits_before)[i].append(idx)
        self.num_allocs = len(result.allocs)
        # Bounds the locations the walk tracks, so a garbage allocation cannot
        # make it build enormous bitsets.
        self.loc_limit = STACK_BASE + max(result.num_spillslots, 0) + _SLOT_SLACK

    def run_block(self, b: int, holds: dict[int, int], record: _Recorder | None) -> dict[int, int]:
        func = self.func
        result = self.result
        edits = result.edits
        allocs = result.allocs
        op_start = func.inst_op_start
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        state = _State(dict(holds), self.env.spillslot_size, func.vreg_class, self.loc_limit)
        if record is not None:
            # Values live across the block boundary may be somewhere else (or
            # nowhere) in this block's entry state: look at them again.
            state.touched.update(record.live)
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            for idx in self.edits_before[i]:
                _pt, kind, src, dst = edits[idx]
                if record is not None:
                    record.mark(idx, kind, src, state)
                state.edit(kind, src, dst)
            lo, hi = op_start[i], min(op_start[i + 1], self.num_allocs)
            if record is not None:
                record.sample(2 * i, state, {op_vreg[o]: allocs[o] for o in range(lo, hi) if op_kind[o] == USE}, True)
            for p in func.clobbers_of(i):
                state.clear(p)
            def_locs: dict[int, int] = {}
            for o in range(lo, hi):
                if op_kind[o] == USE:
                    continue
                v = op_vreg[o]
                a = allocs[o]
                if v < 0:
                    if a >= 0:
                        state.clear(a)
                    continue
                state.remove_vreg(v)
                if a >= 0:
                    state.put(a, 1 << v)
                    def_locs[v] = a
            for idx in self.edits_after[i]:
                _pt, kind, src, dst = edits[idx]
                if record is not None:
                    record.mark(idx, kind, src, state)
                state.edit(kind, src, dst)
            if record is not None:
                record.sample(2 * i + 1, state, def_locs, False)
        return state.holds

    def edge_state(self, pred: int, j: int, succ: int, exit_holds: dict[int, int]) -> dict[int, int]:
        """``exit_holds`` of ``pred`` as seen on entry to ``succ`` along its ``j``-th edge."""
        func = self.func
        params = func.params_of(succ)
        if not params:
            return exit_holds
        param_mask = 0
        for p in params:
            param_mask |= 1 << p
        args = func.branch_args(pred, j)[: len(params)]
        arg_mask = 0
        for a in args:
            arg_mask |= 1 << a
        mask = param_mask | arg_mask
        out = dict(exit_holds)
        for loc in [loc for loc, held in exit_holds.items() if held & mask]:
            held = exit_holds[loc]
            vs = held & ~param_mask
            for k, a in enumerate(args):
                if (held >> a) & 1:
                    vs |= 1 << params[k]
            if vs:
                out[loc] = vs
            else:
                del out[loc]
        return out


def _intersect(a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for loc, vs in a.items():
        common = vs & b.get(loc, 0)
        if common:
            out[loc] = common
    return out


class _Recorder:
    """Turns per-sample states into segments, and notes which vreg each edit carries.

    Samples arrive in increasing ``x`` (blocks in layout order), so a vreg's
    open segment simply continues while it stays live and its locations are
    untouched; only vregs that became live, moved or are named by an operand
    are re-examined at a sample.
    """

    def __init__(self, func: Function, samples: list[list[int]], num_edits: int) -> None:
        self.samples = samples
        nv = func.num_vregs
        self.open_loc = [LOST] * nv
        self.open_copy = [-1] * nv
        self.open_first = [0] * nv
        self.live: set[int] = set()
        self.segments: list[int] = []
        self.edit_vreg = [-1] * num_edits

    def mark(self, idx: int, kind: int, src: int, state: _State) -> None:
        if kind == REMAT:
            self.edit_vreg[idx] = src if 0 <= src < len(self.open_loc) else -1
            return
        carried = state.holds.get(unpack_pair(src)[0] if kind == PAIR else src, 0)
        self.edit_vreg[idx] = (carried & -carried).bit_length() - 1 if carried else -1

    def sample(self, x: int, state: _State, known: dict[int, int], reads: bool) -> None:
        """Record the state at ``x``; ``known`` gives operand locations (uses if ``reads``, else defs)."""
        live = set(self.samples[x])
        for v in self.live - live:
            self._close(v, x - 1)
        started = live - self.live
        recheck = started | (state.touched & live) | (known.keys() & live)
        state.touched.clear()
        self.live = live
        where = state.where
        open_loc = self.open_loc
        open_copy = self.open_copy
        for v in recheck:
            locs = where.get(v, 0)
            loc = known.get(v, LOST)
            if loc >= 0 and not (locs >> loc) & 1:
                # An operand reading it from a location that does not hold it is a
                # broken allocation; a def moved away by the edits after it is not.
                if reads:
                    locs = 0
                loc = LOST
            if loc == LOST:
                loc = _choose(open_loc[v] if v not in started else LOST, locs)
            copy = -1
            if loc < STACK_BASE:
                stack_locs = locs >> STACK_BASE
                if stack_locs:
                    copy = STACK_BASE + (stack_locs & -stack_locs).bit_length() - 1
            if v not in started:
                if open_loc[v] == loc and open_copy[v] == copy:
                    continue
                self._close(v, x - 1)
            open_loc[v] = loc
            open_copy[v] = copy
            self.open_first[v] = x

    def _close(self, v: int, last: int) -> None:
        self.segments.extend((v, self.open_first[v], last, self.open_loc[v], self.open_copy[v]))

    def finish(self, num_samples: int) -> None:
        for v in sorted(self.live):
            self._close(v, num_samples - 1)
        self.live = set()
        # Segments come out in closing order; sort by vreg then start for stable output.
        runs = [self.segments[k : k + SEGMENT_FIELDS] for k in range(0, len(self.segments), SEGMENT_FIELDS)]
        runs.sort()
        self.segments = [n for run in runs for n in run]


def _choose(previous: int, locs: int) -> int:
    """The location to draw a vreg in: where it was, else a register, else a slot."""
    if not locs:
        return LOST
    if previous >= 0 and (locs >> previous) & 1:
        return previous
    return (locs & -locs).bit_length() - 1


def compute_placement(
    func: Function,
    env: MachineEnv,
    result: AllocationResult,
    liveness: tuple[list[list[int]], list[list[int]]] | None = None,
) -> Placement:
    """Replay ``result`` over ``func`` and sample where each live vreg is (see module doc).

    ``liveness`` is :func:`live_samples` of ``func`` if the caller already has it.
    """
    samples, pressure = liveness if liveness is not None else live_samples(func)
    walker = _Walker(func, env, result)
    nb = func.num_blocks
    order = reverse_postorder(func)
    in_order = set(order)
    order.extend(b for b in range(nb) if b not in in_order)
    entry_holds: list[dict[int, int] | None] = [None] * nb
    exit_holds: list[dict[int, int] | None] = [None] * nb
    for _ in range(_MAX_PASSES):
        changed = False
        for b in order:
            entry = _block_entry(walker, b, exit_holds) if b in in_order and b != func.entry else {}
            if entry_holds[b] == entry and exit_holds[b] is not None:
                continue
            changed = True
            entry_holds[b] = entry
            exit_holds[b] = walker.run_block(b, entry, None)
        if not changed:
            break
    recorder = _Recorder(func, samples, len(result.edits))
    for b in sorted(range(nb), key=lambda blk: func.block_inst_start[blk]):
        walker.run_block(b, entry_holds[b] or {}, recorder)
    recorder.finish(2 * func.num_insts)
    return Placement(2 * func.num_insts, segments=recorder.segments, edit_vreg=recorder.edit_vreg, pressure=pressure)


def _block_entry(walker: _Walker, b: int, exit_holds: list[dict[int, int] | None]) -> dict[int, int]:
    func = walker.func
    entry: dict[int, int] | None = None
    for k in range(func.block_pred_start[b], func.block_pred_start[b + 1]):
        pred = func.block_preds[k]
        holds = exit_holds[pred]
        if holds is None:
            continue
        for j, s in enumerate(func.succs_of(pred)):
            if s != b:
                continue
            seen = walker.edge_state(pred, j, b, holds)
            entry = seen if entry is None else _intersect(entry, seen)
    return entry if entry is not None else {}
