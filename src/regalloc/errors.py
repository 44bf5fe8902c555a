"""The library's exception hierarchy.

Every error the library raises on bad input or an impossible allocation is a
:class:`RegallocError`, whose ``str()`` is one readable line naming the place
(block, instruction, operand, JSON path or line:col).  The CLI prints that line
and exits non-zero; nothing else escapes as a traceback.
"""

from __future__ import annotations


class RegallocError(Exception):
    """Base class of every error the library raises deliberately."""


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
        parts = []
        if block >= 0:
            parts.append(f"block {block}")
        if inst >= 0:
            parts.append(f"inst {inst}")
        if operand >= 0:
            parts.append(f"operand {operand}")
        where = ", ".join(parts)
        super().__init__(f"{where}: {message}" if where else message)


class AllocationError(RegallocError):
    """The allocator cannot satisfy the function's constraints (e.g. too many
    simultaneously live fixed registers).  Located like :class:`ValidationError`."""

    def __init__(self, message: str, inst: int = -1, operand: int = -1) -> None:
        self.inst = inst
        self.operand = operand
        self.detail = message
        parts = []
        if inst >= 0:
            parts.append(f"inst {inst}")
        if operand >= 0:
            parts.append(f"operand {operand}")
        where = ", ".join(parts)
        super().__init__(f"{where}: {message}" if where else message)


class CheckerError(RegallocError):
    """The checker found the allocation wrong.  ``inst``/``operand`` locate it
    (-1 when not applicable); the message names location, expected vreg and
    what the location holds instead."""

    def __init__(self, message: str, inst: int = -1, operand: int = -1, block: int = -1) -> None:
        self.inst = inst
        self.operand = operand
        self.block = block
        self.detail = message
        parts = []
        if block >= 0:
            parts.append(f"block {block}")
        if inst >= 0:
            parts.append(f"inst {inst}")
        if operand >= 0:
            parts.append(f"operand {operand}")
        where = ", ".join(parts)
        super().__init__(f"{where}: {message}" if where else message)
