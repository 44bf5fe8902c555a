"""The non-SSA front end: turn a function with reassigned vregs into SSA input.

Steps, each on flat per-block / per-instruction lists:

1. split every critical edge with a new *edge block* holding one jump; edge
   blocks get the ids after the original blocks and their jumps the
   instruction indices after the original instructions, so every original
   block and instruction keeps its index;
2. place block parameters for the values that flow through a vreg into a
   block: on the iterated dominance frontier of the vreg's defining blocks,
   pruned to the blocks where the vreg is live in (unreachable blocks, which
   no definition reaches, take every live-in vreg as a parameter);
3. rename along the dominator tree: every def (and block parameter) gets a
   fresh vreg, every use the one currently reaching it;
4. turn each ``mod`` operand into a use in its place plus a late def appended
   to the instruction, either reusing the use's register or, when the mod was
   fixed, fixed to the same register.  Appending keeps the index of every
   original operand within its instruction, so ``reuse`` constraints stay valid.

The :class:`Conversion` remembers, per new operand, block and vreg, what it
came from; :func:`regalloc.ssa.mapback.map_back` uses that.

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
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from regalloc.analysis.cfg import DomTree
from regalloc.analysis.liveness import compute_liveness, solve_liveness
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
    function_from_lists,
)


@dataclass
class Conversion:
    """A non-SSA function's SSA form and how to map back to the original.

    ``func``: the SSA function.  Blocks ``0 .. original.num_blocks - 1`` and
    instructions ``0 .. original.num_insts - 1`` are the original ones; block
    ``original.num_blocks + k`` is the edge block on the edge from
    ``edge_pred[k]`` to ``edge_succ[k]``.  ``orig_operand[o]``: the original
    operand new operand ``o`` stands for (a mod's use and def both name the
    mod).  ``primary_operand[o]``: the new operand of original operand ``o``
    (for a mod, its use).  ``orig_vreg[v]``: the original vreg new vreg ``v``
    is a version of.  ``mod_def_operand[o]``: the appended def of original
    mod operand ``o``.
    """

    original: Function
    func: Function
    orig_operand: list[int]
    primary_operand: list[int]
    orig_vreg: list[int]
    edge_pred: list[int]
    edge_succ: list[int]
    mod_def_operand: dict[int, int]


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
    succs: list[list[int]] = [func.succs_of(b) for b in range(nb)]
    args: list[list[list[int]]] = [[func.branch_args(b, j) for j in range(len(succs[b]))] for b in range(nb)]
    edge_pred: list[int] = []
    edge_succ: list[int] = []
    for b in range(nb):
        if len(succs[b]) < 2:
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


def _skeleton(
    func: Function, succs: list[list[int]], args: list[list[list[int]]], num_edge_blocks: int
) -> Function:
    """The original function with edge blocks (one operand-less jump each) appended."""
    nb = func.num_blocks
    ni = func.num_insts
    total = nb + num_edge_blocks
    preds: list[list[int]] = [[] for _ in range(total)]
    for b in range(total):
        for s in succs[b]:
            preds[s].append(b)
    ranges = [(func.block_inst_start[b], func.block_inst_end[b]) for b in range(nb)]
    ranges += [(ni + k, ni + k + 1) for k in range(num_edge_blocks)]
    nops = func.num_operands
    ncl = len(func.clobbers)
    return function_from_lists(
        name=func.name,
        vreg_class=func.vreg_class,
        entry=func.entry,
        block_ranges=ranges,
        block_params=[func.params_of(b) for b in range(nb)] + [[] for _ in range(num_edge_blocks)],
        block_succs=succs,
        block_preds=preds,
        edge_args=args,
        inst_kind=func.inst_kind + [BRANCH] * num_edge_blocks,
        inst_op_start=func.inst_op_start + [nops] * num_edge_blocks,
        op_columns=(func.op_vreg, func.op_kind, func.op_pos, func.op_con, func.op_arg),
        inst_clobber_start=func.inst_clobber_start + [ncl] * num_edge_blocks,
        clobbers=func.clobbers,
        ssa=False,
    )


def _dominance_frontiers(split: Function, dom: DomTree) -> list[list[int]]:
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
            if dom.pre[runner] < 0:
                continue
            while runner != stop and runner >= 0:
                if last_added[runner] != b:
                    last_added[runner] = b
                    frontier[runner].append(b)
                runner = idom[runner]
    return frontier


def _place_params(split: Function, dom: DomTree) -> tuple[list[list[int]], list[bool]]:
    """Per block, the original vregs that need a new block parameter there
    (ascending); and per vreg whether it gets several versions.

    A vreg defined in a single reachable block never needs one in a valid
    function: a block where it is live in must be reached through that block
    on every path, so that block dominates it.  Only vregs with several
    defining blocks go through the iterated dominance frontier.  A vreg with
    one definition and no new parameter keeps its number everywhere; the
    ``versioned`` list has one more entry, false, so that indexing it with the
    vreg ``-1`` of a vreg-less operand reads false.
    """
    nb = split.num_blocks
    nv = split.num_vregs
    first_block = [-1] * nv
    versioned = [False] * (nv + 1)
    multi: dict[int, list[int]] = {}
    op_start = split.inst_op_start
    op_vreg = split.op_vreg
    op_kind = split.op_kind
    param_start = split.block_param_start
    block_params = split.block_params
    has_params = False
    for b in dom.rpo:
        defined = [block_params[k] for k in range(param_start[b], param_start[b + 1])]
        if defined:
            has_params = True
        lo = op_start[split.block_inst_start[b]]
        hi = op_start[split.block_inst_end[b]]
        defined += [op_vreg[o] for o in range(lo, hi) if op_kind[o] != USE and op_vreg[o] >= 0]
        for v in defined:
            first = first_block[v]
            if first < 0:
                first_block[v] = b
                continue
            versioned[v] = True
            if first != b:
                blocks = multi.get(v)
                if blocks is None:
                    multi[v] = [first, b]
                elif blocks[-1] != b:
                    blocks.append(b)
    needed: list[list[int]] = [[] for _ in range(nb)]
    # Liveness bit position[v] tracks vreg v (-1: not tracked; the extra last
    # entry serves the vreg -1 of vreg-less operands).  Unreachable blocks need
    # every vreg's liveness; otherwise only vregs defined in several blocks matter.
    unreachable = len(dom.rpo) < nb
    if unreachable:
        position = [*range(nv), -1]
        live_in = compute_liveness(split)[0]
    elif multi:
        position = [-1] * (nv + 1)
        tracked = sorted(multi)
        for k, v in enumerate(tracked):
            position[v] = k
        live_in = _live_in_of(split, position)
    else:
        return needed, versioned
    # Parameters only go to join blocks, so only vregs live into one need the IDF.
    live_at_joins = 0
    pred_start = split.block_pred_start
    for b in dom.rpo:
        if pred_start[b + 1] - pred_start[b] > 1:
            live_at_joins |= live_in[b]
    if unreachable:
        candidates = [v for v in _bits(live_at_joins) if v in multi]
    else:
        candidates = [tracked[k] for k in _bits(live_at_joins)]
    if candidates:
        frontier = _dominance_frontiers(split, dom)
        live_sets: list[set[int] | None] = [None] * nb
        # Stamps (vreg + 1) instead of per-vreg sets: "already in the IDF" / "already queued".
        in_idf = [0] * nb
        queued = [0] * nb
        for v in candidates:
            blocks = multi[v]
            stamp = v + 1
            work = list(blocks)
            for b in blocks:
                queued[b] = stamp
            while work:
                x = work.pop()
                for y in frontier[x]:
                    if in_idf[y] == stamp:
                        continue
                    in_idf[y] = stamp
                    live = live_sets[y]
                    if live is None:
                        live = set(_bits(live_in[y]))
                        live_sets[y] = live
                    if position[v] in live and not (has_params and v in split.params_of(y)):
                        needed[y].append(v)
                    if queued[y] != stamp:
                        queued[y] = stamp
                        work.append(y)
        for b in range(nb):
            needed[b].sort()
    for b in range(nb):
        if unreachable and dom.pre[b] < 0:
            # No definition reaches an unreachable block: all its live-ins are parameters.
            existing = split.params_of(b)
            needed[b] = [v for v in _bits(live_in[b]) if v not in existing]
            lo = op_start[split.block_inst_start[b]]
            hi = op_start[split.block_inst_end[b]]
            for v in existing + [op_vreg[o] for o in range(lo, hi) if op_kind[o] != USE and op_vreg[o] >= 0]:
                versioned[v] = True
        for v in needed[b]:
            versioned[v] = True
    return needed, versioned


def _live_in_of(split: Function, position: list[int]) -> list[int]:
    """Per block the live-in bitset of the tracked vregs (bit ``position[v]`` for vreg ``v``).

    Like :func:`regalloc.analysis.liveness.compute_liveness` restricted to a
    few vregs: only operands of tracked vregs are visited (within an
    instruction, uses come before defs), and the bitsets stay small.
    """
    nb = split.num_blocks
    op_start = split.inst_op_start
    op_vreg = split.op_vreg
    op_kind = split.op_kind
    gen = [0] * nb
    kill = [0] * nb
    for b in range(nb):
        killed = 0
        for v in split.params_of(b):
            if position[v] >= 0:
                killed |= 1 << position[v]
        exposed = 0
        i = split.block_inst_start[b]
        lo = op_start[i]
        hi = op_start[split.block_inst_end[b]]
        pending = 0
        for o in [o for o in range(lo, hi) if position[op_vreg[o]] >= 0]:
            if o >= op_start[i + 1]:
                killed |= pending
                pending = 0
                while o >= op_start[i + 1]:
                    i += 1
            bit = 1 << position[op_vreg[o]]
            kind = op_kind[o]
            if kind != DEF and not killed & bit:
                exposed |= bit
            if kind != USE:
                pending |= bit
        gen[b] = exposed
        kill[b] = killed | pending
    arg_start = split.edge_arg_start
    edge_args = split.edge_args
    edge_uses = [0] * len(split.block_succs)
    for e in range(len(edge_uses)):
        for k in range(arg_start[e], arg_start[e + 1]):
            if position[edge_args[k]] >= 0:
                edge_uses[e] |= 1 << position[edge_args[k]]
    return solve_liveness(split, gen, kill, edge_uses)[0]


def _bits(mask: int) -> list[int]:
    """The set bits of non-negative ``mask``, ascending (linear in its length)."""
    digits = bin(mask)[:1:-1]  # least significant bit first
    out: list[int] = []
    i = digits.find("1")
    while i >= 0:
        out.append(i)
        i = digits.find("1", i + 1)
    return out


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
    different arguments; and for some uses that no definition reaches (run
    :func:`regalloc.validate.validate` first: it finds them all).
    """
    nb = func.num_blocks
    succs, args, edge_pred, edge_succ = _split_critical_edges(func)
    n_edge = len(edge_pred)
    split = _skeleton(func, succs, args, n_edge) if n_edge else func
    total = nb + n_edge
    dom = DomTree(split)
    needed, versioned = _place_params(split, dom)

    # Operand layout: each instruction keeps its operands in place; a mod with
    # a vreg appends its def at the end of its instruction.
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_pos = func.op_pos
    op_con = func.op_con
    op_arg = func.op_arg
    nops = func.num_operands
    # Mods with a vreg (rare) split into two operands; everything else is copied whole.
    all_mods = [o for o in range(nops) if op_kind[o] == MOD] if MOD in op_kind else []
    mods = [o for o in all_mods if op_vreg[o] >= 0]
    mod_def: dict[int, int] = {}  # original mod operand -> its new def operand
    if not mods:
        new_op_start = func.inst_op_start + [nops] * n_edge
        primary = list(range(nops))
        orig_operand = list(range(nops))
        new_vreg = list(op_vreg)
        new_kind = list(op_kind)
        new_pos = list(op_pos)
        new_con = list(op_con)
        new_arg = list(op_arg)
    else:
        # Copy the operands between mods in whole slices; after each mod's
        # instruction, append its def (later operands shift by one per def).
        new_op_start = []
        primary = []
        orig_operand = []
        new_vreg = []
        new_kind = []
        new_pos = []
        new_con = []
        new_arg = []
        done_inst = 0
        shift = 0
        for o in mods:
            i = bisect_right(op_start, o) - 1
            lo = op_start[i]
            hi = op_start[i + 1]
            if i >= done_inst:
                new_op_start.extend([x + shift for x in op_start[done_inst : i + 1]])
                start = op_start[done_inst]
                primary.extend(range(start + shift, hi + shift))
                orig_operand.extend(range(start, hi))
                new_vreg.extend(op_vreg[start:hi])
                new_kind.extend(op_kind[start:hi])
                new_pos.extend(op_pos[start:hi])
                new_con.extend(op_con[start:hi])
                new_arg.extend(op_arg[start:hi])
                done_inst = i + 1
            _check_mod(func, func.inst_block[i], i, o)
            k = primary[o]
            new_kind[k] = USE
            new_pos[k] = EARLY
            mod_def[o] = len(orig_operand)
            orig_operand.append(o)
            new_vreg.append(op_vreg[o])
            new_kind.append(DEF)
            new_pos.append(LATE)
            if op_con[o] == FIXED:
                new_con.append(FIXED)
                new_arg.append(op_arg[o])
            else:
                new_con.append(REUSE)
                new_arg.append(o - lo)
            shift += 1
        new_op_start.extend([x + shift for x in op_start[done_inst:]])
        start = op_start[done_inst]
        primary.extend(range(start + shift, nops + shift))
        orig_operand.extend(range(start, nops))
        new_vreg.extend(op_vreg[start:])
        new_kind.extend(op_kind[start:])
        new_pos.extend(op_pos[start:])
        new_con.extend(op_con[start:])
        new_arg.extend(op_arg[start:])
        new_op_start.extend([len(orig_operand)] * n_edge)
    for o in all_mods:
        if op_vreg[o] < 0:
            # A vreg-less mod destroys its fixed register over the whole instruction.
            new_kind[primary[o]] = DEF
            new_pos[primary[o]] = EARLY

    vreg_class = list(func.vreg_class)
    orig_vreg = list(range(func.num_vregs))
    # The first version of a vreg keeps its number (an SSA input converts to itself).
    first_name_used = [False] * func.num_vregs
    # Current version of each vreg; a vreg with a single version is always itself.
    current = [-1 if versioned[v] else v for v in range(func.num_vregs)]
    undo: list[int] = []  # pairs (vreg, previous name), flattened
    new_params: list[list[int]] = [[] for _ in range(total)]
    new_args: list[list[list[int]]] = [[] for _ in range(total)]
    block_inst_start = func.block_inst_start
    block_inst_end = func.block_inst_end
    split_params = split.block_params
    split_param_start = split.block_param_start

    # Dominator-tree preorder with an undo log; unreachable blocks are roots of
    # their own, and each root's walk undoes all its versions before the next.
    children: list[list[int]] = [[] for _ in range(total)]
    for b in dom.rpo:
        if dom.idom[b] >= 0:
            children[dom.idom[b]].append(b)
    roots = dom.rpo[:1] + [b for b in range(total) if dom.pre[b] < 0]
    stack: list[int] = []
    marks: list[int] = []
    for root in roots:
        stack.append(root)
        while stack:
            b = stack.pop()
            if b < 0:
                mark = marks.pop()
                while len(undo) > mark:
                    previous = undo.pop()
                    current[undo.pop()] = previous
                continue
            marks.append(len(undo))
            stack.append(-1)
            stack.extend(reversed(children[b]))
            defined = split_params[split_param_start[b] : split_param_start[b + 1]] + needed[b]
            params: list[int] = []
            for v in defined:
                if first_name_used[v]:
                    name = len(orig_vreg)
                    vreg_class.append(vreg_class[v])
                    orig_vreg.append(v)
                else:
                    first_name_used[v] = True
                    name = v
                undo.append(v)
                undo.append(current[v])
                current[v] = name
                params.append(name)
            new_params[b] = params
            if b < nb:
                # Only operands of versioned vregs change; walk them in order and
                # give an instruction's defs their new names after all its uses.
                lo = op_start[block_inst_start[b]]
                hi = op_start[block_inst_end[b]]
                touched = [o for o in range(lo, hi) if versioned[op_vreg[o]]]
                i = block_inst_start[b]
                pending: list[int] = []
                for o in [*touched, hi]:
                    if o >= op_start[i + 1]:
                        for d in pending:
                            v = op_vreg[d]
                            if first_name_used[v]:
                                name = len(orig_vreg)
                                vreg_class.append(vreg_class[v])
                                orig_vreg.append(v)
                            else:
                                first_name_used[v] = True
                                name = v
                            undo.append(v)
                            undo.append(current[v])
                            current[v] = name
                            new_vreg[primary[d] if op_kind[d] == DEF else mod_def[d]] = name
                        pending.clear()
                        if o == hi:
                            break
                        while o >= op_start[i + 1]:
                            i += 1
                    kind = op_kind[o]
                    if kind == DEF:
                        pending.append(o)
                        continue
                    v = op_vreg[o]
                    name = current[v]
                    if name < 0:
                        raise ValidationError(
                            f"use of v{v} with no reaching definition on some path from the entry",
                            block=b,
                            inst=i,
                            operand=o - op_start[i],
                        )
                    new_vreg[primary[o]] = name
                    if kind == MOD:
                        pending.append(o)
            branch = split.block_inst_end[b] - 1
            out_args: list[list[int]] = []
            for j, succ in enumerate(succs[b]):
                passed = args[b][j] + needed[succ] if needed[succ] else args[b][j]
                names = [current[v] for v in passed]
                if -1 in names:
                    v = passed[names.index(-1)]
                    raise ValidationError(
                        f"v{v} flows into block {succ} but has no reaching definition on some path from the entry",
                        block=b if b < nb else edge_pred[b - nb],
                        inst=branch if b < nb else -1,
                    )
                out_args.append(names)
            new_args[b] = out_args

    remat = {name: func.remat[v] for name, v in enumerate(orig_vreg) if v in func.remat} if func.remat else {}
    mnemonics = None if func.mnemonics is None else func.mnemonics + ["jump"] * n_edge
    ssa_func = function_from_lists(
        name=func.name,
        vreg_class=vreg_class,
        entry=func.entry,
        block_ranges=[(split.block_inst_start[b], split.block_inst_end[b]) for b in range(total)],
        block_params=new_params,
        block_succs=succs,
        block_preds=[split.preds_of(b) for b in range(total)],
        edge_args=new_args,
        inst_kind=split.inst_kind,
        inst_op_start=new_op_start,
        op_columns=(new_vreg, new_kind, new_pos, new_con, new_arg),
        inst_clobber_start=split.inst_clobber_start,
        clobbers=func.clobbers,
        remat=remat,
        callee_saved=None if func.callee_saved is None else list(func.callee_saved),
        mnemonics=mnemonics,
        ssa=True,
    )
    return Conversion(
        original=func,
        func=ssa_func,
        orig_operand=orig_operand,
        primary_operand=primary,
        orig_vreg=orig_vreg,
        edge_pred=edge_pred,
        edge_succ=edge_succ,
        mod_def_operand=mod_def,
    )
