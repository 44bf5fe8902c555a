"""The instruction-selection table: which x86-64 instruction (and rule) each LLVM operation becomes.

The lowering in :mod:`regalloc.frontends.llvm.x86_64` looks every operation up
here; an operation missing from these tables makes its function unsupported.
The *rule* names the operand shape (two-address ALU op, shift with its count
in ``rcx``, division in ``rax:rdx``, call...); the tables give the mnemonics.

>>> RULES["sdiv"], ALU_MNEMONICS["lshr"], condition_code("icmp", "ult")
('divide', 'shr', 'b')
>>> intrinsic_rule("llvm.smin.i32"), intrinsic_rule("llvm.memcpy.p0.p0.i64")
(('minmax', 'l'), ('libcall', 'memcpy'))
"""

from __future__ import annotations

from typing import Final

# Rule per LLVM opcode (intrinsic calls are refined by :func:`intrinsic_rule`).
RULES: Final[dict[str, str]] = {
    "add": "alu",
    "sub": "alu",
    "and": "alu",
    "or": "alu",
    "xor": "alu",
    "mul": "alu",
    "shl": "shift",
    "lshr": "shift",
    "ashr": "shift",
    "udiv": "divide",
    "sdiv": "divide",
    "urem": "divide",
    "srem": "divide",
    "fadd": "fp_binary",
    "fsub": "fp_binary",
    "fmul": "fp_binary",
    "fdiv": "fp_binary",
    "frem": "fp_libcall",
    "fneg": "fp_negate",
    "icmp": "compare",
    "fcmp": "compare",
    "select": "select",
    "zext": "extend",
    "sext": "extend",
    "trunc": "alias",
    "ptrtoint": "alias",
    "inttoptr": "alias",
    "freeze": "alias",
    "bitcast": "bitcast",
    "fpext": "convert",
    "fptrunc": "convert",
    "sitofp": "convert",
    "uitofp": "convert",
    "fptosi": "convert",
    "fptoui": "convert",
    "getelementptr": "address",
    "insertelement": "insert_lane",
    "extractelement": "extract_lane",
    "shufflevector": "shuffle",
    "extractvalue": "field",
    "insertvalue": "field",
    "alloca": "frame",
    "load": "load",
    "store": "store",
    "call": "call",
    "phi": "phi",
    "br": "branch",
    "switch": "switch",
    "ret": "return",
    "unreachable": "trap",
}

# Reasons for opcodes the lowering deliberately does not handle.
UNSUPPORTED_OPCODES: Final[dict[str, str]] = {
    "atomicrmw": "atomic read-modify-write",
    "cmpxchg": "atomic compare-exchange",
    "fence": "memory fence",
    "va_arg": "va_arg",
    "indirectbr": "indirect branch",
    "invoke": "exception handling (invoke)",
    "landingpad": "exception handling (landingpad)",
    "resume": "exception handling (resume)",
    "callbr": "callbr (asm goto)",
}

ALU_MNEMONICS: Final[dict[str, str]] = {
    "add": "add",
    "sub": "sub",
    "and": "and",
    "or": "or",
    "xor": "xor",
    "mul": "imul",
    "shl": "shl",
    "lshr": "shr",
    "ashr": "sar",
}
COMMUTATIVE: Final = frozenset({"add", "and", "or", "xor", "mul"})

FP_MNEMONICS: Final[dict[str, str]] = {"fadd": "adds", "fsub": "subs", "fmul": "muls", "fdiv": "divs"}

# Condition-code suffixes (jcc / setcc / cmovcc).  Unordered float compares
# check the parity flag too; the suffix names the main condition.
_ICMP_CODES: Final[dict[str, str]] = {
    "eq": "e",
    "ne": "ne",
    "slt": "l",
    "sle": "le",
    "sgt": "g",
    "sge": "ge",
    "ult": "b",
    "ule": "be",
    "ugt": "a",
    "uge": "ae",
}
_FCMP_CODES: Final[dict[str, str]] = {
    "oeq": "e",
    "one": "ne",
    "ogt": "a",
    "oge": "ae",
    "olt": "b",
    "ole": "be",
    "ord": "np",
    "uno": "p",
    "ueq": "e",
    "une": "ne",
    "ugt": "a",
    "uge": "ae",
    "ult": "b",
    "ule": "be",
    "true": "mp",
    "false": "mp",
}


def condition_code(opcode: str, predicate: str) -> str:
    """The x86 condition-code suffix of an ``icmp``/``fcmp`` predicate."""
    table = _ICMP_CODES if opcode == "icmp" else _FCMP_CODES
    return table[predicate]


