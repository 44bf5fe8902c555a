"""Spill slots: one per spill set, shared between spill sets that never overlap.

Each spill set still on the stack after the second chance gets a slot.  Slots
of one class (and so one size) remember the ranges they hold; a spill set
takes the first of the most recent few slots it does not overlap, otherwise a
fresh slot aligned to the class's slot size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from regalloc.ion.liveranges import LiveRanges

# How many existing slots of a class a spill set tries before taking a new one.
PROBE_LIMIT = 8


class SpillSlots:
    """Slot assignment: ``spillset_slot[ss]`` (a slot index, or -1)."""

    def __init__(self, num_spillsets: int) -> None:
        self.spillset_slot: list[int] = [-1] * num_spillsets
        self.num_slots = 0
        self.slot_from: list[list[int]] = []
        self.slot_to: list[list[int]] = []
        self.slot_index: list[int] = []
        self.class_slots: list[list[int]] = [[], [], []]

    def new_slot(self, size: int) -> int:
        """A fresh slot of ``size`` units, aligned; returns its first unit."""
        start = -(-self.num_slots // size) * size
        self.num_slots = start + size
        return start

    def fits(self, s: int, froms: list[int], tos: list[int]) -> bool:
        sf = self.slot_from[s]
        st = self.slot_to[s]
        for f, t in zip(froms, tos, strict=True):
            k = bisect_right(sf, f) - 1
            if k >= 0 and st[k] > f:
                return False
            if k + 1 < len(sf) and sf[k + 1] < t:
                return False
        return True

    def place(self, s: int, froms: list[int], tos: list[int]) -> None:
        sf = self.slot_from[s]
        st = self.slot_to[s]
        for f, t in zip(froms, tos, strict=True):
            k = bisect_left(sf, f)
            sf.insert(k, f)
            st.insert(k, t)

    def assign(self, ss: int, cls: int, size: int, froms: list[int], tos: list[int]) -> int:
        """Give spill set ``ss`` (class ``cls``, ranges ``froms/tos``) a slot."""
        slots = self.class_slots[cls]
        for s in reversed(slots[-PROBE_LIMIT:]):
            if self.fits(s, froms, tos):
                self.place(s, froms, tos)
                self.spillset_slot[ss] = self.slot_index[s]
                return self.slot_index[s]
        s = len(self.slot_from)
        self.slot_from.append([])
        self.slot_to.append([])
        self.slot_index.append(self.new_slot(size))
        slots.append(s)
        self.place(s, froms, tos)
        self.spillset_slot[ss] = self.slot_index[s]
        return self.slot_index[s]


def assign_spill_slots(
    lr: LiveRanges, spill_ranges: list[list[int]], spillset_reg: list[int], spillset_class: list[int]
) -> SpillSlots:
    """Slots for every spill set with ranges left on the stack."""
    slots = SpillSlots(len(spill_ranges))
    rf = lr.range_from
    rt = lr.range_to
    sizes = lr.env.spillslot_size
    for ss, ranges in enumerate(spill_ranges):
        if not ranges or spillset_reg[ss] >= 0:
            continue
        ranges.sort(key=rf.__getitem__)
        cls = spillset_class[ss]
        slots.assign(ss, cls, sizes[cls], [rf[r] for r in ranges], [rt[r] for r in ranges])
    return slots
