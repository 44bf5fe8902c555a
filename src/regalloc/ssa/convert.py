"""The non-SSA front end: turn a function with reassigned vregs into SSA input.

Steps, each a linear pass over flat per-block / per-instruction / per-operand lists:

1. split every critical edge with a new *edge block* holding one jump; edge
   blocks get the ids after the original blocks and their jumps the
   instruction indices after the original instructions, so every original
   block and instruction keeps its index;
2. rename along the dominator tree without any new block parameter yet:
   every def gives its vreg a new version (the first def met keeps the vreg's
   number, so an SSA input converts to itself), every use takes the version
   current there.  This is the one pass over all operands; it also notes, per
   block, the vregs it reads before defining them and those it re-defines;
3. place block parameters for the values that flow through a vreg into a
   join: only vregs defined in several blocks can need one, and only on the
   iterated dominance frontier of their defining blocks where they are live
   in (a liveness solve over just those vregs, from step 2's notes; a vreg of
   them live into the entry block has a use no definition reaches).
   Unreachable blocks, which no definition reaches, take every live-in vreg
   as a parameter;
4. repair the few names step 2 got wrong because it did not know the new
   parameters: a second walk that looks only at the vregs that got one, and
   searches a block's operands only where it reads one of them;
5. turn each ``mod`` operand into a use in its place plus a late def appended
   to the instruction, either reusing the use's register or, when the mod was
   fixed, fixed to the same register.  Appending keeps the index of every
   original operand within its instruction, so ``reuse`` constraints stay valid.

Columns the conversion does not change are shared with the original function
(functions are immutable once built).  The :class:`Conversion` remembers, per
new operand, block and vreg, what it came from;
:func:`regalloc.ssa.mapback.map_back` uses that.

>>> from regalloc.function import FunctionBuilder, define, use, modify
>>> from regalloc.regs import INT
>>> fb = FunctionBuilder(); fb.ssa = False
>>> x = fb.vreg(INT)
>>> b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
>>> fb.start_block(b0); fb.op([define(x, "reg")]); fb.branch([(b1, [])])
>>> fb.start_block(b1); fb.op([modify(x)]); fb.branch([(b1, []), (b2, [])])
>>> fb.start_block(b2); fb.ret([use(x, "reg")])
>>> conv = to_ssa(fb.finish())
>>> conv.func.num_blocks, conv.edge_pred, conv.edge_succ        # the back edge 1 -> 1 was split
(4, [1], [1])
>>> [conv.func.params_of(b) for b in range(4)], conv.func.num_vregs
([[], [1], [], []], 3)
>>> conv.func.inst_operands(2), conv.orig_operand                # the mod became a use and a reuse def
(range(1, 3), [0, 1, 1, 2])
>>> [conv.func.op_vreg[o] for o in range(4)]                     # the mod reads the parameter
[0, 1, 2, 2]
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain, compress

from regalloc.analysis.cfg import critical_edges, immediate_dominators, reverse_postorder
from regalloc.analysis.liveness import bitset_members, bitset_of, compute_liveness, solve_liveness
from regalloc.errors import ValidationError
from regalloc.function import (
    BRANCH,
    DEF,
    EARLY,
    FIXED,
    LATE,
    MOD,
    REUSE,
    STACK,
    USE,
    Function,
)


@dataclass
class Conversion:
    """A non-SSA function's SSA form and how to map back to the original.

    ``func``: the SSA function.  Blocks ``0 .. original.num_blocks - 1`` and
    instructions ``0 .. original.num_insts - 1`` are the original ones; block
    ``original.num_blocks + k`` is the edge block on the edge from
    ``edge_pred[k]`` to ``edge_succ[k]``.  Vregs ``0 .. original.num_vregs - 1``
    keep their numbers; vreg ``original.num_vregs + k`` is a new version of
    ``fresh[k]``.  ``mod_def_operand[o]``: the def appended for original mod
    operand ``o``; every other new operand is an original one, in order (so
    without mods the operands are numbered as in the original).  The
    per-operand and per-vreg maps below are built when asked for.
    """

    original: Function
    func: Function
    fresh: list[int]
    edge_pred: list[int]
    edge_succ: list[int]
    mod_def_operand: dict[int, int]

    @property
    def orig_vreg(self) -> list[int]:
        """Per new vreg the original vreg it is a version of."""
        return [*range(self.original.num_vregs), *self.fresh]

    @property
    def primary_operand(self) -> list[int]:
        """Per original operand its new operand (for a mod, its use)."""
        primary: list[int] = []
        start = 0
        for k in sorted(self.mod_def_operand.values()):
            primary += range(start, k)
            start = k + 1
        primary += range(start, self.func.num_operands)
        return primary

    @property
    def orig_operand(self) -> list[int]:
        """Per new operand the original operand it stands for (a mod's use and def both name the mod)."""
        orig = list(range(self.original.num_operands))
        for o, k in sorted(self.mod_def_operand.items(), key=lambda item: item[1]):
            orig.insert(k, o)
        return orig


def _split_critical_edges(
    func: Function,
) -> tuple[list[list[int]], list[list[list[int]]], list[int], list[int]]:
    """Per block successors and edge arguments with critical edges split.

    Returns ``(succs, args, edge_pred, edge_succ)`` over the original blocks
    followed by the edge blocks; an edge block takes over the arguments of
    the edge it splits (it defines nothing, so they mean the same there).
    """
    nb = func.num_blocks
    pred_start = func.block_pred_start
    succ_start = func.block_succ_start
    flat_succs = func.block_succs
    if func.edge_args:
        arg_start = func.edge_arg_start
        edge_args = func.edge_args
        per_edge = [edge_args[arg_start[e] : arg_start[e + 1]] for e in range(len(flat_succs))]
    else:
        per_edge = [[]] * len(flat_succs)  # one shared empty list: argument lists are never modified
    succs = [flat_succs[succ_start[b] : succ_start[b + 1]] for b in range(nb)]
    args = [per_edge[succ_start[b] : succ_start[b + 1]] for b in range(nb)]
    edge_pred: list[int] = []
    edge_succ: list[int] = []
    for b in range(nb):
        if succ_start[b + 1] - succ_start[b] < 2:
            continue
        first_args: dict[int, list[int]] = {}
        for j, s in enumerate(succs[b]):
            if first_args.setdefault(s, args[b][j]) != args[b][j]:
                # Edge edits name an edge by its two blocks, which cannot tell these apart.
                raise ValidationError(
                    f"parallel edges to block {s} pass different arguments (not supported in non-SSA input)",
                    block=b,
                    inst=func.block_inst_end[b] - 1,
                )
            if pred_start[s + 1] - pred_start[s] < 2:
                continue
            e = nb + len(edge_pred)
            edge_pred.append(b)
            edge_succ.append(s)
            succs.append([s])
            args.append([args[b][j]])
            succs[b][j] = e
            args[b][j] = []
    return succs, args, edge_pred, edge_succ


def _split_cfg(func: Function, succs: list[list[int]], num_edge_blocks: int) -> Function:
    """The control flow graph with edge blocks, as a function without instructions.

    Enough for the dominator tree and the liveness solver, and its successor
    and predecessor columns are the SSA function's.
    """
    total = func.num_blocks + num_edge_blocks
    preds: list[list[int]] = [[] for _ in range(total)]
    for b in range(total):
        for s in succs[b]:
            preds[s].append(b)
    succ_start, flat_succs = _flatten(succs)
    pred_start, flat_preds = _flatten(preds)
    return Function(
        name=func.name,
        vreg_class=[],
        entry=func.entry,
        block_inst_start=[0] * total,
        block_inst_end=[0] * total,
        block_param_start=[0] * (total + 1),
        block_params=[],
        block_succ_start=succ_start,
        block_succs=flat_succs,
        block_pred_start=pred_start,
        block_preds=flat_preds,
        edge_arg_start=[0] * (len(flat_succs) + 1),
        edge_args=[],
        inst_kind=[],
        inst_op_start=[0],
        op_vreg=[],
        op_kind=[],
        op_pos=[],
        op_con=[],
        op_arg=[],
        inst_clobber_start=[0],
        clobbers=[],
    )


def _flatten(lists: list[list[int]]) -> tuple[list[int], list[int]]:
    """``(starts, flat)``: the lists concatenated, list ``k`` at ``flat[starts[k] : starts[k + 1]]``."""
    return [0, *accumulate(map(len, lists))], list(chain.from_iterable(lists))


class _Dominators:
    """Reverse postorder and immediate dominators (the entry's and unreachable blocks': -1)."""

    def __init__(self, cfg: Function) -> None:
        self.rpo = reverse_postorder(cfg)
        self.idom = immediate_dominators(cfg, self.rpo)
        if self.rpo:
            self.idom[self.rpo[0]] = -1
        self.reachable = [False] * cfg.num_blocks
        for b in self.rpo:
            self.reachable[b] = True


def _walk(dom: _Dominators, total: int) -> list[int]:
    """Dominator-tree preorder as events: ``b`` enters block ``b``, ``~b`` leaves its subtree.

    Unreachable blocks follow, each a tree of its own (nothing dominates them).
    """
    children: list[list[int]] = [[] for _ in range(total)]
    for b in dom.rpo:
        if dom.idom[b] >= 0:
            children[dom.idom[b]].append(b)
    events: list[int] = []
    stack = dom.rpo[:1]
    while stack:
        b = stack.pop()
        events.append(b)
        if b < 0:
            continue
        stack.append(~b)
        stack.extend(reversed(children[b]))
    for b in range(total):
        if not dom.reachable[b]:
            events.append(b)
            events.append(~b)
    return events


@dataclass
class _Renaming:
    """What the first renaming walk produced (see :func:`_rename`)."""

    new_vreg: list[int]
    """Per original operand its new vreg (a mod: its use's)."""
    mod_name: dict[int, int]
    """Per mod operand with a vreg: the new vreg its def defines."""
    fresh: list[int]
    """The original vreg of new vreg ``num_vregs + k`` at ``k``."""
    param_name: list[int]
    """Per original block parameter (index into ``block_params``): its new vreg."""
    arg_names: dict[int, list[list[int]]]
    """Per block passing branch arguments, per successor: their new vregs (others pass none)."""
    exposed: list[int]
    """Per block, the vregs it reads before defining them, at ``exposed_start[b] : exposed_end[b]``."""
    exposed_start: list[int]
    exposed_end: list[int]
    first_block: list[int]
    """Per vreg the block of its first def in the walk (-1: none); that def keeps the vreg's number."""
    fresh_start: list[int]
    """Every other def gets the next new vreg: block ``b``'s are ``num_vregs + k`` for ``k`` in
    ``fresh_start[b] .. fresh_end[b] - 1``, in order (so ``fresh`` there lists the vregs it redefines)."""
    fresh_end: list[int]
    mods: list[int]
    """The ``mod`` operands of reachable and unreachable blocks alike, ascending."""


def _undo_to(mark: int, undo: list[int], current: list[int]) -> None:
    """Leave a dominator-tree subtree: restore the versions noted in ``undo`` (flattened
    ``(vreg, previous version)`` pairs) beyond ``mark``."""
    while len(undo) > mark:
        previous = undo.pop()
        current[undo.pop()] = previous


def _rename(func: Function, events: list[int], args: list[list[list[int]]]) -> _Renaming:
    """Step 2: version every def and name every use along the dominator tree, without new parameters.

    The hot loop of the conversion: one pass over the operands, flat lists
    only.  ``current[v]`` is the version of ``v`` at the walk's position (an
    undo log restores it when the walk leaves a subtree); it starts as ``v``
    itself, the name the first def keeps, so a first def changes nothing.
    An instruction's defs take effect after all its uses, so they wait in
    ``pending`` until the walk passes the instruction's end.  Block
    parameters act as def operands numbered after the real ones (operand
    ``num_operands + k`` is parameter ``k``), waiting from the block's start.
    """
    nb = func.num_blocks
    total = len(args)
    nv = func.num_vregs
    nops = func.num_operands
    block_params = func.block_params
    # The new vregs, starting as the old ones, then the parameters, then one
    # entry more, so that a block's slice through one past its end is full length.
    new_vreg = [*func.op_vreg, *block_params, -1]
    kinds = func.op_kind + [DEF] * len(block_params)
    kinds.append(USE)
    op_start = func.inst_op_start
    block_inst_start = func.block_inst_start
    block_inst_end = func.block_inst_end
    param_start = func.block_param_start
    current = [*range(nv), -1]  # the vreg -1 of a vreg-less operand reads as -1
    first_block = [-1] * nv
    # Visit number of the block that last defined v or read it before defining it.
    seen = [0] * (nv + 1)
    mod_name: dict[int, int] = {}
    # A mod's use is renamed at the end, so that ``new_vreg`` holds the old
    # vreg of every def until its instruction's end.
    mod_use: dict[int, int] = {}
    fresh: list[int] = []
    arg_names: dict[int, list[list[int]]] = {}
    exposed: list[int] = []
    exposed_start = [0] * total
    exposed_end = [0] * total
    fresh_start = [0] * total
    fresh_end = [0] * total
    undo: list[int] = []  # pairs (vreg, previous version), flattened
    marks: list[int] = []
    pending: list[int] = []
    use_kind = USE  # locals read faster than globals in the hot loop
    def_kind = DEF
    t = 0
    for b in events:
        if b < 0:
            _undo_to(marks.pop(), undo, current)
            continue
        marks.append(len(undo))
        t += 1
        exposed_start[b] = len(exposed)
        fresh_start[b] = len(fresh)
        if b < nb:
            if param_start[b + 1] > param_start[b]:
                pending += range(nops + param_start[b], nops + param_start[b + 1])
            lo = op_start[block_inst_start[b]]
            end = op_start[block_inst_end[b]]
            # A boundary at the block's start defines the parameters first, one
            # at its end (the extra operand ``end``) the last instruction's defs.
            i = block_inst_start[b] - 1
            nxt = lo
            for o, v, kind in zip(range(lo, end + 1), new_vreg[lo : end + 1], kinds[lo : end + 1], strict=False):
                if o >= nxt:
                    if pending:
                        for d in pending:
                            w = new_vreg[d]
                            if w < 0:
                                continue
                            seen[w] = t
                            if first_block[w] < 0:
                                first_block[w] = b
                                continue
                            name = nv + len(fresh)
                            fresh.append(w)
                            undo.append(w)
                            undo.append(current[w])
                            current[w] = name
                            if kinds[d] == def_kind:
                                new_vreg[d] = name
                            else:
                                mod_name[d] = name
                        pending.clear()
                    if o == end:
                        break
                    i += 1
                    nxt = op_start[i + 1]
                    while o >= nxt:
                        i += 1
                        nxt = op_start[i + 1]
                if kind == use_kind:
                    new_vreg[o] = current[v]
                    if seen[v] != t:
                        seen[v] = t
                        exposed.append(v)
                elif kind == def_kind:
                    pending.append(o)
                else:
                    mod_use[o] = current[v]
                    if seen[v] != t:
                        seen[v] = t
                        exposed.append(v)
                    pending.append(o)
        if any(args[b]):
            arg_names[b] = [[current[v] for v in passed] for passed in args[b]]
        exposed_end[b] = len(exposed)
        fresh_end[b] = len(fresh)
    for o, name in mod_use.items():
        new_vreg[o] = name
    param_name = new_vreg[nops : nops + len(block_params)]
    del new_vreg[nops:]
    mods = sorted(mod_use)
    return _Renaming(
        new_vreg=new_vreg,
        mod_name=mod_name,
        fresh=fresh,
        param_name=param_name,
        arg_names=arg_names,
        exposed=exposed,
        exposed_start=exposed_start,
        exposed_end=exposed_end,
        first_block=first_block,
        fresh_start=fresh_start,
        fresh_end=fresh_end,
        mods=mods,
    )


def _dominance_frontiers(split: Function, dom: _Dominators) -> list[list[int]]:
    """Per block its dominance frontier (reachable blocks only; Cooper, Harvey and Kennedy)."""
    nb = split.num_blocks
    idom = dom.idom
    frontier: list[list[int]] = [[] for _ in range(nb)]
    last_added = [-1] * nb
    for b in dom.rpo:
        lo = split.block_pred_start[b]
        hi = split.block_pred_start[b + 1]
        if hi - lo < 2 and b != split.entry:
            continue
        stop = idom[b]
        for k in range(lo, hi):
            runner = split.block_preds[k]
            if not dom.reachable[runner]:
                continue
            while runner != stop and runner >= 0:
                if last_added[runner] != b:
                    last_added[runner] = b
                    frontier[runner].append(b)
                runner = idom[runner]
    return frontier


def _place_params(
    func: Function, cfg: Function, dom: _Dominators, ren: _Renaming, args: list[list[list[int]]]
) -> list[list[int]]:
    """Step 3: per block, the original vregs that need a new block parameter there (ascending).

    A vreg defined in a single reachable block never needs one in a valid
    function: a block where it is live in must be reached through that block
    on every path, so that block dominates it.  Nor does a vreg no block reads
    before defining it (it is live in nowhere).  The rest get the pruned
    iterated dominance frontier of their defining blocks.
    """
    total = len(args)
    needed: list[list[int]] = [[] for _ in range(total)]
    multi_block = set(ren.fresh)
    tracked = multi_block.intersection(ren.exposed)
    passing = [b for b in range(total) if any(args[b])]
    for b in passing:
        for passed in args[b]:
            tracked.update(multi_block.intersection(passed))
    if tracked:
        tracked_list = sorted(tracked)
        position = {v: k for k, v in enumerate(tracked_list)}
        exposed = ren.exposed
        fresh = ren.fresh
        defining_blocks: dict[int, list[int]] = {}
        gen = [0] * total
        kill = [0] * total
        for v in tracked_list:
            b = ren.first_block[v]
            defining_blocks[v] = [b]
            kill[b] |= 1 << position[v]
        exposed_start = ren.exposed_start
        exposed_end = ren.exposed_end
        fresh_start = ren.fresh_start
        fresh_end = ren.fresh_end
        for b in range(total):
            if exposed_end[b] > exposed_start[b]:
                bits = 0
                for v in tracked.intersection(exposed[exposed_start[b] : exposed_end[b]]):
                    bits |= 1 << position[v]
                gen[b] = bits
            if fresh_end[b] > fresh_start[b]:
                bits = kill[b]
                for v in tracked.intersection(fresh[fresh_start[b] : fresh_end[b]]):
                    bits |= 1 << position[v]
                    defining_blocks[v].append(b)
                kill[b] = bits
        edge_uses = [0] * len(cfg.block_succs)
        succ_start = cfg.block_succ_start
        for b in passing:
            for j, passed in enumerate(args[b]):
                if passed:
                    bits = 0
                    for v in tracked.intersection(passed):
                        bits |= 1 << position[v]
                    edge_uses[succ_start[b] + j] = bits
        live_in = solve_liveness(cfg, gen, kill, edge_uses)[0]
        if live_in[cfg.entry]:
            _raise_undefined_use(func, tracked_list[bitset_members(live_in[cfg.entry])[0]])
        # Parameters only go to join blocks, so only vregs live into one need the IDF.
        live_at_joins = 0
        pred_start = cfg.block_pred_start
        for b in dom.rpo:
            if pred_start[b + 1] - pred_start[b] > 1:
                live_at_joins |= live_in[b]
        candidates = [tracked_list[k] for k in bitset_members(live_at_joins)]
        if candidates:
            frontier = _dominance_frontiers(cfg, dom)
            has_params = bool(func.block_params)
            # Stamps (vreg + 1) instead of per-vreg sets: "already in the IDF" / "already queued".
            in_idf = [0] * total
            queued = [0] * total
            for v in candidates:
                blocks = defining_blocks[v]
                stamp = v + 1
                bit = position[v]
                work = list(blocks)
                for b in blocks:
                    queued[b] = stamp
                while work:
                    x = work.pop()
                    for y in frontier[x]:
                        if in_idf[y] == stamp:
                            continue
                        in_idf[y] = stamp
                        if (live_in[y] >> bit) & 1 and not (
                            has_params and y < func.num_blocks and v in func.params_of(y)
                        ):
                            needed[y].append(v)
                        if queued[y] != stamp:
                            queued[y] = stamp
                            work.append(y)
    if len(dom.rpo) < total:
        # No definition reaches an unreachable block: all its live-in vregs are parameters.
        nb = func.num_blocks
        all_live_in = compute_liveness(func)[0]
        for b in range(total):
            if dom.reachable[b]:
                continue
            if b < nb:
                live = all_live_in[b]
                existing = func.params_of(b)
            else:
                live = all_live_in[cfg.block_succs[cfg.block_succ_start[b]]] | bitset_of(args[b][0])
                existing = []
            needed[b] = [v for v in bitset_members(live) if v not in existing]
    return needed



def _raise_undefined_use(func: Function, v: int) -> None:
    """Report a use of ``v`` that no definition reaches, naming it when the validator finds it."""
    from regalloc.validate import check_reaching_definitions

    check_reaching_definitions(func)
    raise ValidationError(f"v{v} is read on some path from the entry before any definition")


def _occurrences(op_vreg: list[int], v: int, lo: int, hi: int) -> list[int]:
    """The operands in ``lo .. hi - 1`` naming ``v``, ascending (C-level scans)."""
    found: list[int] = []
    for _ in range(op_vreg[lo:hi].count(v)):
        lo = op_vreg.index(v, lo, hi)
        found.append(lo)
        lo += 1
    return found


def _original_params(func: Function, ren: _Renaming, total: int) -> list[list[int]]:
    """Per block the new vregs of its original parameters (edge blocks have none)."""
    if not func.block_params:
        return [[] for _ in range(total)]
    starts = func.block_param_start
    names = ren.param_name
    return [names[starts[b] : starts[b + 1]] for b in range(func.num_blocks)] + [
        [] for _ in range(total - func.num_blocks)
    ]


def _repair(
    func: Function,
    cfg: Function,
    events: list[int],
    ren: _Renaming,
    needed: list[list[int]],
    succs: list[list[int]],
    args: list[list[list[int]]],
    edge_pred: list[int],
) -> list[list[int]]:
    """Step 4: name the new parameters and correct the names of their vregs; per block its parameters.

    Only vregs with a new parameter can have a wrong name from step 2.  A
    walk like step 2's tracks just those: in each block it renames their uses
    before the block's first def of them, takes the version its last def
    leaves, and renames them in branch arguments; new parameters get their
    arguments.  Blocks are searched for these vregs, not walked operand by operand.
    """
    nb = func.num_blocks
    total = len(args)
    nv = func.num_vregs
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_start = func.inst_op_start
    param_start = func.block_param_start
    block_params = func.block_params
    pred_start = cfg.block_pred_start
    preds = cfg.block_preds
    new_vreg = ren.new_vreg
    fresh = ren.fresh
    new_params = _original_params(func, ren, total)
    # Blocks passing arguments to a new parameter.
    feeds_new_param = [False] * total
    for b in range(total):
        if needed[b]:
            new_params[b] += range(nv + len(fresh), nv + len(fresh) + len(needed[b]))
            fresh += needed[b]
            for k in range(pred_start[b], pred_start[b + 1]):
                feeds_new_param[preds[k]] = True
    repaired = {v for vregs in needed for v in vregs}
    # Per block, the repaired vregs whose first def (which keeps the vreg's number) it holds.
    first_defined: dict[int, list[int]] = {}
    for v in repaired:
        if ren.first_block[v] >= 0:
            first_defined.setdefault(ren.first_block[v], []).append(v)
    current = [-1] * (nv + 1)
    undo: list[int] = []
    marks: list[int] = []
    for b in events:
        if b < 0:
            _undo_to(marks.pop(), undo, current)
            continue
        marks.append(len(undo))
        if b < nb and param_start[b + 1] > param_start[b]:
            for k in range(param_start[b], param_start[b + 1]):
                v = block_params[k]
                if v in repaired:
                    undo.append(v)
                    undo.append(current[v])
                    current[v] = ren.param_name[k]
        if needed[b]:
            first_new = len(new_params[b]) - len(needed[b])
            for v, name in zip(needed[b], new_params[b][first_new:], strict=True):
                undo.append(v)
                undo.append(current[v])
                current[v] = name
        if b < nb:
            read = repaired.intersection(ren.exposed[ren.exposed_start[b] : ren.exposed_end[b]])
            if read:
                lo = op_start[func.block_inst_start[b]]
                hi = op_start[func.block_inst_end[b]]
                kinds = op_kind[lo:hi]
                first_def = dict(
                    zip(
                        reversed(list(compress(op_vreg[lo:hi], kinds))),
                        reversed(list(compress(range(lo, hi), kinds))),
                        strict=True,
                    )
                )
                for v in read:
                    name = current[v]
                    if name < 0:
                        _raise_undefined_use(func, v)
                    # Uses up to the end of the instruction of the block's first def of v read the entry version.
                    d = first_def.get(v, -1)
                    stop = hi if d < 0 else op_start[bisect_right(op_start, d)]
                    for o in _occurrences(op_vreg, v, lo, stop):
                        if op_kind[o] != DEF:
                            new_vreg[o] = name
            # The block leaves the version of its last def of each vreg: the first def's, then re-definitions in order.
            for v in first_defined.get(b, ()):
                undo.append(v)
                undo.append(current[v])
                current[v] = v
            redefined = fresh[ren.fresh_start[b] : ren.fresh_end[b]]
            if not repaired.isdisjoint(redefined):
                for k, v in enumerate(redefined, nv + ren.fresh_start[b]):
                    if v in repaired:
                        undo.append(v)
                        undo.append(current[v])
                        current[v] = k
        per_succ = ren.arg_names.get(b)
        if per_succ is None:
            if not feeds_new_param[b]:
                continue
            per_succ = [[] for _ in succs[b]]
            ren.arg_names[b] = per_succ
        for j, succ in enumerate(succs[b]):
            names = per_succ[j]
            for k, v in enumerate(args[b][j]):
                if v in repaired:
                    names[k] = current[v]
            for v in needed[succ]:
                if current[v] < 0:
                    raise ValidationError(
                        f"v{v} flows into block {succ} but has no reaching definition on some path from the entry",
                        block=b if b < nb else edge_pred[b - nb],
                        inst=func.block_inst_end[b] - 1 if b < nb else -1,
                    )
                names.append(current[v])
    return new_params


def _number_in_walk_order(
    nv: int, events: list[int], ren: _Renaming, needed: list[list[int]], new_params: list[list[int]]
) -> None:
    """Renumber the new vregs in the order the walk meets them, new parameters included.

    Step 4 numbered the new parameters after every other new vreg; this puts
    each block's new parameters before its re-definitions, so the numbering
    is the one a single walk knowing the parameters in advance would give.
    (Allocators break ties by vreg number, so the order is kept stable.)
    Re-definitions keep their relative order and move up by the number of
    new parameters of the blocks the walk met up to theirs.
    """
    fresh = ren.fresh
    num_defs = len(fresh) - sum(len(vregs) for vregs in needed)  # re-definitions, then new parameters
    remap = [*range(nv + len(fresh)), -1]  # the extra entry keeps the vreg -1 of vreg-less operands
    new_fresh = [0] * len(fresh)
    placed = 0  # new parameters numbered so far
    done = 0  # re-definitions numbered so far
    for b in events:
        if b < 0 or not needed[b]:
            continue
        start = ren.fresh_start[b]
        remap[nv + done : nv + start] = range(nv + done + placed, nv + start + placed)
        new_fresh[done + placed : start + placed] = fresh[done:start]
        done = start
        first = len(new_params[b]) - len(needed[b])
        for j, name in enumerate(new_params[b][first:]):
            remap[name] = nv + start + placed + j
            new_fresh[start + placed + j] = needed[b][j]
        placed += len(needed[b])
    remap[nv + done : nv + num_defs] = range(nv + done + placed, nv + num_defs + placed)
    new_fresh[done + placed :] = fresh[done:num_defs]
    fresh[:] = new_fresh
    ren.new_vreg = list(map(remap.__getitem__, ren.new_vreg))
    for o, name in ren.mod_name.items():
        ren.mod_name[o] = remap[name]
    for names in new_params:
        names[:] = [remap[n] for n in names]
    for per_succ in ren.arg_names.values():
        for names in per_succ:
            names[:] = [remap[n] for n in names]




def _check_mod(func: Function, b: int, i: int, o: int) -> None:
    """A mod with a vreg must be convertible: not on the stack, its vreg named by no other operand."""
    lo = func.inst_op_start[i]
    if func.op_con[o] == STACK:
        raise ValidationError(
            "a mod operand constrained to the stack is not supported", block=b, inst=i, operand=o - lo
        )
    v = func.op_vreg[o]
    for other in range(lo, func.inst_op_start[i + 1]):
        if other != o and func.op_vreg[other] == v:
            raise ValidationError(
                f"v{v} is modified by operand {o - lo} and also named by operand {other - lo}; "
                "read it through the mod alone",
                block=b,
                inst=i,
                operand=o - lo,
            )


def to_ssa(func: Function) -> Conversion:
    """Convert non-SSA ``func`` (validated) into SSA allocator input.

    Raises :class:`ValidationError` for what has no SSA form here: a ``mod``
    operand constrained to the stack, a vreg both modified and read by one
    instruction, or parallel edges (one branch naming a block twice) that pass
    different arguments; and for uses that no definition reaches of vregs
    defined in several blocks (run :func:`regalloc.validate.validate` first:
    it finds them all).
    """
    nb = func.num_blocks
    succs, args, edge_pred, edge_succ = _split_critical_edges(func)
    n_edge = len(edge_pred)
    total = nb + n_edge
    cfg = _split_cfg(func, succs, n_edge) if n_edge else func
    dom = _Dominators(cfg)
    events = _walk(dom, total)
    ren = _rename(func, events, args)
    all_mods = ren.mods
    for o in all_mods:
        if func.op_vreg[o] >= 0:
            i = _inst_of(func, o)
            _check_mod(func, func.inst_block[i], i, o)
    for o in all_mods:
        if func.op_vreg[o] >= 0:
            # The walk names only re-definitions; a first def keeps the vreg's number.
            ren.mod_name.setdefault(o, func.op_vreg[o])
    needed = _place_params(func, cfg, dom, ren, args)
    if any(needed):
        new_params = _repair(func, cfg, events, ren, needed, succs, args, edge_pred)
        _number_in_walk_order(func.num_vregs, events, ren, needed, new_params)
    else:
        new_params = _original_params(func, ren, total)

    columns = _rewrite_mods(func, ren.new_vreg, ren.mod_name, all_mods, n_edge)
    fresh = ren.fresh
    vreg_class = func.vreg_class + list(map(func.vreg_class.__getitem__, fresh))
    remat: dict[int, str] = {}
    if func.remat:
        remat = dict(func.remat)
        nv = func.num_vregs
        for k, v in enumerate(fresh):
            if v in func.remat:
                remat[nv + k] = func.remat[v]
    per_edge: list[list[int]] = [[]] * len(cfg.block_succs)
    for b, names in ren.arg_names.items():
        first = cfg.block_succ_start[b]
        per_edge[first : first + len(names)] = names
    ssa_func = _assemble(func, cfg, columns, vreg_class, _flatten(new_params), _flatten(per_edge), remat, ssa=True)
    return Conversion(
        original=func,
        func=ssa_func,
        fresh=fresh,
        edge_pred=edge_pred,
        edge_succ=edge_succ,
        mod_def_operand=columns.mod_def,
    )


def lower_non_ssa(func: Function) -> Conversion:
    """The light front end for allocators that take non-SSA input themselves.

    Only steps 1 and 5 of :func:`to_ssa`: critical edges are split with edge
    blocks and each ``mod`` becomes a use plus a late def of the *same* vreg
    (reusing the use's register, or fixed to the same one).  Vregs keep their
    names and may still be defined many times (``ssa`` stays false), so there
    is no renaming and no parameter placement.  The result maps back with
    :func:`regalloc.ssa.mapback.map_back` like a full conversion.  Raises
    :class:`ValidationError` for the same unconvertible mods and parallel
    edges as :func:`to_ssa`.

    >>> from regalloc.function import FunctionBuilder, define, use, modify
    >>> from regalloc.regs import INT
    >>> fb = FunctionBuilder(); fb.ssa = False
    >>> x = fb.vreg(INT)
    >>> fb.start_block(fb.new_block())
    >>> fb.op([define(x, "reg")]); fb.op([modify(x)]); fb.ret([use(x, "reg")])
    >>> low = lower_non_ssa(fb.finish()).func
    >>> low.ssa, low.op_vreg, [low.op_kind[o] for o in low.inst_operands(1)]
    (False, [0, 0, 0, 0], [0, 1])
    """
    if critical_edges(func):
        succs, args, edge_pred, edge_succ = _split_critical_edges(func)
        n_edge = len(edge_pred)
        cfg = _split_cfg(func, succs, n_edge)
        arg_columns = _flatten([arguments for per_block in args for arguments in per_block])
    else:
        # Nothing to split (the usual case): the edges and their arguments stay as they are.
        edge_pred, edge_succ = [], []
        n_edge = 0
        cfg = func
        arg_columns = (func.edge_arg_start, func.edge_args)
    kinds = bytes(func.op_kind)
    all_mods: list[int] = []
    o = kinds.find(MOD)
    while o >= 0:
        all_mods.append(o)
        o = kinds.find(MOD, o + 1)
    op_vreg = func.op_vreg
    mod_name: dict[int, int] = {}
    for o in all_mods:
        if op_vreg[o] >= 0:
            i = _inst_of(func, o)
            _check_mod(func, func.inst_block[i], i, o)
            mod_name[o] = op_vreg[o]
    columns = _rewrite_mods(func, op_vreg, mod_name, all_mods, n_edge)
    param_start = func.block_param_start
    if n_edge:
        param_start = param_start + [len(func.block_params)] * n_edge  # edge blocks have none
    param_columns = (param_start, func.block_params)
    lowered = _assemble(func, cfg, columns, func.vreg_class, param_columns, arg_columns, dict(func.remat), ssa=False)
    return Conversion(
        original=func,
        func=lowered,
        fresh=[],
        edge_pred=edge_pred,
        edge_succ=edge_succ,
        mod_def_operand=columns.mod_def,
    )


@dataclass
class _OperandColumns:
    """The operand columns after step 5 (see :func:`_rewrite_mods`)."""

    op_start: list[int]
    vreg: list[int]
    kind: list[int]
    pos: list[int]
    con: list[int]
    arg: list[int]
    mod_def: dict[int, int]
    """Per original mod operand with a vreg: its appended def operand."""


def _rewrite_mods(
    func: Function, new_vreg: list[int], mod_name: dict[int, int], all_mods: list[int], n_edge: int
) -> _OperandColumns:
    """Step 5: each mod with a vreg becomes a use in place plus a late def of ``mod_name[o]``
    appended to its instruction; a vreg-less mod becomes an early def of its fixed register.

    ``new_vreg`` is the per-operand vreg column to use; ``n_edge`` edge blocks'
    empty jumps follow the original instructions.
    """
    op_start = func.inst_op_start
    op_kind = func.op_kind
    op_pos = func.op_pos
    op_con = func.op_con
    op_arg = func.op_arg
    nops = func.num_operands
    mods = [o for o in all_mods if func.op_vreg[o] >= 0]
    mod_def: dict[int, int] = {}  # original mod operand -> its new def operand
    if not all_mods:
        # Nothing changes but the vregs: share the other operand columns.
        shared_start = op_start + [nops] * n_edge if n_edge else op_start
        return _OperandColumns(shared_start, new_vreg, op_kind, op_pos, op_con, op_arg, mod_def)
    # Copy the operands between mods in whole slices; after each mod's
    # instruction, append its def (later operands shift by one per def).
    new_op_start: list[int] = []
    vregs: list[int] = []
    new_kind: list[int] = []
    new_pos: list[int] = []
    new_con: list[int] = []
    new_arg: list[int] = []
    done_inst = 0
    shift = 0
    inst_shift = 0  # the shift of the current instruction's own operands
    for o in mods:
        i = _inst_of(func, o)
        lo = op_start[i]
        hi = op_start[i + 1]
        if i >= done_inst:
            new_op_start += map(shift.__add__, op_start[done_inst : i + 1])
            start = op_start[done_inst]
            vregs += new_vreg[start:hi]
            new_kind += op_kind[start:hi]
            new_pos += op_pos[start:hi]
            new_con += op_con[start:hi]
            new_arg += op_arg[start:hi]
            done_inst = i + 1
            inst_shift = shift
        k = o + inst_shift
        new_kind[k] = USE
        new_pos[k] = EARLY
        mod_def[o] = len(vregs)
        vregs.append(mod_name[o])
        new_kind.append(DEF)
        new_pos.append(LATE)
        if op_con[o] == FIXED:
            new_con.append(FIXED)
            new_arg.append(op_arg[o])
        else:
            new_con.append(REUSE)
            new_arg.append(o - lo)
        shift += 1
    new_op_start += map(shift.__add__, op_start[done_inst:])
    start = op_start[done_inst]
    vregs += new_vreg[start:]
    new_kind += op_kind[start:]
    new_pos += op_pos[start:]
    new_con += op_con[start:]
    new_arg += op_arg[start:]
    new_op_start += [len(vregs)] * n_edge
    for o in all_mods:
        if func.op_vreg[o] < 0:
            # A vreg-less mod destroys its fixed register over the whole instruction.
            first = op_start[_inst_of(func, o)]
            k = o + sum(1 for d in mods if d < first)
            new_kind[k] = DEF
            new_pos[k] = EARLY
    return _OperandColumns(new_op_start, vregs, new_kind, new_pos, new_con, new_arg, mod_def)


def _assemble(
    func: Function,
    cfg: Function,
    columns: _OperandColumns,
    vreg_class: list[int],
    params: tuple[list[int], list[int]],
    args: tuple[list[int], list[int]],
    remat: dict[int, str],
    *,
    ssa: bool,
) -> Function:
    """The converted function: ``func``'s instructions with ``columns``, then one empty
    jump per edge block; ``cfg``'s edges; the block parameters and edge arguments as
    ``(starts, flat)`` columns (see :func:`_flatten`)."""
    param_start, flat_params = params
    arg_start, edge_args = args
    ni = func.num_insts
    n_edge = cfg.num_blocks - func.num_blocks
    return Function(
        name=func.name,
        vreg_class=vreg_class,
        entry=func.entry,
        block_inst_start=func.block_inst_start + list(range(ni, ni + n_edge)) if n_edge else func.block_inst_start,
        block_inst_end=func.block_inst_end + list(range(ni + 1, ni + n_edge + 1)) if n_edge else func.block_inst_end,
        block_param_start=param_start,
        block_params=flat_params,
        block_succ_start=cfg.block_succ_start,
        block_succs=cfg.block_succs,
        block_pred_start=cfg.block_pred_start,
        block_preds=cfg.block_preds,
        edge_arg_start=arg_start,
        edge_args=edge_args,
        inst_kind=func.inst_kind + [BRANCH] * n_edge if n_edge else func.inst_kind,
        inst_op_start=columns.op_start,
        op_vreg=columns.vreg,
        op_kind=columns.kind,
        op_pos=columns.pos,
        op_con=columns.con,
        op_arg=columns.arg,
        inst_clobber_start=(
            func.inst_clobber_start + [len(func.clobbers)] * n_edge if n_edge else func.inst_clobber_start
        ),
        clobbers=func.clobbers,
        remat=remat,
        callee_saved=None if func.callee_saved is None else list(func.callee_saved),
        mnemonics=None if func.mnemonics is None else func.mnemonics + ["jump"] * n_edge,
        ssa=ssa,
    )


def _inst_of(func: Function, o: int) -> int:
    """The instruction holding operand ``o``."""
    return bisect_right(func.inst_op_start, o) - 1
