"""The allocation loop: bundles by priority, evict lighter ones, split or spill.

Bundles come off a heap largest first.  For each, the hinted register is tried,
then the preferred and non-preferred registers of its class allowed by its
uses.  A register whose occupants are all lighter (spill weight: use weights
by loop depth divided by the bundle's length) may be taken by evicting them.
Otherwise a bundle whose uses all accept the stack is spilled whole, and one
that needs a register is split where its best register first conflicts and the
pieces are trimmed to their uses: the stretches without uses go to the spill
set's *spill bundle*, which at the end gets a register if one is free across
all of it (second chance) or a stack slot.

Per-register occupancy is split into buckets of ``2**BUCKET_SHIFT``
positions, each three parallel sorted lists (start, end, bundle) queried with
``bisect``; a range is entered in every bucket it overlaps.  Small buckets keep
inserts and searches cheap however long the function is (one sorted list per
register would make every insert move a list as long as the function).
Reservations (clobbers, fixed operands) are static sorted lists from
:class:`~regalloc.ion.liveranges.LiveRanges`.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right

from regalloc.errors import AllocationError
from regalloc.ion.liveranges import ANY_LOC, REG_ONLY, STACK_ONLY, LiveRanges
from regalloc.ion.merge import Bundles
from regalloc.regs import alloc_str

MINIMAL_WEIGHT = 1e30
UNEVICTABLE = 2e30
NO_ALLOC = -1
SPILLED = -2
# After this many trips through the queue a bundle is cut at every use.
MAX_ATTEMPTS = 12
# After this many splits of one spill set, its next split cuts at every use:
# each split re-walks the remaining piece, so without a bound a long-lived value
# that conflicts everywhere costs time quadratic in its length.
MAX_SPLITS_PER_SPILLSET = 8
# Occupancy buckets span 2**BUCKET_SHIFT positions (half as many instructions).
BUCKET_SHIFT = 8
_KEY_BITS = 40
_KEY_MASK = (1 << _KEY_BITS) - 1


class Allocator:
    """Assigns every bundle a register or sends it to its spill set."""

    def __init__(self, lr: LiveRanges, bundles: Bundles, explain: list[str] | None = None) -> None:
        self.lr = lr
        self.bd = bundles
        self.env = lr.env
        self.explain = explain
        nb = len(bundles.bundle_ranges)
        self.alloc: list[int] = [NO_ALLOC] * nb
        self.weight: list[float] = [0.0] * nb
        self.b_flags: list[int] = [0] * nb
        self.b_mask: list[int] = [0] * nb
        self.b_hint: list[int] = [-1] * nb
        self.b_first_use: list[int] = [-1] * nb
        self.b_last_use: list[int] = [-1] * nb
        self.b_minimal: list[bool] = [False] * nb
        self.b_size: list[int] = [0] * nb
        self.attempts: list[int] = [0] * nb
        # occ_from[p][c]: starts of the ranges in register p overlapping bucket c
        # (with occ_to, occ_bundle); only allocatable registers have buckets.
        self.occ_from: list[list[list[int]]] = [[] for _ in range(192)]
        self.occ_to: list[list[list[int]]] = [[] for _ in range(192)]
        self.occ_bundle: list[list[list[int]]] = [[] for _ in range(192)]
        n_buckets = ((lr.block_end[-1] if lr.block_end else 0) >> BUCKET_SHIFT) + 1
        mask = self.env.all_allocatable_mask
        for p in range(192):
            if (mask >> p) & 1:
                self.occ_from[p] = [[] for _ in range(n_buckets)]
                self.occ_to[p] = [[] for _ in range(n_buckets)]
                self.occ_bundle[p] = [[] for _ in range(n_buckets)]
        self.spill_ranges: list[list[int]] = [[] for _ in range(nb)]
        self.spillset_stack_only: list[bool] = [False] * nb
        self.spillset_splits: list[int] = [0] * nb
        # Register given to a spill set's spill bundle by the second chance, or -1.
        self.spillset_reg: list[int] = [-1] * nb
        # Keys (-size, sequence number, bundle) packed into one int (fields of
        # _KEY_BITS bits), which the heap compares faster than tuples.
        self.heap: list[int] = []
        self.candidate_cache: dict[int, tuple[list[int], list[int]]] = {}
        self.seq = 0
        self.stats_splits = 0
        self.stats_evictions = 0
        self.stats_spills = 0

    # -- bookkeeping -----------------------------------------------------------
    def _grow(self) -> None:
        """Extend the per-bundle lists to cover bundles created by splits."""
        n = len(self.bd.bundle_ranges)
        while len(self.alloc) < n:
            self.alloc.append(NO_ALLOC)
            self.weight.append(0.0)
            self.b_flags.append(0)
            self.b_mask.append(0)
            self.b_hint.append(-1)
            self.b_first_use.append(-1)
            self.b_last_use.append(-1)
            self.b_minimal.append(False)
            self.b_size.append(0)
            self.attempts.append(0)

    def log(self, text: str) -> None:
        if self.explain is not None:
            self.explain.append(text)

    def describe(self, b: int) -> str:
        """``bundle N (vregs [start,end) prio=P w=W)`` for the explain log."""
        lr = self.lr
        rs = self.bd.bundle_ranges[b]
        vregs = sorted({lr.range_vreg[r] for r in rs})
        names = ",".join(f"v{v}" for v in vregs[:4]) + ("..." if len(vregs) > 4 else "")
        span = f"[{lr.range_from[rs[0]]},{lr.range_to[rs[-1]]})" if rs else "[]"
        prio = sum(lr.range_to[r] - lr.range_from[r] for r in rs)
        return f"bundle {b} ({names} {span} prio={prio} w={self.weight[b]:.3g})"

    def enqueue(self, b: int) -> None:
        """Compute ``b``'s properties and put it on the queue."""
        lr = self.lr
        rf = lr.range_from
        rt = lr.range_to
        use_point = lr.use_point
        use_flags = lr.use_flags
        use_mask = lr.use_mask
        use_hint = lr.use_hint
        use_weight = lr.use_weight
        flags = 0
        mask = self.env.allocatable_mask[self.bd.bundle_class[b]]
        hint = -1
        total = 0.0
        first = -1
        last = -1
        size = 0
        ranges = self.bd.bundle_ranges[b]
        for r in ranges:
            size += rt[r] - rf[r]
            for u in lr.range_uses[r]:
                f = use_flags[u]
                flags |= f
                if f != STACK_ONLY:
                    mask &= use_mask[u]
                if hint < 0 and use_hint[u] >= 0:
                    hint = use_hint[u]
                total += use_weight[u]
                pt = use_point[u]
                if first < 0:
                    first = pt
                last = pt
        start = rf[ranges[0]]
        end = rt[ranges[-1]]
        minimal = (end - 1) >> 1 == start >> 1
        self.b_flags[b] = flags
        self.b_mask[b] = mask
        self.b_hint[b] = hint
        self.b_first_use[b] = first
        self.b_last_use[b] = last
        self.b_minimal[b] = minimal
        self.b_size[b] = size
        # Only a minimal bundle that needs a register must win; one that may take
        # the stack has somewhere to go.
        # Among those, the fewer registers a bundle may take, the heavier it is.
        if minimal and flags & REG_ONLY:
            self.weight[b] = MINIMAL_WEIGHT * (1.0 + 1.0 / (mask.bit_count() + 1))
        else:
            self.weight[b] = total * 2.0 / (size + 2)
        self.requeue(b)

    def requeue(self, b: int) -> None:
        """Put ``b`` back on the queue with the properties :meth:`enqueue` computed;
        an evicted bundle's ranges and uses are unchanged, and re-walking a long
        bundle on every eviction would cost time proportional to its length."""
        self.seq += 1
        heapq.heappush(self.heap, (((-self.b_size[b] << _KEY_BITS) | self.seq) << _KEY_BITS) | b)

    # -- occupancy ---------------------------------------------------------------
    def assign(self, b: int, p: int) -> None:
        lr = self.lr
        occ_f = self.occ_from[p]
        occ_t = self.occ_to[p]
        occ_b = self.occ_bundle[p]
        for r in self.bd.bundle_ranges[b]:
            f = lr.range_from[r]
            t = lr.range_to[r]
            for c in range(f >> BUCKET_SHIFT, ((t - 1) >> BUCKET_SHIFT) + 1):
                of = occ_f[c]
                k = bisect_left(of, f)
                of.insert(k, f)
                occ_t[c].insert(k, t)
                occ_b[c].insert(k, b)
        self.alloc[b] = p

    def unassign(self, b: int) -> None:
        p = self.alloc[b]
        lr = self.lr
        occ_f = self.occ_from[p]
        occ_t = self.occ_to[p]
        occ_b = self.occ_bundle[p]
        for r in self.bd.bundle_ranges[b]:
            f = lr.range_from[r]
            t = lr.range_to[r]
            for c in range(f >> BUCKET_SHIFT, ((t - 1) >> BUCKET_SHIFT) + 1):
                of = occ_f[c]
                ob = occ_b[c]
                k = bisect_left(of, f)
                while ob[k] != b:
                    k += 1
                del of[k]
                del occ_t[c][k]
                del ob[k]
        self.alloc[b] = NO_ALLOC

    def occupied(self, p: int, lo: int, hi: int) -> bool:
        """Whether some bundle in register ``p`` overlaps ``[lo, hi)``."""
        occ_f = self.occ_from[p]
        occ_t = self.occ_to[p]
        for c in range(lo >> BUCKET_SHIFT, ((hi - 1) >> BUCKET_SHIFT) + 1):
            of = occ_f[c]
            k = bisect_right(of, lo) - 1
            if k >= 0 and occ_t[c][k] > lo:
                return True
            if k + 1 < len(of) and of[k + 1] < hi:
                return True
        return False

    def probe(self, b: int, p: int, limit: float) -> tuple[int, float, list[int]]:
        """Conflicts of bundle ``b`` with register ``p``.

        Returns (first conflict position or -1, heaviest conflicting weight,
        conflicting bundles).  Scanning stops early once the weight reaches
        ``limit`` (eviction is then out of the question, and the victims and
        weight returned are only a lower bound).
        """
        lr = self.lr
        rf = lr.range_from
        rt = lr.range_to
        rv = lr.range_vreg
        res_f = lr.res_from[p]
        res_t = lr.res_to[p]
        res_o = lr.res_owner[p]
        occ_f = self.occ_from[p]
        occ_t = self.occ_to[p]
        occ_b = self.occ_bundle[p]
        weight = self.weight
        first = -1
        heaviest = 0.0
        victims: list[int] = []
        n_res = len(res_f)
        for r in self.bd.bundle_ranges[b]:
            f = rf[r]
            t = rt[r]
            hit = -1
            if n_res:
                k = bisect_right(res_f, f) - 1
                if k < 0 or res_t[k] <= f:
                    k += 1
                v = rv[r]
                while k < n_res and res_f[k] < t:
                    if res_o[k] != v:
                        pt = res_f[k] if res_f[k] > f else f
                        if hit < 0 or pt < hit:
                            hit = pt
                        heaviest = UNEVICTABLE
                        break
                    k += 1
            c = f >> BUCKET_SHIFT
            last = (t - 1) >> BUCKET_SHIFT
            of = occ_f[c]
            # In the first bucket, at most one occupant starts before f and
            # reaches it; in later ones, one that starts before the bucket was
            # already seen in an earlier bucket.
            k = bisect_right(of, f) - 1
            if k < 0 or occ_t[c][k] <= f:
                k += 1
            settled = False
            while True:
                n_occ = len(of)
                if k < n_occ:
                    ob = occ_b[c]
                    while k < n_occ and of[k] < t:
                        pt = of[k] if of[k] > f else f
                        if hit < 0 or pt < hit:
                            hit = pt
                        o = ob[k]
                        w = weight[o]
                        if w > heaviest:
                            heaviest = w
                        if o not in victims:
                            victims.append(o)
                        if heaviest >= limit:
                            # The range's first occupant gives its earliest hit:
                            # nothing the caller uses can change any more.
                            settled = True
                            break
                        k += 1
                if c >= last or settled:
                    break
                c += 1
                of = occ_f[c]
                k = 1 if of and of[0] < c << BUCKET_SHIFT else 0
            if hit >= 0 and first < 0:
                first = hit
            if first >= 0 and heaviest >= limit:
                break
        return first, heaviest, victims

    # -- the loop ----------------------------------------------------------------
    def run(self) -> None:
        for b, rs in enumerate(self.bd.bundle_ranges):
            if rs:
                self.enqueue(b)
        heap = self.heap
        while heap:
            b = heapq.heappop(heap) & _KEY_MASK
            self.process(b)
        self.second_chance()

    def candidates(self, b: int) -> list[int]:
        """Registers to try for ``b``: its hint, then the allowed preferred ones,
        then the allowed non-preferred ones.  Each group starts at an offset that
        varies by bundle, which spreads bundles over the registers so the first
        probes tend to find a free one."""
        mask = self.b_mask[b]
        cached = self.candidate_cache.get(mask)
        if cached is None:
            env = self.env
            cls = self.bd.bundle_class[b]
            cached = (
                [p for p in env.preferred[cls] if (mask >> p) & 1],
                [p for p in env.non_preferred[cls] if (mask >> p) & 1],
            )
            self.candidate_cache[mask] = cached
        pref, nonpref = cached
        out: list[int] = []
        hint = self.b_hint[b]
        if hint >= 0 and (mask >> hint) & 1:
            out.append(hint)
        if pref:
            k = b % len(pref)
            out += pref[k:]
            out += pref[:k]
        out += nonpref
        return out

    def process(self, b: int) -> None:
        flags = self.b_flags[b]
        self.attempts[b] += 1
        if flags == REG_ONLY | STACK_ONLY:
            if (
                self.spillset_splits[self.bd.bundle_spillset[b]] >= MAX_SPLITS_PER_SPILLSET
                and self.b_first_use[b] >> 1 != self.b_last_use[b] >> 1
            ):
                self.split_at_every_use(b)
            else:
                self.split_requirement_conflict(b)
            return
        if flags == STACK_ONLY:
            self.spill(b, "needs the stack")
            return
        my_weight = self.weight[b]
        best_p = -1
        best_cost = UNEVICTABLE
        best_victims: list[int] = []
        latest_conflict = -1
        for p in self.candidates(b):
            first, heaviest, victims = self.probe(b, p, my_weight)
            if first < 0:
                self.assign(b, p)
                if self.explain is not None:
                    self.log(f"{self.describe(b)} -> {alloc_str(p)}")
                return
            if first > latest_conflict:
                latest_conflict = first
            if heaviest < my_weight and heaviest < best_cost:
                best_cost = heaviest
                best_p = p
                best_victims = victims
        if best_p >= 0:
            for o in best_victims:
                if self.explain is not None:
                    self.log(f"{self.describe(o)} evicted from {alloc_str(best_p)} by bundle {b}")
                self.unassign(o)
                self.stats_evictions += 1
                self.requeue(o)
            self.assign(b, best_p)
            if self.explain is not None:
                self.log(f"{self.describe(b)} -> {alloc_str(best_p)} (after eviction)")
            return
        if not flags & REG_ONLY:
            self.spill(b, "no register free and none cheaper to evict")
            return
        if self.b_minimal[b]:
            lr = self.lr
            first = self.bd.bundle_ranges[b][0]
            raise AllocationError(
                f"no register left for v{lr.range_vreg[first]}, which needs one here",
                inst=lr.slot_inst[lr.range_from[first] >> 1],
            )
        if (
            self.attempts[b] > MAX_ATTEMPTS
            or self.spillset_splits[self.bd.bundle_spillset[b]] >= MAX_SPLITS_PER_SPILLSET
        ):
            self.split_at_every_use(b)
            return
        self.split_at_conflict(b, latest_conflict)

    # -- spilling and splitting -----------------------------------------------------
    def spill(self, b: int, why: str) -> None:
        ss = self.bd.bundle_spillset[b]
        self.spill_ranges[ss].extend(self.bd.bundle_ranges[b])
        if self.b_flags[b] & STACK_ONLY:
            self.spillset_stack_only[ss] = True
        self.alloc[b] = SPILLED
        self.stats_spills += 1
        if self.explain is not None:
            self.log(f"{self.describe(b)} spilled: {why}")

    def split_at_conflict(self, b: int, conflict: int) -> None:
        first_inst = self.b_first_use[b] >> 1
        last_inst = self.b_last_use[b] >> 1
        if conflict < 2 * first_inst or conflict >= 2 * last_inst + 2:
            # The conflict lies before the first or after the last use: trimming removes it.
            if self.explain is not None:
                self.log(f"{self.describe(b)} trimmed to its uses (conflict at {conflict})")
            self.split_at(b, [])
            return
        q = conflict & ~1
        if q <= 2 * first_inst:
            q = 2 * first_inst + 2
        if q > 2 * last_inst:
            q = 2 * last_inst
        if self.explain is not None:
            self.log(f"{self.describe(b)} split at {q} (first conflict at {conflict})")
        self.split_at(b, [q])

    def split_requirement_conflict(self, b: int) -> None:
        """Split between the first uses that want a register and the stack respectively."""
        lr = self.lr
        seen = 0
        for r in self.bd.bundle_ranges[b]:
            for u in lr.range_uses[r]:
                f = lr.use_flags[u]
                if f != ANY_LOC and seen | f == REG_ONLY | STACK_ONLY:
                    q = lr.use_point[u] & ~1
                    if q <= (self.b_first_use[b] & ~1):
                        raise AllocationError(
                            f"v{lr.use_vreg[u]} must be in a register and on the stack at once",
                            inst=lr.slot_inst[q >> 1],
                        )
                    if self.explain is not None:
                        self.log(f"{self.describe(b)} split at {q}: register and stack uses")
                    self.split_at(b, [q])
                    return
                seen |= f

    def split_at_every_use(self, b: int) -> None:
        lr = self.lr
        points: list[int] = []
        for r in self.bd.bundle_ranges[b]:
            for u in lr.range_uses[r]:
                q = lr.use_point[u] & ~1
                if q > (self.b_first_use[b] & ~1) and (not points or points[-1] != q):
                    points.append(q)
        if self.explain is not None:
            self.log(f"{self.describe(b)} split at every use")
        self.split_at(b, points)

    def cut(self, r: int, q: int) -> int:
        """Cut range ``r`` at ``q``: ``r`` keeps ``[from, q)``; returns the new ``[q, to)``."""
        return self.cut_many(r, [q])[1]

    def cut_many(self, r: int, points: list[int]) -> list[int]:
        """Cut range ``r`` at the increasing ``points`` (all inside it): ``r`` keeps
        the part before the first; returns ``r`` and the new ranges, in order.

        One pass over ``r``'s uses however many points: cutting a long range at
        every use one point at a time would copy its remaining uses each time.
        """
        lr = self.lr
        uses = lr.range_uses[r]
        point_of = lr.use_point.__getitem__
        range_from = lr.range_from
        range_to = lr.range_to
        range_vreg = lr.range_vreg
        range_uses = lr.range_uses
        range_bundle = self.bd.range_bundle
        v = range_vreg[r]
        end = range_to[r]
        out = [r]
        first = k = bisect_left(uses, points[0], key=point_of)
        last = len(points) - 1
        for j, q in enumerate(points):
            upto = end if j == last else points[j + 1]
            k2 = len(uses) if j == last else bisect_left(uses, upto, k, key=point_of)
            out.append(len(range_from))
            range_from.append(q)
            range_to.append(upto)
            range_vreg.append(v)
            range_uses.append(uses[k:k2])
            range_bundle.append(-1)
            k = k2
        del uses[first:]
        range_to[r] = points[0]
        return out

    def split_at(self, b: int, points: list[int]) -> None:
        """Cut ``b`` at the (even, increasing) ``points``, trim and requeue the pieces."""
        self.stats_splits += 1
        self.spillset_splits[self.bd.bundle_spillset[b]] += 1
        lr = self.lr
        rf = lr.range_from
        rt = lr.range_to
        pieces: list[list[int]] = [[]]
        k = 0
        n_points = len(points)
        for r in self.bd.bundle_ranges[b]:
            while k < n_points and rf[r] >= points[k]:
                k += 1
                pieces.append([])
            inside = k
            end = rt[r]
            while inside < n_points and end > points[inside]:
                inside += 1
            if inside == k:
                pieces[-1].append(r)
                continue
            parts = self.cut_many(r, points[k:inside])
            for part in parts[:-1]:
                pieces[-1].append(part)
                pieces.append([])
            pieces[-1].append(parts[-1])
            k = inside
        ss = self.bd.bundle_spillset[b]
        cls = self.bd.bundle_class[b]
        reuse_id = True
        for piece in pieces:
            kept = self.trim(piece, ss)
            if not kept:
                continue
            if reuse_id:
                self.bd.bundle_ranges[b] = kept
                for r in kept:
                    self.bd.range_bundle[r] = b
                nb = b
                reuse_id = False
            else:
                nb = self.bd.new_bundle(kept, cls, ss)
                self._grow()
            self.enqueue(nb)
        if reuse_id:
            self.bd.bundle_ranges[b] = []
            self.alloc[b] = SPILLED

    def trim(self, piece: list[int], ss: int) -> list[int]:
        """Drop the parts of ``piece`` before its first and after its last use into
        spill set ``ss``'s spill bundle; returns what is left."""
        lr = self.lr
        rf = lr.range_from
        rt = lr.range_to
        up = lr.use_point
        first = -1
        last = -1
        for r in piece:
            uses = lr.range_uses[r]
            if uses:
                if first < 0:
                    first = up[uses[0]]
                last = up[uses[-1]]
        spill = self.spill_ranges[ss]
        if first < 0:
            spill.extend(piece)
            return []
        head = first & ~1
        tail = (last & ~1) + 2
        kept: list[int] = []
        for r in piece:
            if rt[r] <= head or rf[r] >= tail:
                spill.append(r)
                continue
            if rf[r] < head:
                upper = self.cut(r, head)
                spill.append(r)
                r = upper
            if rt[r] > tail:
                spill.append(self.cut(r, tail))
            kept.append(r)
        return kept

    def second_chance(self) -> None:
        """Give each spill bundle a register that is free across all of it, if any."""
        lr = self.lr
        rf = lr.range_from
        env = self.env
        for ss, ranges in enumerate(self.spill_ranges):
            if not ranges or self.spillset_stack_only[ss]:
                continue
            ranges.sort(key=rf.__getitem__)
            cls = self.bd.bundle_class[ss]
            b = self.bd.new_bundle(ranges, cls, ss)
            self._grow()
            self.weight[b] = 0.0
            for p in env.allocatable(cls):
                first, _w, _v = self.probe(b, p, 0.0)
                if first < 0:
                    self.assign(b, p)
                    self.spillset_reg[ss] = p
                    if self.explain is not None:
                        self.log(f"spill set {ss}: second chance in {alloc_str(p)}")
                    break
            self.bd.bundle_ranges[b] = []
            if self.spillset_reg[ss] >= 0:
                self.alloc[b] = NO_ALLOC
                continue
            self.alloc[b] = SPILLED
