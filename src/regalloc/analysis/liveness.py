"""Live-in and live-out vreg sets per block: as Python-int bitsets
(:func:`compute_liveness`), or as lists in time proportional to their
size (:func:`sparse_liveness`; :func:`ssa_live_in`, live-in only, for SSA input).

Conventions: a block's parameters are defined on entry to it; the branch
arguments of an edge are used at the end of the predecessor (so they are in its
live-out set); within one instruction all uses happen before any def (a def
never satisfies a use of the same instruction); a ``MOD`` operand (non-SSA
input) is a use and a def.  Vreg-less operands are ignored.

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.regs import INT
>>> fb = FunctionBuilder()
>>> x, y = fb.vreg(INT), fb.vreg(INT)
>>> b0, b1 = fb.new_block(), fb.new_block()
>>> fb.start_block(b0); fb.op([define(x)]); fb.branch([(b1, [x])])
>>> fb.start_block(b1, params=[y]); fb.ret([use(y)])
>>> live_in, live_out = compute_liveness(fb.finish())
>>> live_in, live_out
([0, 0], [1, 0])
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from itertools import compress

from regalloc.analysis.cfg import postorder
from regalloc.function import DEF, MOD, USE, Function


def bitset_of(vregs: list[int]) -> int:
    """Bitset with the bits of ``vregs`` set, in time linear in their span."""
    if not vregs:
        return 0
    low = min(vregs)
    high = max(vregs)
    if high - low < 64:
        mask = 0
        for v in vregs:
            mask |= 1 << (v - low)
        return mask << low
    buf = bytearray(((high - low) >> 3) + 1)
    for v in vregs:
        d = v - low
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little") << low


def bitset_members(mask: int) -> list[int]:
    """The set bits of non-negative ``mask`` (the inverse of :func:`bitset_of`), ascending.

    Linear in the length of ``mask``: the scan for set bits runs in C.

    >>> bitset_members(bitset_of([70, 3, 5]))
    [3, 5, 70]
    """
    digits = bin(mask)[:1:-1]  # least significant bit first
    out: list[int] = []
    i = digits.find("1")
    while i >= 0:
        out.append(i)
        i = digits.find("1", i + 1)
    return out


def block_exposed_and_defined(func: Function) -> tuple[list[list[int]], list[set[int]]]:
    """Per block: the vregs it reads before defining them (in operand order, repeats
    kept) and the vregs it defines, its parameters included.

    Within an instruction the uses come before the defs (a ``mod`` operand is both).
    """
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    param_start = func.block_param_start
    params = func.block_params
    exposed_per_block: list[list[int]] = []
    defined_per_block: list[set[int]] = []
    for b in range(func.num_blocks):
        defined: set[int] = set(params[param_start[b] : param_start[b + 1]])
        exposed: list[int] = []
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            lo = op_start[i]
            hi = op_start[i + 1]
            for o in range(lo, hi):
                if op_kind[o] != DEF:
                    v = op_vreg[o]
                    if v >= 0 and v not in defined:
                        exposed.append(v)
            for o in range(lo, hi):
                if op_kind[o] != USE:
                    v = op_vreg[o]
                    if v >= 0:
                        defined.add(v)
        exposed_per_block.append(exposed)
        defined_per_block.append(defined)
    return exposed_per_block, defined_per_block


def block_gen_kill(func: Function) -> tuple[list[int], list[int]]:
    """Per block: (upward-exposed uses, defs including params) as bitsets."""
    exposed, defined = block_exposed_and_defined(func)
    return [bitset_of(e) for e in exposed], [bitset_of(list(d)) for d in defined]


def compute_liveness(func: Function) -> tuple[list[int], list[int]]:
    """Per block: (live-in, live-out) vreg bitsets (bit ``v`` set if ``v`` is live).

    Backward dataflow solved with a worklist seeded in postorder (successors
    before predecessors), so acyclic regions settle in one pass.  Blocks
    unreachable from the entry are solved too.  Vreg bits beyond the function's
    vreg count never appear.
    """
    gen, kill = block_gen_kill(func)
    arg_start = func.edge_arg_start
    edge_args = func.edge_args
    # What an edge contributes regardless of the successor's live-in: its arguments.
    # (A successor's params never appear in its live-in: they are in its kill set.)
    edge_uses = [bitset_of(edge_args[arg_start[e] : arg_start[e + 1]]) for e in range(len(func.block_succs))]
    return solve_liveness(func, gen, kill, edge_uses)


def solve_liveness(
    func: Function, gen: list[int], kill: list[int], edge_uses: list[int]
) -> tuple[list[int], list[int]]:
    """Per block (live-in, live-out) from per-block ``gen``/``kill`` and per-edge ``edge_uses`` bitsets.

    The solver behind :func:`compute_liveness`, for callers tracking their own
    set of values (bit positions need not be vreg numbers).
    """
    nb = func.num_blocks
    live_in = gen[:]
    live_out = [0] * nb
    succ_start = func.block_succ_start
    succs = func.block_succs
    pred_start = func.block_pred_start
    preds = func.block_preds

    order = postorder(func)
    seen = [False] * nb
    for b in order:
        seen[b] = True
    order.extend(b for b in range(nb) if not seen[b])
    queue = deque(order)
    queued = [True] * nb
    while queue:
        b = queue.popleft()
        queued[b] = False
        out = 0
        for e in range(succ_start[b], succ_start[b + 1]):
            out |= live_in[succs[e]]
            args = edge_uses[e]
            if args:
                out |= args
        live_out[b] = out
        # ``(out | kill) ^ kill`` is ``out`` minus ``kill`` without a negative temporary.
        k = kill[b]
        new_in = gen[b] | ((out | k) ^ k)
        if new_in != live_in[b]:
            live_in[b] = new_in
            for k in range(pred_start[b], pred_start[b + 1]):
                p = preds[k]
                if not queued[p]:
                    queued[p] = True
                    queue.append(p)
    return live_in, live_out

def sparse_liveness(func: Function) -> tuple[list[list[int]], list[list[int]]]:
    """Per block, the vregs live on entry and on exit, ascending.

    The conventions of :func:`compute_liveness`, but each vreg is followed from
    the blocks that use it back through the predecessors until a block defines
    it, so the work is proportional to the size of the sets: whole-function
    bitsets would cost blocks x vregs.  Vregs are taken in order, so the lists
    come out sorted.
    """
    nb = func.num_blocks
    nv = func.num_vregs
    pred_start = func.block_pred_start
    preds = func.block_preds
    # Per vreg: blocks that read it before defining it, and blocks defining it.
    used_in: list[list[int]] = [[] for _ in range(nv)]
    defined_in: list[list[int]] = [[] for _ in range(nv)]
    # Per vreg: blocks passing it as a branch argument (live out there).
    passed_by: list[list[int]] = [[] for _ in range(nv)]
    exposed, defined = block_exposed_and_defined(func)
    for b in range(nb):
        for v in exposed[b]:
            used_in[v].append(b)
        for v in defined[b]:
            defined_in[v].append(b)
        for e in range(func.block_succ_start[b], func.block_succ_start[b + 1]):
            for k in range(func.edge_arg_start[e], func.edge_arg_start[e + 1]):
                v = func.edge_args[k]
                if v >= 0:
                    passed_by[v].append(b)
    live_in: list[list[int]] = [[] for _ in range(nb)]
    live_out: list[list[int]] = [[] for _ in range(nb)]
    # Stamps: block b is marked for vreg v when in_mark[b] == v (and so on),
    # which saves clearing per-vreg sets.
    in_mark = [-1] * nb
    out_mark = [-1] * nb
    def_mark = [-1] * nb
    for v in range(nv):
        passed = passed_by[v]
        work = used_in[v]
        if not work and not passed:
            continue
        for b in defined_in[v]:
            def_mark[b] = v
        work = list(work)
        for b in passed:
            if out_mark[b] != v:
                out_mark[b] = v
                live_out[b].append(v)
            if def_mark[b] != v:
                work.append(b)
        while work:
            b = work.pop()
            if in_mark[b] == v:
                continue
            in_mark[b] = v
            live_in[b].append(v)
            for k in range(pred_start[b], pred_start[b + 1]):
                p = preds[k]
                if out_mark[p] != v:
                    out_mark[p] = v
                    live_out[p].append(v)
                if def_mark[p] != v and in_mark[p] != v:
                    work.append(p)
    return live_in, live_out

def ssa_live_in(
    func: Function, wanted: list[bool] | None = None, dfs: tuple[list[int], list[int]] | None = None
) -> list[list[int]]:
    """Per block, the vregs live on entry to it (its parameters excluded), unordered:
    :func:`sparse_liveness` for SSA input, live-in only and cheaper.

    ``wanted`` (one flag per block) asks for some blocks only, such as loop
    headers; the others come back empty.  That answer relies on the input
    being valid SSA (each vreg defined once, every use dominated by its def);
    without ``wanted`` each value is simply followed back to its def.  ``dfs``
    (``wanted`` only) is a depth-first search the caller has made already: the
    postorder of the blocks reachable from the entry and each block's parent
    (see :func:`regalloc.analysis.cfg.postorder`); any search will do.

    >>> from regalloc.function import FunctionBuilder, define, use
    >>> from regalloc.regs import INT
    >>> fb = FunctionBuilder()
    >>> x, i = fb.vreg(INT), fb.vreg(INT)
    >>> b0, loop, latch, done = (fb.new_block() for _ in range(4))
    >>> fb.start_block(b0); fb.op([define(x)]); fb.branch([(loop, [])])
    >>> fb.start_block(loop); fb.op([define(i), use(x)]); fb.branch([(latch, []), (done, [])])
    >>> fb.start_block(latch); fb.branch([(loop, [])])
    >>> fb.start_block(done); fb.ret([use(i)])
    >>> func = fb.finish()
    >>> ssa_live_in(func), ssa_live_in(func, [False, True, False, False])
    ([[], [0], [0], [1]], [[], [0], [], []])
    """
    if wanted is None:
        return _traced_ssa_live_in(func)
    return _wanted_ssa_live_in(func, wanted, dfs)


def _traced_ssa_live_in(func: Function) -> list[list[int]]:
    """:func:`ssa_live_in` for every block.

    Each value is followed from its uses back through predecessors to its
    defining block (the SSA def dominates every use), so the work is the total
    size of the result: linear in the function for local values, unlike
    whole-function bitsets, whose every operation costs the number of vregs.
    A branch argument is a use at the end of the predecessor.
    """
    nb = func.num_blocks
    nv = func.num_vregs
    def_block = [-1] * nv
    param_start = func.block_param_start
    params = func.block_params
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    # (vreg, block) of every use not preceded by its def in the block, grouped by
    # vreg once sorted.  In SSA a use in its def's block follows the def, so a
    # block's upward-exposed uses are the vregs it names minus those it defines:
    # whole-slice set operations, with no Python-level step per operand.
    keys: list[int] = []
    arg_start = func.edge_arg_start
    args = func.edge_args
    succ_start = func.block_succ_start
    for b in range(nb):
        lo = op_start[block_start[b]]
        hi = op_start[block_end[b]]
        named = set(op_vreg[lo:hi])
        defined = set(compress(op_vreg[lo:hi], op_kind[lo:hi]))  # kinds: USE 0, DEF 1
        defined.update(params[param_start[b] : param_start[b + 1]])
        defined.discard(-1)  # vreg-less fixed defs
        for v in defined:
            def_block[v] = b
        named.update(args[arg_start[succ_start[b]] : arg_start[succ_start[b + 1]]])
        named -= defined
        named.discard(-1)
        for v in named:
            keys.append(v * nb + b)
    keys.sort()
    live_in: list[list[int]] = [[] for _ in range(nb)]
    mark = [-1] * nb
    pred_start = func.block_pred_start
    preds = func.block_preds
    preds_of = [preds[pred_start[x] : pred_start[x + 1]] for x in range(nb)]
    stack: list[int] = []
    for key in keys:
        v, b = divmod(key, nb)
        d = def_block[v]
        if mark[b] == v or b == d:
            continue  # a use in the defining block follows the def
        mark[b] = v
        live_in[b].append(v)
        stack.append(b)
        while stack:
            for p in preds_of[stack.pop()]:
                if p != d and mark[p] != v:
                    mark[p] = v
                    live_in[p].append(v)
                    stack.append(p)
    return live_in


def _wanted_ssa_live_in(
    func: Function, wanted: list[bool], dfs: tuple[list[int], list[int]] | None
) -> list[list[int]]:
    """:func:`ssa_live_in` for the ``wanted`` blocks only (valid SSA input).

    A value live into block ``w`` is defined in a strict dominator of ``w``,
    hence in a proper ancestor of ``w`` in any DFS tree: only those candidate
    values are tracked, and only those ancestor blocks kill any.  Only blocks
    reachable from a wanted block can make a value live there.  Liveness is
    first solved over the acyclic graph left without the DFS's retreating
    edges (one pass in postorder, as Brandner et al. do for SSA), then each
    retreating edge's target set is pushed back through its sources until
    nothing changes, which makes the answer exact on irreducible graphs too.
    """
    nb = func.num_blocks
    result: list[list[int]] = [[] for _ in range(nb)]
    if dfs is None:
        parent = [-1] * nb
        order = postorder(func, parent=parent)
    else:
        order, parent = dfs
    reachable = [False] * nb
    for b in order:
        reachable[b] = True
    is_ancestor = [False] * nb
    ancestors: list[int] = []
    for w in compress(range(nb), wanted):
        if not reachable[w]:
            # Dominance says nothing there; follow every value instead.
            full = _traced_ssa_live_in(func)
            return [full[b] if wanted[b] else [] for b in range(nb)]
        a = parent[w]
        while a >= 0 and not is_ancestor[a]:
            is_ancestor[a] = True
            ancestors.append(a)
            a = parent[a]
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    param_start = func.block_param_start
    params = func.block_params
    no_values: set[int] = set()
    kills: list[set[int]] = [no_values] * nb
    candidates: set[int] = set()
    for a in ancestors:
        lo = op_start[block_start[a]]
        hi = op_start[block_end[a]]
        kill = set(compress(op_vreg[lo:hi], op_kind[lo:hi]))  # kinds: USE 0, DEF 1
        kill.update(params[param_start[a] : param_start[a + 1]])
        kills[a] = kill
        candidates |= kill
    candidates.discard(-1)  # vreg-less fixed defs
    if not candidates:
        return result
    needed = _reached_from(func, wanted)
    arg_start = func.edge_arg_start
    args = func.edge_args
    succ_start = func.block_succ_start
    # What each needed block names (branch arguments included) among the candidates;
    # in SSA a use in a block defining the value follows the def, so no block's
    # uses escape its kills.
    named: list[set[int]] = [no_values] * nb
    for b in order:
        if needed[b]:
            new = candidates.intersection(op_vreg[op_start[block_start[b]] : op_start[block_end[b]]])
            a0 = arg_start[succ_start[b]]
            a1 = arg_start[succ_start[b + 1]]
            if a0 != a1:
                new.update(candidates.intersection(args[a0:a1]))
            named[b] = new
    live = _solve_in_order(func, order, needed, named, kills, [no_values] * nb)
    for w in compress(range(nb), wanted):
        result[w] = list(live[w])
    return result


def wanted_live_in(func: Function, wanted: list[bool], order: list[int] | None = None) -> list[list[int]]:
    """Per block, the vregs live on entry to it (parameters excluded), unordered, for
    the ``wanted`` blocks only (the others come back empty); any input, SSA or not.

    ``order`` is every block in postorder (or near it; any order is exact) if the
    caller has it.  Only blocks reachable from a wanted block matter.  Each one's
    upward-exposed uses and defs come from whole-slice set operations; then
    liveness is solved in one pass in postorder, retreating edges pushed back
    until nothing changes, as in :func:`ssa_live_in`.

    >>> from regalloc.function import FunctionBuilder, define, use
    >>> from regalloc.regs import INT
    >>> fb = FunctionBuilder(); fb.ssa = False
    >>> i, n = fb.vreg(INT), fb.vreg(INT)
    >>> b0, loop, done = fb.new_block(), fb.new_block(), fb.new_block()
    >>> fb.start_block(b0); fb.op([define(i), define(n)]); fb.branch([(loop, [])])
    >>> fb.start_block(loop); fb.op([define(i), use(i), use(n)]); fb.branch([(loop, []), (done, [])])
    >>> fb.start_block(done); fb.ret([use(i)])
    >>> sorted(wanted_live_in(fb.finish(), [False, True, False])[1])
    [0, 1]
    """
    nb = func.num_blocks
    result: list[list[int]] = [[] for _ in range(nb)]
    succ_start = func.block_succ_start
    needed = _reached_from(func, wanted)
    if order is None:
        order = postorder(func)
        in_order = [False] * nb
        for b in order:
            in_order[b] = True
        order.extend(b for b in range(nb) if not in_order[b])
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    param_start = func.block_param_start
    params = func.block_params
    arg_start = func.edge_arg_start
    args = func.edge_args
    read_flags = bytes(op_kind).translate(_READ_FLAG)
    no_values: set[int] = set()
    kills: list[set[int]] = [no_values] * nb
    passed: list[set[int]] = [no_values] * nb
    exposed_in: list[set[int]] = [no_values] * nb
    for b in order:
        if not needed[b]:
            continue
        lo = op_start[block_start[b]]
        hi = op_start[block_end[b]]
        vregs = op_vreg[lo:hi]
        kinds = op_kind[lo:hi]
        kill = set(compress(vregs, kinds))  # kinds: USE 0, DEF 1, MOD 2 (read, then written)
        kill.discard(-1)
        reads = read_flags[lo:hi]
        exposed = set(compress(vregs, reads))
        exposed.discard(-1)
        both = exposed & kill
        exposed -= kill
        if both:
            # Read first if its first operand reads it, or writes it in an instruction that
            # also reads it: valid input writes a vreg through one operand per instruction,
            # so any later operand of that instruction naming it reads it.
            for v in both:
                first = lo + vregs.index(v)
                if read_flags[first] or v in op_vreg[first + 1 : op_start[bisect_right(op_start, first)]]:
                    exposed.add(v)
        if param_start[b] != param_start[b + 1]:
            # Parameters are defined on entry, before anything reads them.
            block_params = params[param_start[b] : param_start[b + 1]]
            kill.update(block_params)
            exposed.difference_update(block_params)
        kills[b] = kill
        exposed_in[b] = exposed
        # Branch arguments are read after every def: killed like the live-out values.
        passed[b] = set(args[arg_start[succ_start[b]] : arg_start[succ_start[b + 1]]])
    live = _solve_in_order(func, order, needed, passed, kills, exposed_in)
    for w in range(nb):
        if wanted[w]:
            result[w] = list(live[w])
    return result


# 1 for the operand kinds that read their vreg, else 0 (a ``bytes.translate`` table).
_READ_FLAG = bytes(1 if k in (USE, MOD) else 0 for k in range(256))


def _reached_from(func: Function, start: list[bool]) -> list[bool]:
    """Per block, whether it is reachable from a block flagged in ``start`` (or is one)."""
    succ_start = func.block_succ_start
    succs = func.block_succs
    reached = start[:]
    stack = list(compress(range(func.num_blocks), start))
    while stack:
        b = stack.pop()
        for s in succs[succ_start[b] : succ_start[b + 1]]:
            if not reached[s]:
                reached[s] = True
                stack.append(s)
    return reached


def _solve_in_order(
    func: Function,
    order: list[int],
    needed: list[bool],
    through: list[set[int]],
    kills: list[set[int]],
    exposed: list[set[int]],
) -> list[set[int]]:
    """Live-in sets of the ``needed`` blocks (successors of needed blocks are needed):
    ``(live out | through[b]) - kills[b] | exposed[b]``.  One pass in ``order`` (postorder
    settles acyclic regions; a successor not yet done is reached by a retreating edge),
    then the growth is pushed back over the retreating edges.  ``through[b]`` becomes
    block ``b``'s set."""
    succ_start = func.block_succ_start
    succs = func.block_succs
    nb = func.num_blocks
    no_values: set[int] = set()
    live: list[set[int]] = [no_values] * nb
    done = [False] * nb
    retreat_targets: list[int] = []
    is_retreat_target = [False] * nb
    for b in order:
        if not needed[b]:
            continue
        new = through[b]
        for s in succs[succ_start[b] : succ_start[b + 1]]:
            if done[s]:
                new |= live[s]
            elif not is_retreat_target[s]:
                is_retreat_target[s] = True
                retreat_targets.append(s)
        new -= kills[b]
        new |= exposed[b]
        live[b] = new
        done[b] = True
    _close_over_retreating_edges(func, retreat_targets, needed, live, kills)
    return live


