"""Block boundaries for the fast allocator: where live values meet between blocks.

Blocks are walked in postorder, so (apart from loop back edges) a block's
successors are done before it.  When a block's walk reaches its top, the
locations its live-in values and parameters have there become its *entry
expectation*; a predecessor walked later starts its own walk with its live-out
values already in those locations, so values can stay in registers across
forward edges.

A block keeps values in registers at entry unless it is a *stack-entry* block:
one with a predecessor walked before it (a loop header reached by a back edge,
whose predecessor could not know its expectation), or one entered through a
branch that has operands or clobbers (which could disturb registers after the
edge moves).  A stack-entry block expects every live-in value and parameter in
its own spill slot and reloads what it wants in registers at its start.

A block whose only predecessor is walked right after it (and that is not
stack-entry) is *fused* with it: the walk goes on into the predecessor with
the state it has at the block's top, with no expectation recorded and nothing
placed again.  Most blocks with one predecessor are walked so: postorder
finishes the successor a block visits last just before the block itself, and
the search visits successors last first.

Edge moves: with one successor, the branch arguments are copied to the
parameters' expected locations just before the branch.  With several
successors (each then has this block as its only predecessor: no critical
edges), the block's bottom state follows its first successor (the state it
is fused with, or its expectation), and the others' where locations do not
clash (else the value's slot); each other successor starts with a parallel
move from that state to its own expectation.
"""

from __future__ import annotations

from itertools import pairwise

from regalloc.analysis.cfg import postorder
from regalloc.analysis.liveness import ssa_live_in, wanted_live_in
from regalloc.errors import AllocationError
from regalloc.fast.allocator import WalkState
from regalloc.function import USE, Function
from regalloc.moves import resolve_parallel_moves
from regalloc.regs import NUM_PREGS, PREG_BIT, STACK_BASE
from regalloc.result import BEFORE, MOVE, REMAT

# Register bits come from a table (``regs.PREG_BIT``) and free masks are taken as ``(m | busy) ^ busy``:
# in CPython both are cheaper than shifting ``1 << r`` and negating ``m & ~busy``.


def block_order(func: Function, parent: list[int] | None = None) -> tuple[list[int], list[bool]]:
    """Walk order (postorder, then unreachable blocks) and which blocks are stack-entry;
    ``parent``, if given, receives the depth-first search tree (as in :func:`postorder`).

    The depth-first search takes a block's successors last first, so that its
    first successor (whose expectation its bottom state follows) is finished
    just before it and can be fused with it.  (In an irreducible CFG the search
    order also decides which edges go backwards, to a block walked no later,
    and so which blocks take their values in slots: on the shared corpora this
    order gives a lower cost than the plain one on more functions than a higher.)
    """
    nb = func.num_blocks
    order = postorder(func, successors_reversed=True, parent=parent)
    position = [-1] * nb
    for k, b in enumerate(order):
        position[b] = k
    if len(order) < nb:
        for b in range(nb):
            if position[b] < 0:
                position[b] = len(order)
                order.append(b)
    stack_entry = [False] * nb
    succ_start = func.block_succ_start
    succs = func.block_succs
    inst_end = func.block_inst_end
    op_start = func.inst_op_start
    clobber_start = func.inst_clobber_start
    for p in range(nb):
        br = inst_end[p] - 1
        if op_start[br] != op_start[br + 1] or clobber_start[br] != clobber_start[br + 1]:
            for s in succs[succ_start[p] : succ_start[p + 1]]:
                stack_entry[s] = True
        else:
            # A successor walked after this block (or the block itself) is reached by a back edge.
            here = position[p]
            for s in succs[succ_start[p] : succ_start[p + 1]]:
                if here <= position[s]:
                    stack_entry[s] = True
    return order, stack_entry


