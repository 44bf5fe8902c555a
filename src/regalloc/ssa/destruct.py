"""SSA destruction for tests and corpora: an equivalent function with reassigned vregs.

The output computes the same values as the input but in non-SSA form
(``ssa`` false), exercising what :mod:`regalloc.ssa.convert` must handle:

* a block parameter is coalesced with all its incoming arguments into one vreg
  when none of them interfere, so loops carry values without parameters;
* a def that reuses the register of a use whose vreg dies there (and which the
  instruction names only once) becomes a ``mod`` of the merged vreg;
* further non-interfering vregs of one class are merged, so vregs are defined
  several times (chosen pseudo-randomly from ``seed``);
* blocks that only jump on an edge are removed, which recreates critical edges.

Interference is the SSA one: two values interfere when one is live just after
the other's definition (or both are defined by one instruction, or are
parameters of one block).  Merged vregs never interfere, so renaming them to
one vreg preserves every value.  Rematerializable vregs are never merged.

>>> from regalloc.function import FunctionBuilder, Reuse, define, use
>>> from regalloc.regs import INT
>>> fb = FunctionBuilder()
>>> x, y, z = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
>>> b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
>>> fb.start_block(b0); fb.op([define(x, "reg")]); fb.branch([(b1, [x])])
>>> fb.start_block(b1, params=[y])
>>> fb.op([define(z, Reuse(1)), use(y, "reg")]); fb.branch([(b1, [z]), (b2, [])])
>>> fb.start_block(b2); fb.ret()
>>> g = to_non_ssa(fb.finish())
>>> g.ssa, g.params_of(1), g.branch_args(1, 0), g.operand(1)     # the loop now carries v0
(False, [], [], Operand(vreg=0, kind=2, pos=0, constraint=1, arg=0))
"""

from __future__ import annotations

import random

from regalloc.analysis.liveness import compute_liveness
from regalloc.function import BRANCH, DEF, EARLY, MOD, OP, REUSE, USE, Function, function_from_lists


class _Classes:
    """Union-find over vregs with per-class member and interference bitsets."""

    def __init__(self, func: Function, interference: list[int]) -> None:
        nv = func.num_vregs
        self.parent = list(range(nv))
        self.members = [1 << v for v in range(nv)]
        self.interferes = interference
        self.vreg_class = func.vreg_class
        self.fixed_name = [v in func.remat for v in range(nv)]

    def find(self, v: int) -> int:
        parent = self.parent
        root = v
        while parent[root] != root:
            root = parent[root]
        while parent[v] != root:
            parent[v], v = root, parent[v]
        return root

    def compatible(self, roots: list[int]) -> bool:
        """Whether the classes of ``roots`` (distinct) can all become one vreg."""
        members = 0
        interferes = 0
        cls = self.vreg_class[roots[0]]
        for r in roots:
            if self.fixed_name[r] or self.vreg_class[r] != cls:
                return False
            if interferes & self.members[r] or self.interferes[r] & members:
                return False
            members |= self.members[r]
            interferes |= self.interferes[r]
        return True

    def merge(self, roots: list[int]) -> None:
        head = min(roots)  # the lowest vreg names the class
        for r in roots:
            if r == head:
                continue
            self.parent[r] = head
            self.members[head] |= self.members[r]
            self.interferes[head] |= self.interferes[r]
            self.members[r] = 0
            self.interferes[r] = 0

    def roots_of(self, vregs: list[int]) -> list[int]:
        out: list[int] = []
        for v in vregs:
            r = self.find(v)
            if r not in out:
                out.append(r)
        return out