def _close_over_retreating_edges(
    func: Function, retreat_targets: list[int], needed: list[bool], live: list[set[int]], kills: list[set[int]]
) -> None:
    """After a pass in postorder: what is live into a retreating edge's target is live out
    of its sources; push the growth back through predecessors (needed ones are all done),
    less each block's ``kills``, until nothing changes."""
    pending: list[set[int] | None] = [None] * func.num_blocks
    work: list[int] = []
    for h in retreat_targets:
        if live[h]:
            _push_to_predecessors(func, h, live[h], needed, live, pending, work)
    while work:
        x = work.pop()
        grown = pending[x]
        pending[x] = None
        if grown is None:
            continue
        grown -= live[x]
        grown -= kills[x]
        if grown:
            live[x] |= grown
            _push_to_predecessors(func, x, grown, needed, live, pending, work)


def _push_to_predecessors(
    func: Function,
    b: int,
    values: set[int],
    needed: list[bool],
    live: list[set[int]],
    pending: list[set[int] | None],
    work: list[int],
) -> None:
    """Add ``values`` (now live into ``b``) to what each needed predecessor of ``b`` has
    still to take in, queueing the predecessor if it had nothing pending."""
    pred_start = func.block_pred_start
    preds = func.block_preds
    for k in range(pred_start[b], pred_start[b + 1]):
        p = preds[k]
        if needed[p]:
            waiting = pending[p]
            if waiting is None:
                pending[p] = values - live[p]
                work.append(p)
            else:
                waiting |= values