class Boundaries:
    """Entry expectations of walked blocks, and the code that meets them."""

    def __init__(
        self, state: WalkState, order: list[int], stack_entry: list[bool], dfs_parent: list[int] | None = None
    ) -> None:
        """``order`` and ``stack_entry`` come from :func:`block_order`, and ``dfs_parent``, if
        given, from the search it made (so that liveness need not search again)."""
        self.state = state
        self.order = order
        self.dfs_parent = dfs_parent
        func = state.func
        self.func = func
        self.stack_entry = stack_entry
        # Blocks whose walk goes straight on into their only predecessor's (walked next),
        # whose first successor they are (the successor its bottom state follows).
        fused = [False] * func.num_blocks
        pred_start = func.block_pred_start
        preds = func.block_preds
        succ_start = func.block_succ_start
        succs = func.block_succs
        for s, p in pairwise(order):
            if pred_start[s + 1] - pred_start[s] == 1 and preds[pred_start[s]] == p:
                fused[s] = not stack_entry[s] and succs[succ_start[p]] == s
        self.fused = fused
        self.live_in: list[list[int]] | None = None  # computed on the first back edge
        nb = self.func.num_blocks
        self.walked = [False] * nb
        # Per walked block: live-in vreg -> location, and per parameter its location (-1: unused).
        self.expect_live: list[dict[int, int]] = [_NOTHING_LIVE] * nb
        self.expect_param: list[list[int]] = [_NO_PARAMETERS] * nb
        # Per walked block: the registers its expectation names (those held at its top;
        # none if stack-entry), which a fix-up into it must not use as scratch space.
        self.expect_regs = [0] * nb

    def expectation(self, s: int) -> tuple[dict[int, int], list[int]]:
        if self.walked[s]:
            return self.expect_live[s], self.expect_param[s]
        # Not walked yet (a back edge): everything in its own slot.
        live = {v: STACK_BASE + v for v in self.values_live_into(s)}
        params = [STACK_BASE + q for q in self.func.params_of(s)]
        return live, params

    def values_live_into(self, s: int) -> list[int]:
        """The values live into block ``s`` (not yet walked), in increasing order."""
        if self.live_in is None:
            if self.func.ssa:
                dfs = None
                if self.dfs_parent is not None:
                    # The walk order starts with the search's postorder, which ends at the entry.
                    dfs = (self.order[: self.order.index(self.func.entry) + 1], self.dfs_parent)
                self.live_in = ssa_live_in(self.func, self.stack_entry, dfs)
            else:
                self.live_in = wanted_live_in(self.func, self.stack_entry, self.order)
        return sorted(self.live_in[s])

    def setup_bottom(self, b: int) -> list[tuple[int, int]]:
        """Place ``b``'s live-out values at the bottom of its walk.

        Returns ``(vreg, location)`` copies still needed just before the branch
        (one successor; an argument not otherwise live there may still have no
        location, see :meth:`home_arguments`), or records them as fix-ups at the
        successors' starts.
        """
        func = self.func
        succ_start = func.block_succ_start
        e = succ_start[b]
        n_succ = succ_start[b + 1] - e
        if n_succ == 1:
            s = func.block_succs[e]
            last = func.block_inst_end[b] - 1
            if self.fused[s]:
                return self.arguments_for(b, last, self.enter_fused(s, b))
            if self.walked[s]:
                return self.setup_single(b, last, self.expect_live[s], self.expect_param[s])
            return self.setup_back_edge(b, last, s)
        if n_succ == 0:
            return []
        state = self.state
        loc = state.loc
        vreg_class = func.vreg_class
        succs = func.block_succs[e : e + n_succ]
        last = func.block_inst_end[b] - 1
        # The fused successor's values are in place already; it only wants its parameters.
        expectations = [
            (_NOTHING_LIVE, self.enter_fused(s, b)) if self.fused[s] else self.expectation(s) for s in succs
        ]
        fused_regs = state.held  # registers the fused successor's values are in (0: none fused)
        touched = state.touched
        preg_vreg = state.preg_vreg
        stamp = state.stamp
        slot_used = state.slot_used
        held = state.held
        clock = state.clock
        # Each successor's values where it wants them, unless the location is taken.
        used_slots: set[int] = set()
        for j in range(n_succ):
            live, params = expectations[j]
            for v, where in live.items():
                if loc[v] >= 0:
                    continue
                if where < STACK_BASE:
                    bit = PREG_BIT[where]
                    if held & bit:
                        continue
                    held |= bit
                    preg_vreg[where] = v
                    clock += 1
                    stamp[where] = clock
                elif where in used_slots:
                    continue
                else:
                    used_slots.add(where)
                    if where == STACK_BASE + v:
                        slot_used[v] = True
                    else:
                        state.extra_users.append((where - STACK_BASE, v))
                loc[v] = where
                touched.append(v)
            if params:
                args = func.branch_args(b, j)
                for k, where in enumerate(params):
                    a = args[k]
                    # Never park an argument in a parameter's slot: the slot may still hold
                    # a live value of its own (a loop's parameter) that the walk does not see.
                    if 0 <= where < STACK_BASE and loc[a] < 0 and not held & PREG_BIT[where]:
                        held |= PREG_BIT[where]
                        preg_vreg[where] = a
                        clock += 1
                        stamp[where] = clock
                        loc[a] = where
                        touched.append(a)
        state.held = held
        state.clock = clock
        # Per successor: values whose wanted location clashed wait in their own slot, then
        # the copies from the bottom state to what it expects, at its start.  (Placing a
        # value never moves one whose location an earlier successor's copies read: those
        # all have locations already; so each successor's copies are final when made.)
        recomputable = state.recomputable
        registers = state.alloc_all
        for j in range(n_succ):
            s = succs[j]
            live, params = expectations[j]
            moves: list[tuple[int, int, int]] = []
            recomputed: list[tuple[int, int]] = []
            # Registers the successor's values already sit in are not scratch space.
            in_use = fused_regs if self.fused[s] else self.expect_regs[s]
            for v, where in live.items():
                x = loc[v]
                if x < 0:
                    x = STACK_BASE + v
                    loc[v] = x
                    touched.append(v)
                    slot_used[v] = True
                if x != where:
                    # A live value (not one passed as a parameter, whose register is
                    # expected to hold the parameter) may be recomputed instead of reloaded.
                    if x == STACK_BASE + v and recomputable[v] and registers & PREG_BIT[where]:
                        recomputed.append((v, where))
                    else:
                        moves.append((x, where, vreg_class[v]))
            if params:
                args = func.branch_args(b, j)
                for k, where in enumerate(params):
                    if where < 0:
                        continue
                    if where < STACK_BASE:
                        in_use |= PREG_BIT[where]
                    a = args[k]
                    x = loc[a]
                    if x < 0:
                        x = STACK_BASE + a
                        loc[a] = x
                        touched.append(a)
                        slot_used[a] = True
                    if x != where:
                        moves.append((x, where, vreg_class[a]))
            if moves or recomputed:
                self.fixup(s, moves, (registers | in_use) ^ in_use)
                at = func.block_inst_start[s] * 2 + BEFORE
                for v, where in recomputed:
                    state.pre_edits.append((at, REMAT, v, where))
        hull_hi = state.hull_hi
        for v in touched:
            if last > hull_hi[v]:
                hull_hi[v] = last
        return []

    def setup_single(self, b: int, last: int, live: dict[int, int], params: list[int]) -> list[tuple[int, int]]:
        """:meth:`setup_bottom` for a block with one walked successor expecting ``live`` and
        ``params`` (the common case, inlined)."""
        state = self.state
        loc = state.loc
        preg_vreg = state.preg_vreg
        stamp = state.stamp
        slot_used = state.slot_used
        hull_hi = state.hull_hi
        state.clock += 1
        clock = state.clock
        held = state.held
        # The successor's live-in locations are distinct, and the state is empty here.
        state.touched.extend(live)
        for v, where in live.items():
            loc[v] = where
            if last > hull_hi[v]:
                hull_hi[v] = last
            if where < STACK_BASE:
                held |= PREG_BIT[where]
                preg_vreg[where] = v
                stamp[where] = clock
            else:
                slot_used[v] = True
        state.held = held
        return self.arguments_for(b, last, params)

    def setup_back_edge(self, b: int, last: int, s: int) -> list[tuple[int, int]]:
        """:meth:`setup_single` for a successor ``s`` not walked yet, which expects
        everything in its own slot."""
        state = self.state
        loc = state.loc
        slot_used = state.slot_used
        hull_hi = state.hull_hi
        state.clock += 1  # the clock moves on at every block bottom, as in :meth:`setup_single`
        live = self.values_live_into(s)
        state.touched.extend(live)
        for v in live:
            loc[v] = STACK_BASE + v
            slot_used[v] = True
            if last > hull_hi[v]:
                hull_hi[v] = last
        return self.arguments_for(b, last, [STACK_BASE + q for q in self.func.params_of(s)])

    def arguments_for(self, b: int, last: int, params: list[int]) -> list[tuple[int, int]]:
        """Place the arguments of ``b``'s branch (one successor) where its ``params`` are
        expected, if they are not otherwise live there; return the copies still needed."""
        if not params:
            return []
        copies: list[tuple[int, int]] = []
        state = self.state
        loc = state.loc
        hull_hi = state.hull_hi
        args = self.func.branch_args(b, 0)
        for k, where in enumerate(params):
            if where < 0:
                continue
            a = args[k]
            # Never park an argument in a parameter's slot: the slot may still hold
            # a live value of its own (a loop's parameter) that the walk does not see.
            if where < STACK_BASE and loc[a] < 0:
                loc[a] = where
                state.touched.append(a)
                if last > hull_hi[a]:
                    hull_hi[a] = last
                state.held |= PREG_BIT[where]
                state.preg_vreg[where] = a
                state.stamp[where] = state.clock
            elif loc[a] != where:
                copies.append((a, where))
        return copies

    def enter_fused(self, s: int, b: int) -> list[int]:
        """Go on from fused block ``s``'s top into its predecessor ``b``: ``s``'s parameters
        leave the state, and their locations are returned (as an expectation's would be)."""
        func = self.func
        state = self.state
        loc = state.loc
        first = func.block_inst_start[s]
        hull_lo = state.hull_lo
        preg_vreg = state.preg_vreg
        held = state.held
        param_locs: list[int] = []
        for q in func.params_of(s):
            x = loc[q]
            param_locs.append(x)
            if x >= 0:
                if first < hull_lo[q]:
                    hull_lo[q] = first
                loc[q] = -1
                if x < STACK_BASE:
                    bit = PREG_BIT[x]
                    held = (held | bit) ^ bit
                    preg_vreg[x] = -1
        state.held = held
        if s != b + 1:
            # Laid out apart: a value's slot hull must cover both ends of the edge (between
            # adjacent blocks the points before and after the edge already do).
            last = func.block_inst_end[b] - 1
            hull_hi = state.hull_hi
            live = [v for v in state.touched if loc[v] >= 0]
            state.touched[:] = live
            for v in live:
                if first < hull_lo[v]:
                    hull_lo[v] = first
                if last > hull_hi[v]:
                    hull_hi[v] = last
        self.walked[s] = True
        return param_locs

    def edge_copies(self, br: int, copies: list[tuple[int, int]], mark: int) -> None:
        """Emit the argument-to-parameter ``copies`` of branch ``br`` (one successor).

        They run after the branch's own operand moves (whose edits start at index
        ``mark`` of the reversed edit list) and before the branch reads its operands;
        an operand that would read a location the copies overwrite (a parameter's
        slot still holding the parameter, around a loop) reads a private copy made
        in the same parallel move instead.
        """
        state = self.state
        operand_regs = state.taken_at_branch(br)
        # Registers the branch's own operand moves write (operands and carriers) run
        # before the copies: arguments cannot wait there.
        written_before = 0
        for _p, _k, _src, dst in state.rev_edits[mark:]:
            if dst < STACK_BASE:
                written_before |= PREG_BIT[dst]
        self.home_arguments(copies, operand_regs | written_before)
        func = self.func
        loc = state.loc
        vreg_class = func.vreg_class
        moves = [(loc[v], where, vreg_class[v]) for v, where in copies]
        written = {where for _v, where in copies}
        allocs = state.allocs
        branch_regs = operand_regs  # what the branch's operands occupy once the copies are made
        for o in range(func.inst_op_start[br], func.inst_op_start[br + 1]):
            v = func.op_vreg[o]
            if v < 0 or allocs[o] not in written or func.op_kind[o] != USE:
                continue
            cls = vreg_class[v]
            if allocs[o] >= STACK_BASE:
                private = state.extra_slot(cls)
            else:
                busy = state.held | operand_regs | written_before
                for where in written:
                    if where < STACK_BASE:
                        busy |= PREG_BIT[where]
                free = (state.alloc_mask[cls] | busy) ^ busy
                if not free:
                    raise AllocationError(
                        "no register left to keep a branch operand apart from the edge's parameter copies",
                        inst=br,
                        operand=o - func.inst_op_start[br],
                    )
                private = free.bit_length() - 1
            moves.append((loc[v], private, cls))
            allocs[o] = private
            branch_regs = state.taken_at_branch(br)
        rev = state.rev_edits
        end = len(rev)
        taken = state.held | branch_regs
        state.emit(br * 2 + BEFORE, moves, (state.alloc_all | taken) ^ taken)
        if mark != end:
            added = rev[end:]
            del rev[end:]
            rev[mark:mark] = added

    def home_arguments(self, copies: list[tuple[int, int]], busy: int) -> None:
        """Give branch arguments that are copied but not otherwise live a location above the
        branch (not in ``busy``, the registers the branch's operands use)."""
        state = self.state
        loc = state.loc
        vreg_class = self.func.vreg_class
        for a, _where in copies:
            if loc[a] >= 0:
                continue
            taken = state.held | busy
            free = (state.alloc_mask[vreg_class[a]] | taken) ^ taken
            if free:
                m = free & state.pref_mask
                if not m:
                    m = free
                state.place(a, m.bit_length() - 1)
            else:
                state.place(a, STACK_BASE + a)

    def fixup(self, s: int, moves: list[tuple[int, int, int]], free_regs: int) -> None:
        """Parallel move at the very start of ``s`` (before its own edits there)."""
        state = self.state
        at = self.func.block_inst_start[s] * 2 + BEFORE
        pre = state.pre_edits
        if state.independent(moves):
            for src, dst, _ in moves:
                pre.append((at, MOVE, src, dst))
            return
        for src, dst in resolve_parallel_moves(moves, state.env, free_regs, state.temp_slot):
            pre.append((at, MOVE, src, dst))

    def finish_top(self, b: int) -> None:
        """Record ``b``'s entry expectation (reloading from slots if stack-entry); reset state.

        Not for a fused block, which leaves its state to its predecessor instead
        (:meth:`enter_fused`).
        """
        func = self.func
        state = self.state
        loc = state.loc
        params = func.params_of(b)
        first = func.block_inst_start[b]
        hull_lo = state.hull_lo
        # The parameters leave the state first: every touched value still placed is then live in.
        param_locs = [loc[q] for q in params] if params else _NO_PARAMETERS
        for q in params:
            if loc[q] >= 0 and first < hull_lo[q]:
                hull_lo[q] = first
            loc[q] = -1
        live: dict[int, int] = {}
        for v in state.touched:
            where = loc[v]
            if where >= 0:
                live[v] = where
                loc[v] = -1
                if first < hull_lo[v]:
                    hull_lo[v] = first
        if self.stack_entry[b]:
            moves: list[tuple[int, int, int]] = []
            vreg_class = func.vreg_class
            slot_used = state.slot_used
            for v, where in live.items():
                if where != STACK_BASE + v:
                    moves.append((STACK_BASE + v, where, vreg_class[v]))
                    slot_used[v] = True
                live[v] = STACK_BASE + v
            for k, q in enumerate(params):
                where = param_locs[k]
                if where < 0:
                    continue
                if where != STACK_BASE + q:
                    moves.append((STACK_BASE + q, where, vreg_class[q]))
                slot_used[q] = True
                param_locs[k] = STACK_BASE + q
            if moves:
                # Registers not wanted by the block's live values are free here.
                free = (state.alloc_all | state.held) ^ state.held
                state.emit(func.block_inst_start[b] * 2 + BEFORE, moves, free)
        self.expect_live[b] = live
        self.expect_param[b] = param_locs
        if not self.stack_entry[b]:
            self.expect_regs[b] = state.held
        self.walked[b] = True
        state.touched.clear()
        # Only held registers name a vreg: clearing the whole map in place is cheaper
        # than visiting them one by one.
        state.preg_vreg[:] = _NO_VREGS
        state.held = 0


# The expectation of a block no value is live into (the fused successor's, and a
# placeholder until a block is walked), and an empty parameter list: shared, never modified.
_NOTHING_LIVE: dict[int, int] = {}
_NO_PARAMETERS: list[int] = []
# What ``WalkState.preg_vreg`` holds with no register held.
_NO_VREGS = [-1] * NUM_PREGS
