"""Spill-slot assignment for the fast allocator: share slots between values whose
stack lifetimes cannot overlap.

During the walk every value that ever needs the stack uses a *virtual* slot of
its own (``STACK_BASE + vreg``); the resolver's temporaries get virtual slots
after the last vreg.  Afterwards each virtual slot gets a *hull*: the range of
instruction indices (in layout order) covering every edit or operand that
names it and every block where one of its users (the vreg, or a branch
argument parked in a parameter's slot) is live in or out.  The slot only
ever holds a user's value while that user is live, and every point where a
user is live lies inside the hull, so two virtual slots with disjoint hulls
can share one real slot.  Hulls are intervals, so greedy colouring in order of
start (reusing the slot that freed up earliest) needs the fewest slots.
"""

from __future__ import annotations

import operator
import struct
from heapq import heappop, heappush
from itertools import accumulate, count

from regalloc.env import MachineEnv
from regalloc.regs import STACK_BASE

# Every byte but zero becomes one.
_NONZERO_TO_ONE = bytes([0] + [1] * 255)


def stack_operands(allocs: list[int]) -> list[int]:
    """The operands (indices into ``allocs``, ascending) allocated to a spill slot.

    >>> stack_operands([3, STACK_BASE + 7, 0, STACK_BASE])
    [1, 3]
    """
    # Most operands are in registers.  Packed as little-endian 16-bit words, an
    # allocation is a slot exactly when its high byte is nonzero (STACK_BASE is
    # 256), so byte searches find the few slot operands at C speed.
    try:
        packed = struct.pack(f"<{len(allocs)}H", *allocs)
    except struct.error:  # an allocation beyond 16 bits (a huge function)
        return [o for o, a in enumerate(allocs) if a >= STACK_BASE]
    # Split at the slot operands: the k-th one (from 0) comes after the first k + 1 runs
    # of register operands and k slot operands.  Prefix sums of the run lengths find
    # them all at C speed, cheaper than a search for each.
    runs = packed[1::2].translate(_NONZERO_TO_ONE).split(b"\x01")
    del runs[-1]
    return list(map(operator.add, accumulate(map(len, runs)), count()))


def assign_real_slots(hulls_by_class: list[list[tuple[int, int, int]]], env: MachineEnv) -> tuple[dict[int, int], int]:
    """Map virtual slots to real ones, sharing between virtual slots with disjoint hulls.

    ``hulls_by_class[cls]`` holds ``(first, virtual, last)`` per used virtual slot
    of class ``cls``: its allocation ``virtual`` (``STACK_BASE + k``), named only
    by instructions ``first .. last``.  Returns ``(real_of, num_spillslots)``:
    ``real_of[virtual]`` is the real allocation (``STACK_BASE + slot``).
    Multi-slot classes get slot indices aligned to their size.

    >>> real_of, n = assign_real_slots([[(0, STACK_BASE + 5, 3), (4, STACK_BASE + 9, 6)], [], []], MachineEnv())
    >>> real_of == {STACK_BASE + 5: STACK_BASE, STACK_BASE + 9: STACK_BASE}, n
    (True, 1)
    """
    sizes = env.spillslot_size
    by_size: dict[int, list[tuple[int, int, int]]] = {}
    for cls, hulls in enumerate(hulls_by_class):
        if hulls:
            size = sizes[cls]
            by_size[size] = by_size[size] + hulls if size in by_size else hulls
    real_of: dict[int, int] = {}
    total = 0
    # Larger sizes first, so each size's base is known before its slots are coloured.
    for size in sorted(by_size, reverse=True):
        total = -(-total // size) * size
        base = STACK_BASE + total
        members = sorted(by_size[size])  # by first instruction (ties: virtual slot)
        # A busy colour as ``last * scale + colour`` (ordered as the pair, cheaper to compare).
        scale = len(members)
        # Never expires: spares the loop an emptiness test.
        busy = [(members[-1][0] + 1) * scale]
        free_colours: list[int] = []
        n_colours = 0
        for first, virtual, last in members:
            bound = first * scale
            while busy[0] < bound:
                heappush(free_colours, heappop(busy) % scale)
            if free_colours:
                c = heappop(free_colours)
            else:
                c = n_colours
                n_colours += 1
            real_of[virtual] = base + c * size
            heappush(busy, last * scale + c)
        total += n_colours * size
    return real_of, total
