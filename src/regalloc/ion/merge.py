"""Bundles: groups of live ranges (of one or several vregs) that share a location.

Every vreg starts as its own bundle.  Bundles are then merged, when their
ranges do not overlap and their constraints agree, in this order: tied reuse
pairs (a merge failure unties the pair, see
:meth:`~regalloc.ion.liveranges.LiveRanges.untie`), then block parameters with
the arguments flowing into them, so that most edge moves vanish.  Each merged
group is one *spill set*: whatever part of it ends up on the stack lives in
one slot.
"""

from __future__ import annotations

from regalloc.ion.liveranges import REG_ONLY, STACK_ONLY, LiveRanges


class Bundles:
    """Bundles of ranges: ``bundle_ranges[b]`` (sorted by start), ``range_bundle[r]``.

    ``bundle_spillset[b]`` is the spill set of bundle ``b``; spill sets are
    numbered like the bundle they started as.
    """

    def __init__(self, lr: LiveRanges) -> None:
        self.lr = lr
        nv = len(lr.vreg_ranges)
        self.bundle_ranges: list[list[int]] = [list(rs) for rs in lr.vreg_ranges]
        self.range_bundle: list[int] = [lr.range_vreg[r] for r in range(len(lr.range_from))]
        self.bundle_class: list[int] = list(lr.vreg_class)
        self.bundle_flags: list[int] = [0] * nv
        for u, v in enumerate(lr.use_vreg):
            f = lr.use_flags[u]
            if f in (REG_ONLY, STACK_ONLY):
                self.bundle_flags[v] |= f
        self.bundle_spillset: list[int] = list(range(nv))
        self.merges = 0

    def new_bundle(self, ranges: list[int], cls: int, spillset: int) -> int:
        """A new bundle holding ``ranges`` (sorted); returns its id."""
        b = len(self.bundle_ranges)
        self.bundle_ranges.append(ranges)
        self.bundle_class.append(cls)
        self.bundle_flags.append(0)
        self.bundle_spillset.append(spillset)
        for r in ranges:
            self.range_bundle[r] = b
        return b

    def overlaps(self, a: int, b: int) -> bool:
        """Whether bundles ``a`` and ``b`` have overlapping ranges."""
        ra = self.bundle_ranges[a]
        rb = self.bundle_ranges[b]
        rf = self.lr.range_from
        rt = self.lr.range_to
        i = j = 0
        na = len(ra)
        nb = len(rb)
        while i < na and j < nb:
            x = ra[i]
            y = rb[j]
            if rt[x] <= rf[y]:
                i += 1
            elif rt[y] <= rf[x]:
                j += 1
            else:
                return True
        return False

    def try_merge(self, a: int, b: int) -> bool:
        """Merge bundle ``b`` into ``a`` if allowed; whether they now are one."""
        if a == b:
            return True
        if self.bundle_class[a] != self.bundle_class[b]:
            return False
        if (self.bundle_flags[a] | self.bundle_flags[b]) == REG_ONLY | STACK_ONLY:
            return False
        if self.overlaps(a, b):
            return False
        if len(self.bundle_ranges[a]) < len(self.bundle_ranges[b]):
            a, b = b, a
        rf = self.lr.range_from
        merged = self.bundle_ranges[a] + self.bundle_ranges[b]
        merged.sort(key=rf.__getitem__)
        self.bundle_ranges[a] = merged
        for r in self.bundle_ranges[b]:
            self.range_bundle[r] = a
        self.bundle_ranges[b] = []
        self.bundle_flags[a] |= self.bundle_flags[b]
        self.merges += 1
        return True

    def bundle_of_vreg(self, v: int) -> int:
        """The bundle holding vreg ``v``'s first range (-1 if it has none)."""
        rs = self.lr.vreg_ranges[v]
        return self.range_bundle[rs[0]] if rs else -1


def merge_bundles(lr: LiveRanges) -> Bundles:
    """Build the initial bundles of ``lr`` and merge tied and block-param groups."""
    bundles = Bundles(lr)
    func = lr.func
    for inst, def_use, input_use, _input_op in sorted(lr.ties):
        a = bundles.bundle_of_vreg(lr.use_vreg[input_use])
        b = bundles.bundle_of_vreg(lr.use_vreg[def_use])
        if a < 0 or b < 0 or not bundles.try_merge(a, b):
            lr.untie(def_use, input_use, inst)
    for s in range(func.num_blocks):
        p0 = func.block_param_start[s]
        p1 = func.block_param_start[s + 1]
        if p0 == p1:
            continue
        for k in range(func.block_pred_start[s], func.block_pred_start[s + 1]):
            pred = func.block_preds[k]
            e = _edge_index(lr, pred, s)
            a0 = func.edge_arg_start[e]
            for j in range(p1 - p0):
                param_bundle = bundles.bundle_of_vreg(func.block_params[p0 + j])
                arg_bundle = bundles.bundle_of_vreg(func.edge_args[a0 + j])
                if param_bundle >= 0 and arg_bundle >= 0:
                    bundles.try_merge(param_bundle, arg_bundle)
    for b in range(len(bundles.bundle_ranges)):
        bundles.bundle_spillset[b] = b
    return bundles


def _edge_index(lr: LiveRanges, pred: int, succ: int) -> int:
    """The edge number of ``pred``'s edge to ``succ``."""
    func = lr.func
    for e in range(func.block_succ_start[pred], func.block_succ_start[pred + 1]):
        if func.block_succs[e] == succ:
            return e
    return -1
