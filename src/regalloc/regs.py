"""Physical registers, register classes and allocations as plain integers.

Everything an allocator touches per program point is an ``int`` so that the hot
loops index flat lists and test bits in Python ints instead of chasing objects.

* A register class is ``INT`` (0), ``FLOAT`` (1) or ``VECTOR`` (2).
* A physical register (*preg*) is ``cls * 64 + index`` with ``index`` in 0..63,
  so ``preg >> 6`` is its class and ``preg & 63`` its index.  A set of pregs is a
  Python int used as a bitset (bit ``preg``).
* An *allocation* (where an operand or value lives) is ``NO_ALLOC`` (-1), a preg
  (0..191), or a spill slot ``k`` encoded as ``STACK_BASE + k``.

>>> p = parse_preg("float:3")
>>> p, preg_class(p), preg_index(p), preg_str(p)
(67, 1, 3, 'float:3')
>>> alloc_str(stack_alloc(5)), alloc_str(parse_alloc("int:2"))
('stack:5', 'int:2')
"""

from __future__ import annotations

from typing import Final

INT: Final = 0
FLOAT: Final = 1
VECTOR: Final = 2
NUM_CLASSES: Final = 3
CLASS_NAMES: Final = ("int", "float", "vector")
CLASS_BY_NAME: Final = {"int": INT, "float": FLOAT, "vector": VECTOR}

REGS_PER_CLASS: Final = 64
NUM_PREGS: Final = NUM_CLASSES * REGS_PER_CLASS

NO_ALLOC: Final = -1
STACK_BASE: Final = 256


def preg(cls: int, index: int) -> int:
    """The preg of register ``index`` in class ``cls``."""
    return cls * REGS_PER_CLASS + index


def preg_class(p: int) -> int:
    return p >> 6


def preg_index(p: int) -> int:
    return p & 63


def preg_str(p: int) -> str:
    return f"{CLASS_NAMES[p >> 6]}:{p & 63}"


def parse_class(name: str) -> int:
    """Class number for ``"int" | "float" | "vector"``; ValueError otherwise."""
    cls = CLASS_BY_NAME.get(name)
    if cls is None:
        raise ValueError(f"unknown register class {name!r} (expected int, float or vector)")
    return cls


def parse_preg(text: str) -> int:
    """Parse ``"<class>:<index>"``; ValueError with a readable reason otherwise."""
    cls_name, sep, idx_text = text.partition(":")
    if not sep or not idx_text.isdigit():
        raise ValueError(f"bad physical register {text!r} (expected like 'int:3')")
    idx = int(idx_text)
    if idx >= REGS_PER_CLASS:
        raise ValueError(f"register index out of range in {text!r} (0..63)")
    return preg(parse_class(cls_name), idx)


def stack_alloc(slot: int) -> int:
    return STACK_BASE + slot


def is_reg_alloc(a: int) -> bool:
    return 0 <= a < STACK_BASE


def is_stack_alloc(a: int) -> bool:
    return a >= STACK_BASE


def alloc_slot(a: int) -> int:
    return a - STACK_BASE


def alloc_str(a: int) -> str:
    if a < 0:
        return "none"
    if a >= STACK_BASE:
        return f"stack:{a - STACK_BASE}"
    return preg_str(a)


def parse_alloc(text: str) -> int:
    """Parse ``"int:3"``, ``"stack:5"`` or ``"none"``; ValueError otherwise."""
    if text == "none":
        return NO_ALLOC
    if text.startswith("stack:"):
        slot_text = text[6:]
        if not slot_text.isdigit():
            raise ValueError(f"bad stack allocation {text!r} (expected like 'stack:5')")
        return STACK_BASE + int(slot_text)
    return parse_preg(text)


#: ``1 << p`` for each preg ``p``: in hot code a lookup (and a bit test ``mask & PREG_BIT[p]``)
#: is cheaper than shifting.
PREG_BIT: Final = tuple(1 << p for p in range(NUM_PREGS))


def mask_of(pregs: list[int]) -> int:
    """Bitset (bit ``p`` set) of the given pregs."""
    m = 0
    for p in pregs:
        m |= 1 << p
    return m


def pregs_of_mask(mask: int) -> list[int]:
    """Pregs whose bits are set in ``mask``, ascending."""
    out: list[int] = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
