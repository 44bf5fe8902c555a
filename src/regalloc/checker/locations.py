"""Locations as the checker sees them: registers, fixed-stack pregs and spill slots.

A value of class ``c`` in spill slot ``k`` covers slots ``k .. k + size - 1``;
the abstract state keys each covered slot separately (``STACK_BASE + slot``),
so overlapping multi-slot values clobber each other naturally.
"""

from __future__ import annotations

from regalloc.env import MachineEnv
from regalloc.regs import CLASS_NAMES, NUM_PREGS, STACK_BASE, alloc_str, preg_class


def is_memory(env: MachineEnv, a: int) -> bool:
    """Whether allocation ``a`` is memory: a spill slot or a fixed-stack preg."""
    return a >= STACK_BASE or (a >= 0 and (env.fixed_stack_mask >> a) & 1 == 1)


def is_preg(a: int) -> bool:
    return 0 <= a < NUM_PREGS


def covered(env: MachineEnv, a: int, cls: int) -> range:
    """The state keys a value of class ``cls`` at allocation ``a`` occupies."""
    if a >= STACK_BASE:
        return range(a, a + env.spillslot_size[cls])
    return range(a, a + 1)


def slot_problem(env: MachineEnv, num_spillslots: int, a: int, cls: int) -> str:
    """Why spill slot allocation ``a`` cannot hold a value of ``cls`` ('' if it can)."""
    slot = a - STACK_BASE
    size = env.spillslot_size[cls]
    if slot % size != 0:
        return f"{alloc_str(a)} is not aligned to the {size}-slot size of its class"
    if slot + size > num_spillslots:
        if size == 1:
            return f"{alloc_str(a)} is beyond num_spillslots={num_spillslots}"
        return f"{alloc_str(a)} (slots {slot}..{slot + size - 1}) is beyond num_spillslots={num_spillslots}"
    return ""


def location_problem(env: MachineEnv, num_spillslots: int, a: int, cls: int) -> str:
    """Why ``a`` is not a well-formed location for a value of class ``cls`` ('' if it is)."""
    if a < 0:
        return "has no allocation"
    if a >= STACK_BASE:
        return slot_problem(env, num_spillslots, a, cls)
    if a >= NUM_PREGS:
        return f"allocation {a} is not a valid encoding"
    if preg_class(a) != cls:
        return f"{alloc_str(a)} has the wrong class for a {CLASS_NAMES[cls]} value"
    return ""