# Intrinsics: name prefix -> (rule, detail).  Longest prefix wins.
_INTRINSICS: Final[dict[str, tuple[str, str]]] = {
    "llvm.memcpy.": ("libcall", "memcpy"),
    "llvm.memcpy.inline.": ("libcall", "memcpy"),
    "llvm.memmove.": ("libcall", "memmove"),
    "llvm.memset.": ("libcall", "memset"),
    "llvm.memset.inline.": ("libcall", "memset"),
    "llvm.smin.": ("minmax", "l"),
    "llvm.smax.": ("minmax", "g"),
    "llvm.umin.": ("minmax", "b"),
    "llvm.umax.": ("minmax", "a"),
    "llvm.abs.": ("abs", ""),
    "llvm.lifetime.": ("drop", ""),
    "llvm.assume": ("drop", ""),
    "llvm.dbg.": ("drop", ""),
    "llvm.experimental.noalias.scope.decl": ("drop", ""),
    "llvm.invariant.": ("drop", ""),
    "llvm.sideeffect": ("drop", ""),
    "llvm.pseudoprobe": ("drop", ""),
    "llvm.donothing": ("drop", ""),
    "llvm.expect.": ("alias", ""),
    "llvm.expect.with.probability.": ("alias", ""),
    "llvm.fabs.": ("fp_mask", "andp"),
    "llvm.sqrt.": ("fp_unary", "sqrts"),
    "llvm.fmuladd.": ("fmuladd", ""),
    "llvm.ctpop.": ("int_unary", "popcnt"),
    "llvm.ctlz.": ("int_unary", "lzcnt"),
    "llvm.cttz.": ("int_unary", "tzcnt"),
    "llvm.bswap.": ("bswap", "bswap"),
    "llvm.fshl.": ("funnel", "shld"),
    "llvm.fshr.": ("funnel", "shrd"),
    "llvm.trap": ("trap_call", "ud2"),
    "llvm.debugtrap": ("trap_call", "int3"),
    "llvm.ubsantrap": ("trap_call", "ud2"),
    "llvm.prefetch.": ("prefetch", "prefetcht0"),
    "llvm.usub.sat.": ("saturate", "sub"),
    "llvm.uadd.sat.": ("saturate", "add"),
    "llvm.fma.": ("fp_libm", "fma"),
    "llvm.vector.reduce.add.": ("reduce", "add"),
    "llvm.vector.reduce.mul.": ("reduce", "mul"),
    "llvm.vector.reduce.and.": ("reduce", "and"),
    "llvm.vector.reduce.or.": ("reduce", "or"),
    "llvm.vector.reduce.xor.": ("reduce", "xor"),
    "llvm.vector.reduce.smax.": ("reduce", "smax"),
    "llvm.vector.reduce.smin.": ("reduce", "smin"),
    "llvm.vector.reduce.umax.": ("reduce", "umax"),
    "llvm.vector.reduce.umin.": ("reduce", "umin"),
    "llvm.floor.": ("fp_libm", "floor"),
    "llvm.ceil.": ("fp_libm", "ceil"),
    "llvm.trunc.": ("fp_libm", "trunc"),
    "llvm.rint.": ("fp_libm", "rint"),
    "llvm.nearbyint.": ("fp_libm", "nearbyint"),
    "llvm.round.": ("fp_libm", "round"),
    "llvm.roundeven.": ("fp_libm", "roundeven"),
    "llvm.pow.": ("fp_libm", "pow"),
    "llvm.exp.": ("fp_libm", "exp"),
    "llvm.exp2.": ("fp_libm", "exp2"),
    "llvm.log.": ("fp_libm", "log"),
    "llvm.log2.": ("fp_libm", "log2"),
    "llvm.log10.": ("fp_libm", "log10"),
    "llvm.sin.": ("fp_libm", "sin"),
    "llvm.cos.": ("fp_libm", "cos"),
    "llvm.minnum.": ("fp_libm", "fmin"),
    "llvm.maxnum.": ("fp_libm", "fmax"),
    "llvm.copysign.": ("fp_libm", "copysign"),
}


_RULE_CACHE: dict[str, tuple[str, str] | None] = {}


def intrinsic_rule(name: str) -> tuple[str, str] | None:
    """``(rule, detail)`` of intrinsic ``name``, or None when the lowering does not support it."""
    if name in _RULE_CACHE:
        return _RULE_CACHE[name]
    best: tuple[str, str] | None = None
    best_len = -1
    for prefix, rule in _INTRINSICS.items():
        if len(prefix) > best_len and (name.startswith(prefix) or name == prefix.rstrip(".")):
            best = rule
            best_len = len(prefix)
    _RULE_CACHE[name] = best
    return best


def width_suffix(bits: int) -> str:
    """The Intel-syntax register width (``"32"``) used in mnemonics of sized moves."""
    return str(bits if bits in (8, 16, 32, 64) else 64)


def fp_suffix(type_text: str) -> str:
    """``"sd"``/``"ss"`` for double/float, ``"pd"``/``"ps"`` for their vectors (SSE mnemonics)."""
    if type_text.startswith("<"):
        return "ps" if "float" in type_text else "pd"
    return "ss" if type_text == "float" else "sd"


_VECTOR_OPS: Final[dict[str, str]] = {
    "add": "padd",
    "sub": "psub",
    "mul": "pmull",
    "and": "pand",
    "or": "por",
    "xor": "pxor",
    "shl": "psll",
    "lshr": "psrl",
    "ashr": "psra",
}
_LANE_SUFFIX: Final[dict[str, str]] = {"i8": "b", "i16": "w", "i32": "d", "i64": "q"}


def vector_mnemonic(opcode: str, type_text: str) -> str:
    """SSE2 mnemonic of an integer vector operation (``add`` on ``<4 x i32>`` -> ``paddd``).

    >>> vector_mnemonic("add", "<4 x i32>"), vector_mnemonic("xor", "<2 x i64>")
    ('paddd', 'pxor')
    """
    base = _VECTOR_OPS[opcode]
    if opcode in ("and", "or", "xor"):
        return base
    elem = type_text[type_text.rfind(" ") + 1 : -1]
    return base + _LANE_SUFFIX.get(elem, "")
