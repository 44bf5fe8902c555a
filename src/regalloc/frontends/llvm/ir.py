"""The front end's own IR records and the small text facts read from LLVM's printed IR.

The reader fills these records (see :mod:`regalloc.frontends.llvm.reader` and
:mod:`regalloc.frontends.llvm.textir`); the lowering reads only them.  Values
are numbered per function: the arguments first, then instruction results in the
order they are first met (an operand may name a result defined further down,
e.g. a phi's back-edge input).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from regalloc.errors import RegallocError

# Value kinds of an operand.
LOCAL = 0  # an argument or instruction result, numbered per function
CONST_INT = 1
CONST_FP = 2
NULL = 3
GLOBAL = 4  # address of a global variable or function (``text`` is its name)
UNDEF = 5  # undef or poison
CONST_EXPR = 6  # a constant expression (``text`` is its printed form)
BLOCK = 7  # a basic block (``index`` is its number)
OTHER = 8  # metadata, inline asm, vector or aggregate constants...
VREG = 9  # made by the lowering: a field of a two-register aggregate, already in vreg ``index``

FAST_MATH_FLAGS = frozenset({"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"})
ICMP_PREDICATES = frozenset({"eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "sge", "slt", "sle"})
FCMP_PREDICATES = frozenset(
    {"false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true"}
)


class LlvmFrontendError(RegallocError):
    """A problem reading LLVM IR (the module as a whole cannot be used)."""


class LlvmliteMissingError(LlvmFrontendError):
    """llvmlite, needed to read LLVM IR, is not installed."""


@dataclass(slots=True)
class IRValue:
    """One operand: its kind, LLVM type text and payload."""

    kind: int
    type: str
    index: int = -1
    imm: int = 0
    fimm: float = 0.0
    text: str = ""


@dataclass(slots=True)
class IRInst:
    """One instruction.  ``result`` is its value number, -1 when it has none."""

    opcode: str
    type: str
    result: int
    operands: list[IRValue]
    text: str = ""
    predicate: str = ""
    callee: str = ""
    incoming: list[int] = field(default_factory=list)
    gep_type: str = ""
    cases: list[int] = field(default_factory=list)
    arg_attrs: list[str] = field(default_factory=list)  # call: attribute text of each argument


@dataclass
class IRBlock:
    insts: list[IRInst]


@dataclass
class IRFunction:
    """One defined function, with its values numbered 0..num_values-1 (arguments first)."""

    name: str
    return_type: str
    param_types: list[str]
    param_attrs: list[list[str]]
    vararg: bool
    calling_convention: str
    blocks: list[IRBlock]
    value_types: list[str]
    num_ir_insts: int = 0


@dataclass
class IRModule:
    """The functions of a module (declarations left out) and its named type bodies."""

    functions: list[IRFunction]
    module_text: str
    read_errors: dict[str, str] = field(default_factory=dict)


_CALLING_CONVENTIONS = re.compile(r"\b(fastcc|coldcc|ccc|cc\s*\d+|\w+cc|swiftcc|tailcc)\b")


def calling_convention_of(header: str) -> str:
    """The calling convention named in a define header or call text (``"ccc"`` if none)."""
    m = _CALLING_CONVENTIONS.search(header)
    return m.group(1) if m else "ccc"


def compare_predicate(text: str, opcode: str) -> str:
    """The predicate of an ``icmp``/``fcmp`` from its text (fast-math and samesign flags skipped).

    >>> compare_predicate("  %3 = icmp samesign ult i32 %2, 9", "icmp")
    'ult'
    >>> compare_predicate("%c = fcmp fast olt double %a, %b", "fcmp")
    'olt'
    """
    known = ICMP_PREDICATES if opcode == "icmp" else FCMP_PREDICATES
    words = text.split()
    try:
        k = words.index(opcode) + 1
    except ValueError as exc:
        raise LlvmFrontendError(f"no {opcode} in {text.strip()!r}") from exc
    while k < len(words):
        word = words[k]
        if word in known:
            return word
        if word not in FAST_MATH_FLAGS and word != "samesign":
            break
        k += 1
    raise LlvmFrontendError(f"cannot read the predicate of {text.strip()!r}")


def call_is_variadic(text: str) -> bool:
    """Whether a call's printed function type ends in ``...`` (a variadic callee).

    >>> call_is_variadic("%r = call i32 (ptr, ...) @printf(ptr @fmt, i32 %x)")
    True
    >>> call_is_variadic("%r = call i32 @f(ptr @fmt)")
    False
    """
    return "...)" in text


def signed_value(raw: int, type_text: str) -> int:
    """The two's-complement value of an integer constant's raw bits (llvmlite sign-extends only whole words).

    >>> signed_value(4294967295, "i32"), signed_value(1, "i1"), signed_value(200, "i8"), signed_value(7, "i64")
    (-1, -1, -56, 7)
    """
    bits = int(type_text[1:]) if type_text[1:].isdigit() else 64
    raw &= (1 << bits) - 1
    return raw - (1 << bits) if raw >> (bits - 1) else raw


