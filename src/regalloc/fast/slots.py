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

import heapq

from regalloc.env import MachineEnv
from regalloc.regs import STACK_BASE


def assign_real_slots(
    num_virtual: int,
    virtual_class: list[int],
    hull_start: list[int],
    hull_end: list[int],
    env: MachineEnv,
) -> tuple[list[int], int]:
    """Map used virtual slots (``hull_start[k] <= hull_end[k]``) to real slot allocations.

    Returns ``(alloc_of_virtual, num_spillslots)``: ``alloc_of_virtual[k]`` is the
    allocation (``STACK_BASE + slot``) of virtual slot ``k`` or -1 if unused.
    Multi-slot classes get slot indices aligned to their size.
    """
    sizes = env.spillslot_size
    by_size: dict[int, list[int]] = {}
    for k in range(num_virtual):
        if hull_start[k] <= hull_end[k]:
            by_size.setdefault(sizes[virtual_class[k]], []).append(k)
    color_of = [-1] * num_virtual
    colors_needed: dict[int, int] = {}
    for size, members in by_size.items():
        members.sort(key=lambda k: hull_start[k])
        busy: list[tuple[int, int]] = []  # (hull end, colour)
        free_colors: list[int] = []
        n_colors = 0
        for k in members:
            start = hull_start[k]
            while busy and busy[0][0] < start:
                heapq.heappush(free_colors, heapq.heappop(busy)[1])
            if free_colors:
                c = heapq.heappop(free_colors)
            else:
                c = n_colors
                n_colors += 1
            color_of[k] = c
            heapq.heappush(busy, (hull_end[k], c))
        colors_needed[size] = n_colors
    base_of: dict[int, int] = {}
    total = 0
    for size in sorted(colors_needed, reverse=True):
        total = -(-total // size) * size
        base_of[size] = total
        total += colors_needed[size] * size
    alloc_of = [-1] * num_virtual
    for k in range(num_virtual):
        c = color_of[k]
        if c >= 0:
            size = sizes[virtual_class[k]]
            alloc_of[k] = STACK_BASE + base_of[size] + c * size
    return alloc_of, total
