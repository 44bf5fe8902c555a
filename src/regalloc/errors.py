"""The library's exception hierarchy.

Every error the library raises on bad input or an impossible allocation is a
:class:`RegallocError`, whose ``str()`` is one readable line naming the place
(block, instruction, operand, JSON path or line:col).  The CLI prints that line
and exits non-zero; nothing else escapes as a traceback.
"""

from __future__ import annotations


class RegallocError(Exception):
    """Base class of every error the library raises deliberately."""


def _located(message: str, block: int = -1, inst: int = -1, operand: int = -1) -> str:
    """``message`` prefixed with the place it concerns (parts that are -1 are left out)."""
    parts = [f"{name} {n}" for name, n in (("block", block), ("inst", inst), ("operand", operand)) if n >= 0]
    return f"{', '.join(parts)}: {message}" if parts else message


class FormatError(RegallocError):
    """Malformed input file (JSON or text).  ``where`` is a JSON path or ``line:col``."""

    def __init__(self, message: str, where: str = "", source: str = "") -> None:
        self.where = where
        self.source = source
        self.detail = message
        prefix = ""
        if source:
            prefix += source + ":"
        if where:
            prefix += where + ":"
        super().__init__(f"{prefix} {message}" if prefix else message)


class EnvError(RegallocError):
    """An invalid machine environment (overlapping register lists, bad scratch...)."""


class ValidationError(RegallocError):
    """A function that breaks the input rules (SSA, CFG shape, constraints).

    ``block``, ``inst`` and ``operand`` locate the problem (-1 when not applicable).
    """

    def __init__(self, message: str, block: int = -1, inst: int = -1, operand: int = -1) -> None:
        self.block = block
        self.inst = inst
        self.operand = operand
        self.detail = message
        super().__init__(_located(message, block, inst, operand))


class AllocationError(RegallocError):
    """The allocator cannot satisfy the function's constraints (e.g. too many
    simultaneously live fixed registers).  Located like :class:`ValidationError`."""

    def __init__(self, message: str, inst: int = -1, operand: int = -1) -> None:
        self.inst = inst
        self.operand = operand
        self.detail = message
        super().__init__(_located(message, inst=inst, operand=operand))


class CheckerError(RegallocError):
    """The checker found the allocation wrong.  ``inst``/``operand`` locate it
    (-1 when not applicable); the message names location, expected vreg and
    what the location holds instead."""

    def __init__(self, message: str, inst: int = -1, operand: int = -1, block: int = -1) -> None:
        self.inst = inst
        self.operand = operand
        self.block = block
        self.detail = message
        super().__init__(_located(message, block, inst, operand))
