"""Spill-slot helpers of the fast allocator: finding stack operands, sharing slots."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regalloc.env import MachineEnv
from regalloc.fast.slots import assign_real_slots, stack_operands
from regalloc.regs import STACK_BASE

# Registers, slots, and the values that make the packed scan fall back (-1, beyond 16 bits).
allocation = st.one_of(
    st.integers(0, STACK_BASE - 1),
    st.integers(STACK_BASE, STACK_BASE + 2000),
    st.sampled_from([-1, STACK_BASE - 1, STACK_BASE, 65535, 65536, 1 << 40]),
)


@given(st.lists(allocation, max_size=300))
def test_stack_operands_are_exactly_the_slot_allocations(allocs: list[int]) -> None:
    assert stack_operands(allocs) == [o for o, a in enumerate(allocs) if a >= STACK_BASE]


hull = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(st.tuples(hull, st.integers(0, 2)), max_size=40), st.lists(st.integers(1, 3), min_size=3, max_size=3))
def test_shared_slots_never_overlap_and_are_fewest(spans: list[tuple[tuple[int, int], int]], sizes: list[int]) -> None:
    env = MachineEnv(spillslot_size=sizes)
    by_class: list[list[tuple[int, int, int]]] = [[], [], []]
    for k, ((first, last), cls) in enumerate(spans):
        by_class[cls].append((first, STACK_BASE + k, last))
    real_of, num_slots = assign_real_slots(by_class, env)
    occupied: dict[int, list[tuple[int, int]]] = {}
    for k, ((first, last), cls) in enumerate(spans):
        slot = real_of[STACK_BASE + k] - STACK_BASE
        size = sizes[cls]
        assert slot % size == 0 and slot + size <= num_slots
        for s in range(slot, slot + size):
            for other_first, other_last in occupied.get(s, []):
                assert last < other_first or other_last < first
            occupied.setdefault(s, []).append((first, last))
    # Per size (largest first, aligned), as many slots as hulls overlap at one instruction.
    needed = 0
    for size in sorted(set(sizes), reverse=True):
        live = [0] * 82
        for (first, last), cls in spans:
            if sizes[cls] == size:
                for i in range(first, last + 1):
                    live[i] += 1
        if max(live):
            needed = -(-needed // size) * size + max(live) * size
    assert num_slots == needed