def _interference(func: Function) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Per vreg the bitset of vregs it interferes with (one direction suffices),
    and the ``(inst, def operand, use operand)`` reuse pairs whose use dies there."""
    live_in, live_out = compute_liveness(func)
    interference = [0] * func.num_vregs
    dying_reuses: list[tuple[int, int, int]] = []
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_con = func.op_con
    op_arg = func.op_arg
    for b in range(func.num_blocks):
        live = live_out[b]
        for i in range(func.block_inst_end[b] - 1, func.block_inst_start[b] - 1, -1):
            lo = op_start[i]
            hi = op_start[i + 1]
            defs = 0
            uses = 0
            for o in range(lo, hi):
                v = op_vreg[o]
                if v < 0:
                    continue
                if op_kind[o] == USE:
                    uses |= 1 << v
                else:
                    defs |= 1 << v
            if defs:
                for o in range(lo, hi):
                    v = op_vreg[o]
                    if v >= 0 and op_kind[o] != USE:
                        interference[v] |= live | (defs ^ (1 << v))
                        if op_con[o] == REUSE and func.inst_kind[i] == OP:
                            target = lo + op_arg[o]
                            y = op_vreg[target]
                            if y >= 0 and not (live >> y) & 1 and sum(op_vreg[k] == y for k in range(lo, hi)) == 1:
                                dying_reuses.append((i, o, target))
            live = (live | defs) ^ defs | uses
        params = func.params_of(b)
        pmask = 0
        for p in params:
            pmask |= 1 << p
        for p in params:
            interference[p] |= live | (pmask ^ (1 << p))
    del live_in
    return interference, dying_reuses


def to_non_ssa(func: Function, seed: int = 0, merge_chance: float = 0.5, unsplit_chance: float = 1.0) -> Function:
    """An equivalent non-SSA function (``ssa`` false) of SSA ``func`` (validated).

    ``merge_chance``: the share of vregs tried for an extra merge with another
    vreg of their class; ``unsplit_chance``: the chance that an eligible
    jump-only edge block is removed.  Both choices are drawn from ``seed``.
    """
    rng = random.Random(seed)
    interference, dying_reuses = _interference(func)
    classes = _Classes(func, interference)
    nb = func.num_blocks

    # 1. Coalesce each parameter with all its incoming arguments, or keep it.
    incoming: list[list[tuple[int, int]]] = [[] for _ in range(nb)]  # (pred block, successor index)
    for b in range(nb):
        for j, s in enumerate(func.succs_of(b)):
            incoming[s].append((b, j))
    kept_param: list[list[bool]] = []
    for b in range(nb):
        params = func.params_of(b)
        keep = [True] * len(params)
        for k, p in enumerate(params):
            group = [p] + [func.branch_args(pred, j)[k] for pred, j in incoming[b]]
            roots = classes.roots_of(group)
            if classes.compatible(roots):
                classes.merge(roots)
                keep[k] = False
        kept_param.append(keep)

    # 2. Reuse pairs whose input dies become mods of the merged vreg.
    mod_pairs: dict[int, list[tuple[int, int]]] = {}
    for i, d, u in dying_reuses:
        roots = classes.roots_of([func.op_vreg[d], func.op_vreg[u]])
        if classes.compatible(roots):
            classes.merge(roots)
            mod_pairs.setdefault(i, []).append((d, u))

    # 3. Further merges, so some vregs get several definitions.
    by_class: list[list[int]] = [[], [], []]
    for v in range(func.num_vregs):
        if v not in func.remat:
            by_class[func.vreg_class[v]].append(v)
    order = [v for vs in by_class for v in vs]
    rng.shuffle(order)
    for v in order:
        if rng.random() >= merge_chance:
            continue
        pool = by_class[func.vreg_class[v]]
        for _ in range(3):
            roots = classes.roots_of([v, pool[rng.randrange(len(pool))]])
            if len(roots) == 2 and classes.compatible(roots):
                classes.merge(roots)
                break

    return _rebuild(func, classes, kept_param, mod_pairs, rng, unsplit_chance)


def _rebuild(
    func: Function,
    classes: _Classes,
    kept_param: list[list[bool]],
    mod_pairs: dict[int, list[tuple[int, int]]],
    rng: random.Random,
    unsplit_chance: float,
) -> Function:
    """The renamed function with mods in place and jump-only edge blocks removed."""
    nb = func.num_blocks
    find = classes.find
    succs = [func.succs_of(b) for b in range(nb)]
    args: list[list[list[int]]] = []
    for b in range(nb):
        per_succ: list[list[int]] = []
        for j, s in enumerate(succs[b]):
            passed = func.branch_args(b, j)
            per_succ.append([find(a) for k, a in enumerate(passed) if kept_param[s][k]])
        args.append(per_succ)
    params = [[find(p) for k, p in enumerate(func.params_of(b)) if kept_param[b][k]] for b in range(nb)]

    # Remove blocks whose only instruction is a bare jump on a single-entry edge.
    preds = [func.preds_of(b) for b in range(nb)]
    removed = [False] * nb
    for e in range(nb):
        start = func.block_inst_start[e]
        if e == func.entry or func.block_inst_end[e] - start != 1 or func.inst_kind[start] != BRANCH:
            continue
        if func.inst_op_start[start + 1] != func.inst_op_start[start] or func.clobbers_of(start):
            continue
        if params[e] or len(preds[e]) != 1 or len(succs[e]) != 1:
            continue
        p = preds[e][0]
        s = succs[e][0]
        if p == e or s == e or removed[p] or s in succs[p] or rng.random() >= unsplit_chance:
            continue
        j = succs[p].index(e)
        succs[p][j] = s
        args[p][j] = args[e][0]
        preds[s] = [p if q == e else q for q in preds[s]]
        removed[e] = True

    new_block = [0] * nb
    kept_blocks = [b for b in range(nb) if not removed[b]]
    for n, b in enumerate(kept_blocks):
        new_block[b] = n
    new_inst = [0] * (func.num_insts + 1)
    vreg_col: list[int] = []
    kind_col: list[int] = []
    pos_col: list[int] = []
    con_col: list[int] = []
    arg_col: list[int] = []
    inst_kind: list[int] = []
    inst_op_start = [0]
    clobber_start = [0]
    clobbers: list[int] = []
    mnemonics: list[str] = []
    ranges: list[tuple[int, int]] = []
    for b in range(nb):
        if removed[b]:
            for i in func.block_insts(b):
                new_inst[i] = len(inst_kind)
            continue
        first = len(inst_kind)
        for i in func.block_insts(b):
            new_inst[i] = len(inst_kind)
            lo = func.inst_op_start[i]
            hi = func.inst_op_start[i + 1]
            dropped = {d for d, _u in mod_pairs.get(i, [])}
            mod_uses = {u for _d, u in mod_pairs.get(i, [])}
            index_of = [-1] * (hi - lo)
            n = 0
            for o in range(lo, hi):
                if o not in dropped:
                    index_of[o - lo] = n
                    n += 1
            for o in range(lo, hi):
                if o in dropped:
                    continue
                v = func.op_vreg[o]
                vreg_col.append(find(v) if v >= 0 else -1)
                if o in mod_uses:
                    kind_col.append(MOD)
                    pos_col.append(EARLY)
                else:
                    kind_col.append(func.op_kind[o])
                    pos_col.append(func.op_pos[o])
                con_col.append(func.op_con[o])
                arg = func.op_arg[o]
                arg_col.append(index_of[arg] if func.op_con[o] == REUSE and func.op_kind[o] == DEF else arg)
            inst_kind.append(func.inst_kind[i])
            inst_op_start.append(len(vreg_col))
            clobbers.extend(func.clobbers_of(i))
            clobber_start.append(len(clobbers))
            mnemonics.append(func.mnemonics[i] if func.mnemonics is not None else "")
        ranges.append((first, len(inst_kind)))
    new_inst[func.num_insts] = len(inst_kind)
    new_preds: list[list[int]] = [[] for _ in kept_blocks]
    for b in kept_blocks:
        for s in succs[b]:
            new_preds[new_block[s]].append(new_block[b])
    labels = [
        (find(v), new_inst[start], new_inst[end], label)
        for v, start, end, label in func.debug_labels
        if new_inst[start] <= new_inst[end]
    ]
    return function_from_lists(
        name=func.name,
        vreg_class=func.vreg_class,
        entry=new_block[func.entry],
        block_ranges=ranges,
        block_params=[params[b] for b in kept_blocks],
        block_succs=[[new_block[s] for s in succs[b]] for b in kept_blocks],
        block_preds=new_preds,
        edge_args=[args[b] for b in kept_blocks],
        inst_kind=inst_kind,
        inst_op_start=inst_op_start,
        op_columns=(vreg_col, kind_col, pos_col, con_col, arg_col),
        inst_clobber_start=clobber_start,
        clobbers=clobbers,
        remat=dict(func.remat),
        callee_saved=None if func.callee_saved is None else list(func.callee_saved),
        debug_labels=labels,
        mnemonics=mnemonics if func.mnemonics is not None else None,
        ssa=False,
    )
