"""Lowering one LLVM function to x86-64 System V allocator input.

The result is a :class:`~regalloc.function.Function` for the ``x86_64-sysv``
preset in which x86's rules are operand constraints:

* two-address ALU and SSE ops define their result with ``reuse`` of the first
  input; variable shift counts are fixed in ``rcx``; division takes its dividend
  in ``rax``/``rdx`` and yields the quotient in ``rax`` or the remainder in
  ``rdx``, clobbering the other;
* calls take integer/pointer arguments in rdi, rsi, rdx, rcx, r8, r9 and float
  arguments in xmm0-7 (the rest in the outgoing fixed-stack slots), define their
  result in rax/xmm0 and clobber every other caller-saved register; incoming
  arguments are defined at entry in the same registers or incoming stack slots;
* phis become block parameters, critical edges get edge blocks, constants are
  materialised right before their use as rematerializable vregs, constant and
  scaled-index ``getelementptr``\\s fold into the addressing modes of the loads
  and stores using them, and a single-use compare fuses into its branch or select;
* SSE vectors of up to 128 bits live in xmm registers: a function using them is
  lowered for :func:`sse_vector_env`, where every xmm value is in the vector
  class and spills to 16 bytes; two-field aggregates of scalars (``{ i64, i64 }``
  results) travel as one vreg per field, in rax/rdx or xmm0/xmm1.

Whatever is outside that subset raises :class:`UnsupportedFunction` with the
reason; the module driver records it and skips the function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from regalloc.env import Abi, MachineEnv
from regalloc.errors import RegallocError
from regalloc.frontends.llvm import isel
from regalloc.frontends.llvm.ir import (
    BLOCK,
    CONST_EXPR,
    CONST_FP,
    CONST_INT,
    GLOBAL,
    LOCAL,
    NULL,
    OTHER,
    UNDEF,
    VREG,
    IRFunction,
    IRInst,
    IRValue,
    call_is_variadic,
    calling_convention_of,
)
from regalloc.frontends.llvm.textir import aggregate_fields
from regalloc.frontends.llvm.types import TypeLayout, TypeParseError
from regalloc.function import (
    Constraint,
    Fixed,
    Function,
    FunctionBuilder,
    Operand,
    Reuse,
    define,
    use,
)
from regalloc.presets import get_preset
from regalloc.regs import FLOAT, INT, VECTOR, preg

RAX = preg(INT, 0)
RCX = preg(INT, 1)
RDX = preg(INT, 2)
INCOMING_STACK_BASE = 32
OUTGOING_STACK_BASE = 40
STACK_ARG_SLOTS = 8
SUPPORTED_CONVENTIONS = frozenset({"ccc", "fastcc"})
_INT32_MIN = -(1 << 31)
_INT32_MAX = (1 << 31) - 1
_VECTOR_TYPE = re.compile(r"<(\d+) x (i\d+|float|double|ptr)>$")
_SWAPPED_ICMP = {
    "eq": "eq",
    "ne": "ne",
    "slt": "sgt",
    "sgt": "slt",
    "sle": "sge",
    "sge": "sle",
    "ult": "ugt",
    "ugt": "ult",
    "ule": "uge",
    "uge": "ule",
}


class UnsupportedFunction(RegallocError):
    """The function uses something outside the lowering's subset; ``reason`` says what."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


_COMMON_BITS = {"i1": 1, "i8": 8, "i16": 16, "i32": 32, "i64": 64, "ptr": 64, "float": 0, "double": 0}
_CLASS_CACHE: dict[str, int] = {}


def int_bits(type_text: str) -> int:
    """Width of an integer type text (``"i32"`` -> 32), 64 for ``ptr``, 0 otherwise."""
    bits = _COMMON_BITS.get(type_text)
    if bits is not None:
        return bits
    if len(type_text) > 1 and type_text[0] == "i" and type_text[1:].isdigit():
        return int(type_text[1:])
    return 0


def vector_bits(type_text: str) -> int:
    """Total width of a vector type text (``"<4 x i32>"`` -> 128); 0 if unknown."""
    m = _VECTOR_TYPE.match(type_text)
    if m is None:
        return 0
    elem = m.group(2)
    elem_bits = 32 if elem == "float" else 64 if elem in ("double", "ptr") else int_bits(elem)
    return int(m.group(1)) * elem_bits


def register_class(type_text: str) -> int:
    """INT, or FLOAT for a value in an xmm register (float, double, a vector of up to
    128 bits); :class:`UnsupportedFunction` otherwise."""
    cls = _CLASS_CACHE.get(type_text)
    if cls is None:
        cls = _register_class(type_text)
        _CLASS_CACHE[type_text] = cls
    return cls


def _register_class(type_text: str) -> int:
    if type_text in ("float", "double"):
        return FLOAT
    bits = int_bits(type_text)
    if 0 < bits <= 64:
        return INT
    if bits:
        raise UnsupportedFunction(f"{type_text} value")
    if type_text.startswith("<"):
        if type_text == "<vector i1>":
            return FLOAT
        width = vector_bits(type_text)
        if 0 < width <= 128:
            return FLOAT
        raise UnsupportedFunction(f"vector value {type_text}")
    if type_text.startswith(("{", "[", "%")):
        raise UnsupportedFunction(f"aggregate value {type_text}")
    raise UnsupportedFunction(f"{type_text} value")


class _ArgumentSlots:
    """System V argument locations in order: the next integer or float argument
    register of the class, else the next stack word above ``stack_base``."""

    def __init__(self, abi: Abi, stack_base: int, overflow: str) -> None:
        self.abi = abi
        self.stack_base = stack_base
        self.overflow = overflow
        self.n_int = 0
        self.n_float = 0
        self.n_stack = 0

    def next(self, cls: int) -> int:
        """The preg carrying the next argument of class ``cls``."""
        if cls == INT and self.n_int < len(self.abi.int_args):
            self.n_int += 1
            return self.abi.int_args[self.n_int - 1]
        if cls != INT and self.n_float < len(self.abi.float_args):
            self.n_float += 1
            return self.abi.float_args[self.n_float - 1]
        if self.n_stack >= STACK_ARG_SLOTS:
            raise UnsupportedFunction(self.overflow)
        self.n_stack += 1
        return preg(cls, self.stack_base + self.n_stack - 1)


@dataclass(slots=True)
class _Address:
    """``base + index * scale + disp`` of a getelementptr; ``encodable`` if one x86 addressing mode holds it."""

    base: IRValue
    index: IRValue | None
    index_type: str
    scale: int
    disp: int
    encodable: bool
    extra_terms: list[tuple[IRValue, str, int]]  # further variable (index, type, scale) terms


# Use kinds recorded per value by the pre-pass.
_ADDRESS_USE = 1  # pointer operand of a load or store
_GEP_BASE_USE = 2  # base pointer of a getelementptr
_OTHER_USE = 4


class X86Lowering:
    """Lowers one :class:`IRFunction`; call :meth:`lower` once."""

    def __init__(self, irf: IRFunction, env: MachineEnv, layout: TypeLayout) -> None:
        if env.abi is None:
            raise RegallocError("the x86-64 lowering needs a machine env with ABI facts (x86_64-sysv)")
        self.irf = irf
        self.env = env
        self.abi: Abi = env.abi
        self.layout = layout
        self.fb = FunctionBuilder(irf.name)
        nv = len(irf.value_types)
        self.vreg_of = [-1] * nv
        self.replacement: dict[int, IRValue] = {}
        self.def_inst: list[IRInst | None] = [None] * nv
        self.def_block = [-1] * nv
        self.use_count = [0] * nv
        self.use_kinds = [0] * nv
        self.sole_user: list[IRInst | None] = [None] * nv
        self.sole_user_block = [-1] * nv
        # Values that are fixed stack addresses (static allocas, byval parameters) -> "frame0", "in2"...
        self.frame_slot: dict[int, str] = {}
        self.addresses: dict[int, _Address | None] = {}
        self.fused: set[int] = set()
        self.block_id: list[int] = []
        self.preds: list[list[int]] = []
        self.succs: list[list[int]] = []
        self.pending_edges: list[tuple[int, int, int]] = []  # (edge block id, from IR block, to IR block)
        self.caller_saved = list(self.abi.caller_saved)
        self.fp = FLOAT  # class of xmm values; VECTOR when the function has vectors (16-byte spills)
        self.parts: dict[int, list[IRValue]] = {}  # two-register aggregates: the value of each field

    # Entry point -------------------------------------------------------------------
    def lower(self) -> Function:
        """The lowered function (not yet validated)."""
        irf = self.irf
        if irf.calling_convention not in SUPPORTED_CONVENTIONS:
            raise UnsupportedFunction(f"calling convention {irf.calling_convention}")
        if irf.return_type != "void":
            self._check_type(irf.return_type)
        if _has_vectors(irf):
            self._use_vector_env()
        self._analyse_cfg()
        self._prepass()
        fb = self.fb
        fb.callee_saved = list(self.abi.callee_saved)
        for b, ir_block in enumerate(irf.blocks):
            if self.block_id[b] < 0:
                continue
            params: list[int] = []
            for inst in ir_block.insts:
                if inst.opcode != "phi":
                    break
                if aggregate_fields(inst.type):
                    params.extend(p.index for p in self._parts_of(IRValue(LOCAL, inst.type, index=inst.result)))
                else:
                    params.append(self._vreg_for(inst.result))
            fb.start_block(self.block_id[b], params)
            if b == 0:
                self._incoming_arguments()
            for inst in ir_block.insts:
                if inst.opcode != "phi":
                    self._lower_inst(inst, b)
        for edge_block, src, dst in self.pending_edges:
            fb.start_block(edge_block)
            args = self._edge_args(src, dst)
            fb.branch([(self.block_id[dst], args)], mnemonic="jmp")
        return fb.finish()

    def _use_vector_env(self) -> None:
        """Put every xmm value in the vector class of :func:`sse_vector_env` (16-byte spill slots)."""
        self.env = sse_vector_env()
        assert self.env.abi is not None
        self.abi = self.env.abi
        self.caller_saved = list(self.abi.caller_saved)
        self.fp = VECTOR

    def _check_type(self, type_text: str) -> None:
        """Reject a value type the lowering cannot hold (two-scalar aggregates are fine)."""
        fields = aggregate_fields(type_text)
        if not fields:
            register_class(type_text)
            return
        if len(fields) != 2 or any(f.startswith("<") for f in fields):
            raise UnsupportedFunction(f"aggregate value {type_text}")
        for f in fields:
            register_class(f)

    def _parts_of(self, value: IRValue) -> list[IRValue]:
        """The two field values of an aggregate (fresh vregs for call and phi results)."""
        fields = aggregate_fields(value.type)
        if value.kind != LOCAL:
            if value.kind == UNDEF:
                return [IRValue(UNDEF, f) for f in fields]
            if value.kind == OTHER and value.text == "zeroinitializer":
                return [_zero(f) for f in fields]
            raise UnsupportedFunction(f"aggregate operand {value.text or value.kind}")
        n = value.index
        known = self.parts.get(n)
        if known is not None:
            return known
        inst = self.def_inst[n]
        if inst is not None and inst.opcode == "insertvalue":
            if len(inst.cases) != 1:
                raise UnsupportedFunction("nested aggregate field")
            parts = list(self._parts_of(inst.operands[0]))
            parts[inst.cases[0]] = inst.operands[1]
        elif inst is not None and inst.opcode in ("call", "phi"):
            parts = [IRValue(VREG, f, index=self.fb.vreg(self.cls_of(f))) for f in fields]
        else:
            raise UnsupportedFunction(f"aggregate value {value.type} from {inst.opcode if inst else 'a parameter'}")
        self.parts[n] = parts
        return parts

    def _result_registers(self, type_text: str) -> list[int]:
        """Where a value of ``type_text`` is returned: rax/xmm0, or rax, rdx / xmm0, xmm1 by field."""
        fields = aggregate_fields(type_text) or [type_text]
        ints = [RAX, RDX]
        floats = list(self.abi.float_rets)
        return [ints.pop(0) if register_class(f) == INT else floats.pop(0) for f in fields]

    def cls_of(self, type_text: str) -> int:
        """The vreg class of a value of ``type_text`` in this function."""
        return INT if register_class(type_text) == INT else self.fp

    # Analysis ----------------------------------------------------------------------
    def _successors_of(self, inst: IRInst) -> list[int]:
        if inst.opcode == "br":
            if len(inst.operands) == 1:
                return [inst.operands[0].index]
            return [inst.operands[1].index, inst.operands[2].index]  # (cond, true, false)
        if inst.opcode == "switch":
            # Default first, then one per case.  Newer LLVMs keep case values out of the
            # operand list, older ones interleave them: taking the block operands suits both.
            return [op.index for op in inst.operands if op.kind == BLOCK]
        return []

    def _analyse_cfg(self) -> None:
        blocks = self.irf.blocks
        n = len(blocks)
        self.succs = [self._successors_of(b.insts[-1]) if b.insts else [] for b in blocks]
        reachable = [False] * n
        stack = [0]
        reachable[0] = True
        while stack:
            b = stack.pop()
            for s in self.succs[b]:
                if not reachable[s]:
                    reachable[s] = True
                    stack.append(s)
        self.preds = [[] for _ in range(n)]
        for b in range(n):
            if reachable[b]:
                for s in self.succs[b]:
                    self.preds[s].append(b)
        self.block_id = [-1] * n
        for b in range(n):
            if reachable[b]:
                self.block_id[b] = self.fb.new_block()

    def _resolve(self, v: IRValue) -> IRValue:
        while v.kind == LOCAL:
            r = self.replacement.get(v.index)
            if r is None:
                break
            v = r
        return v

    def _prepass(self) -> None:
        """Aliases, use counts and kinds, static allocas, fusable compares; rejects the unsupported early."""
        layout_blocks = [(b, blk) for b, blk in enumerate(self.irf.blocks) if self.block_id[b] >= 0]
        for b, blk in layout_blocks:
            for inst in blk.insts:
                opcode = inst.opcode
                if inst.result >= 0:
                    self.def_inst[inst.result] = inst
                    self.def_block[inst.result] = b
                rule = isel.RULES.get(opcode)
                if rule is None:
                    reason = isel.UNSUPPORTED_OPCODES.get(opcode, f"instruction {opcode}")
                    raise UnsupportedFunction(reason)
                if inst.result >= 0 and opcode != "alloca":
                    self._check_type(inst.type)
                if rule == "alias":
                    if not inst.type.startswith("<") or opcode == "freeze":
                        self.replacement[inst.result] = inst.operands[0]
                elif rule == "address" and inst.type.startswith("<"):
                    raise UnsupportedFunction("vector getelementptr")
                elif rule == "bitcast":
                    source = inst.operands[0]
                    if register_class(source.type) == register_class(inst.type):
                        self.replacement[inst.result] = source
                elif rule == "call" and inst.callee.startswith("llvm."):
                    found = isel.intrinsic_rule(inst.callee)
                    if found is None:
                        raise UnsupportedFunction(f"intrinsic {_intrinsic_family(inst.callee)}")
                    if found[0] == "alias":
                        self.replacement[inst.result] = inst.operands[0]
                elif rule == "frame":
                    if b != 0 or inst.operands[0].kind != CONST_INT:
                        raise UnsupportedFunction("dynamic alloca")
                    self.frame_slot[inst.result] = f"frame{len(self.frame_slot)}"
        for _, blk in layout_blocks:
            for inst in blk.insts:
                if inst.opcode == "extractvalue":
                    # After the first pass: the aggregate may be defined further down the layout.
                    if len(inst.cases) != 1:
                        raise UnsupportedFunction("nested aggregate field")
                    self.replacement[inst.result] = self._parts_of(inst.operands[0])[inst.cases[0]]
        for b, blk in layout_blocks:
            for inst in blk.insts:
                opcode = inst.opcode
                for k, op in enumerate(inst.operands):
                    if op.kind != LOCAL:
                        continue
                    v = self._resolve(op)
                    if v.kind != LOCAL:
                        continue
                    n = v.index
                    self.use_count[n] += 1
                    self.sole_user[n] = inst
                    self.sole_user_block[n] = b
                    if (opcode == "load" and k == 0) or (opcode == "store" and k == 1):
                        self.use_kinds[n] |= _ADDRESS_USE
                    elif opcode == "getelementptr" and k == 0:
                        self.use_kinds[n] |= _GEP_BASE_USE
                    else:
                        self.use_kinds[n] |= _OTHER_USE
        for b, blk in layout_blocks:
            for inst in blk.insts:
                if inst.opcode in ("icmp", "fcmp") and not inst.type.startswith("<"):
                    n = inst.result
                    user = self.sole_user[n]
                    if (
                        self.use_count[n] == 1
                        and user is not None
                        and self.sole_user_block[n] == b
                        and user.opcode in ("br", "select")
                        and user.operands[0].kind == LOCAL
                        and self._resolve(user.operands[0]).index == n
                    ):
                        self.fused.add(n)

    # Values ------------------------------------------------------------------------
    def _vreg_for(self, n: int) -> int:
        v = self.vreg_of[n]
        if v < 0:
            v = self.fb.vreg(self.cls_of(self.irf.value_types[n]))
            self.vreg_of[n] = v
        return v

    def _materialise(self, cls: int, label: str, mnemonic: str) -> int:
        v = self.fb.vreg(cls, remat=label)
        self.fb.op([define(v, "reg")], mnemonic=mnemonic)
        return v

    def _reg(self, value: IRValue) -> int:
        """A vreg holding ``value``, materialising constants and frame addresses right here."""
        v = self._resolve(value)
        kind = v.kind
        if kind == VREG:
            return v.index
        if kind == LOCAL:
            slot = self.frame_slot.get(v.index)
            if slot is not None:
                return self._materialise(INT, f"lea {slot}", "lea")
            return self._vreg_for(v.index)
        cls = self.cls_of(value.type)
        if value.type.startswith("<") and kind != LOCAL:
            label = "vzero" if v.text == "zeroinitializer" else "undef" if kind == UNDEF else "vconst"
            return self._materialise(self.fp, label, "pxor" if label != "vconst" else "movdqa")
        if kind == CONST_INT:
            return self._materialise(INT, f"imm {v.imm}", "mov")
        if kind == CONST_FP:
            if v.fimm == 0.0:
                return self._materialise(self.fp, f"fimm {v.fimm!r}", "xorps")
            return self._materialise(self.fp, f"fimm {v.fimm!r}", "mov" + isel.fp_suffix(value.type))
        if kind == NULL:
            return self._materialise(INT, "imm 0", "mov")
        if kind == UNDEF:
            return self._materialise(cls, "undef", "mov" if cls == INT else "xorps")
        if kind == GLOBAL:
            return self._materialise(INT, f"lea @{v.text}", "lea")
        if kind == CONST_EXPR:
            if cls != INT:
                raise UnsupportedFunction("floating-point constant expression")
            return self._materialise(INT, "const " + _short(v.text), "lea")
        raise UnsupportedFunction(f"operand of kind {v.text or v.kind} ({value.type})")

    def _imm(self, value: IRValue) -> bool:
        """Whether ``value`` can be an x86 immediate (a constant fitting a sign-extended 32 bits)."""
        v = self._resolve(value)
        if v.kind == CONST_INT:
            return _INT32_MIN <= v.imm <= _INT32_MAX
        return v.kind == NULL or (v.kind == UNDEF and register_class(value.type) == INT)

    # Addresses ---------------------------------------------------------------------
    def _address(self, n: int) -> _Address | None:
        """The address form of getelementptr value ``n`` (None if it is not a getelementptr)."""
        if n in self.addresses:
            return self.addresses[n]
        inst = self.def_inst[n]
        form: _Address | None = None
        if inst is not None and inst.opcode == "getelementptr":
            form = self._gep_form(inst)
        self.addresses[n] = form
        return form

    def _gep_form(self, inst: IRInst) -> _Address:
        layout = self.layout
        try:
            current = layout.parse(inst.gep_type)
            base = self._resolve(inst.operands[0])
            disp = 0
            index: IRValue | None = None
            index_type = ""
            scale = 1
            extra: list[tuple[IRValue, str, int]] = []
            if base.kind == LOCAL and self._folded(base.index):
                inner = self._address(base.index)
                if inner is not None and inner.index is None:
                    base = inner.base
                    disp = inner.disp
            for k, op in enumerate(inst.operands[1:]):
                if k == 0:
                    step = layout.size(current)
                elif layout.is_struct(current):
                    if op.kind != CONST_INT:
                        raise UnsupportedFunction("getelementptr with a variable struct index")
                    disp += layout.field_offset(current, op.imm)
                    current = layout.field_type(current, op.imm)
                    continue
                else:
                    current = layout.field_type(current, 0)
                    step = layout.size(current)
                ov = self._resolve(op)
                if ov.kind == CONST_INT:
                    disp += ov.imm * step
                elif ov.kind == UNDEF or step == 0:
                    continue
                elif index is not None:
                    extra.append((ov, op.type, step))
                else:
                    index, index_type, scale = ov, op.type, step
        except TypeParseError as exc:
            raise UnsupportedFunction(f"getelementptr type: {exc}") from exc
        if not _INT32_MIN <= disp <= _INT32_MAX:
            raise UnsupportedFunction("address offset beyond 32 bits")
        encodable = index is None or (
            index_type == "i64" and scale in (1, 2, 4, 8) and base.kind in (LOCAL, VREG, NULL, UNDEF)
        )
        if index is not None and base.kind == LOCAL and base.index in self.frame_slot:
            encodable = index_type == "i64" and scale in (1, 2, 4, 8)
        return _Address(base, index, index_type, scale, disp, encodable and not extra, extra)

    def _folded(self, n: int) -> bool:
        """Whether getelementptr value ``n`` needs no instruction (every use absorbs it)."""
        inst = self.def_inst[n]
        if inst is None or inst.opcode != "getelementptr":
            return False
        kinds = self.use_kinds[n]
        if kinds & _OTHER_USE:
            return False
        form = self._address(n)
        if form is None or not form.encodable:
            return False
        return not (kinds & _GEP_BASE_USE and form.index is not None)

    def _base_operands(self, base: IRValue) -> list[Operand]:
        if base.kind == LOCAL and base.index not in self.frame_slot:
            return [use(self._vreg_for(base.index), "reg")]
        if base.kind == VREG:  # a pointer field of a two-register aggregate
            return [use(base.index, "reg")]
        if base.kind in (LOCAL, GLOBAL, NULL, UNDEF, CONST_EXPR, CONST_INT):
            return []  # a frame slot, rip-relative symbol or absolute address
        raise UnsupportedFunction(f"pointer operand of kind {base.text or base.kind}")

    def _address_operands(self, pointer: IRValue) -> list[Operand]:
        """Register operands of the addressing mode that reaches ``pointer``."""
        p = self._resolve(pointer)
        if p.kind == LOCAL and self._folded(p.index):
            form = self._address(p.index)
            assert form is not None
            ops = self._base_operands(form.base)
            if form.index is not None:
                ops.append(use(self._reg(form.index), "reg"))
            return ops
        return self._base_operands(p)

    def _lower_gep(self, inst: IRInst) -> None:
        n = inst.result
        if self._folded(n):
            return
        form = self._address(n)
        assert form is not None
        dst = self._vreg_for(n)
        ops: list[Operand] = []
        base = form.base
        in_register = (base.kind == LOCAL and base.index not in self.frame_slot) or base.kind == VREG
        # x86 cannot add an index register to a rip-relative symbol: such a base goes in a register.
        if in_register or (form.index is not None and base.kind in (GLOBAL, CONST_EXPR)):
            ops.append(use(self._reg(base), "reg"))
        if form.index is not None:
            index = self._index_reg(form.index, form.index_type, form.scale, 1 if form.extra_terms else 8)
            for term, term_type, term_scale in form.extra_terms:
                # Several variable indices: sum the scaled terms first (lea acc, [acc + term]).
                scaled = self._index_reg(term, term_type, term_scale, 1)
                total = self.fb.vreg(INT)
                self.fb.op([use(index, "reg"), use(scaled, "reg"), define(total, "reg")], mnemonic="lea")
                index = total
            ops.append(use(index, "reg"))
        elif not ops:
            # A constant address (symbol, frame slot or absolute) plus offset: recomputable anywhere.
            if base.kind == LOCAL:
                label = f"lea {self.frame_slot[base.index]}"
            else:
                label = "lea @" + base.text if base.kind == GLOBAL else "lea " + _short(base.text or "0")
            self.fb.remat[dst] = f"{label}+{form.disp}"
        ops.append(define(dst, "reg"))
        self.fb.op(ops, mnemonic="lea")

    def _index_reg(self, value: IRValue, type_text: str, scale: int, max_scale: int) -> int:
        """A 64-bit register holding ``value`` (sign-extended), pre-multiplied unless an
        addressing mode can apply ``scale`` (a power of two up to ``max_scale``)."""
        index = self._reg(value)
        bits = int_bits(type_text)
        if bits != 64:
            wide = self.fb.vreg(INT)
            self.fb.op([use(index, "any"), define(wide, "reg")], mnemonic="movsxd" if bits == 32 else "movsx")
            index = wide
        if scale not in (1, 2, 4, 8) or scale > max_scale:
            scaled = self.fb.vreg(INT)
            self.fb.op([use(index, "any"), define(scaled, "reg")], mnemonic="imul")
            index = scaled
        return index

    # Instructions -------------------------------------------------------------------
    def _lower_inst(self, inst: IRInst, block: int) -> None:
        rule = isel.RULES[inst.opcode]
        if rule == "alu":
            self._lower_alu(inst)
        elif rule == "shift":
            self._lower_shift(inst)
        elif rule == "divide":
            self._lower_divide(inst)
        elif rule == "fp_binary":
            self._lower_fp_binary(inst)
        elif rule == "fp_negate":
            self._two_address(inst, [inst.operands[0]], "xorp" + isel.fp_suffix(inst.type)[1])
        elif rule == "fp_libcall":
            self._lower_call(inst, "fmodf" if inst.type == "float" else "fmod", inst.operands)
        elif rule == "compare":
            if inst.result not in self.fused:
                self._lower_compare(inst)
        elif rule == "select":
            self._lower_select(inst)
        elif rule == "extend":
            self._lower_extend(inst)
        elif rule == "bitcast":
            if inst.result not in self.replacement:
                self._one_input(inst, inst.operands[0], "movq")
        elif rule == "convert":
            self._lower_convert(inst)
        elif rule == "address":
            self._lower_gep(inst)
        elif rule == "load":
            self._lower_load(inst)
        elif rule == "store":
            self._lower_store(inst)
        elif rule == "call":
            self._lower_call_inst(inst)
        elif rule == "branch":
            self._lower_branch(inst, block)
        elif rule == "switch":
            self._lower_switch(inst, block)
        elif rule == "return":
            self._lower_return(inst)
        elif rule == "trap":
            self.fb.ret(mnemonic="ud2")
        elif rule == "alias":
            if inst.result not in self.replacement:  # a vector trunc or cast: lanes move
                self._one_input(inst, inst.operands[0], "packus")
        elif rule == "insert_lane":
            self._require_constant_lane(inst.operands[2])
            self._two_address(inst, inst.operands[:2], "pinsr")
        elif rule == "extract_lane":
            self._require_constant_lane(inst.operands[1])
            self._one_input(inst, inst.operands[0], "pextr", "reg")
        elif rule == "shuffle":
            a, b = inst.operands[0], inst.operands[1]
            if self._resolve(b).kind == UNDEF:
                self._one_input(inst, a, "pshufd")
            else:
                self._two_address(inst, [a, b], "shufps")
        # "frame" (static alloca) emits nothing: its uses address the frame directly.

    def _require_constant_lane(self, lane: IRValue) -> None:
        if self._resolve(lane).kind != CONST_INT:
            raise UnsupportedFunction("vector lane chosen at run time")

    def _two_address(self, inst: IRInst, inputs: list[IRValue], mnemonic: str) -> None:
        """``op dst, src...``: the result reuses the first input's register; others may be in memory."""
        ops: list[Operand] = [use(self._reg(inputs[0]), "reg")]
        for extra in inputs[1:]:
            ops.append(use(self._reg(extra), "any"))
        ops.append(define(self._vreg_for(inst.result), Reuse(0)))
        self.fb.op(ops, mnemonic=mnemonic)

    def _one_input(self, inst: IRInst, source: IRValue, mnemonic: str, source_con: Constraint = "any") -> None:
        """``op dst, src`` with an independent destination register."""
        src = self._reg(source)
        self.fb.op([use(src, source_con), define(self._vreg_for(inst.result), "reg")], mnemonic=mnemonic)

    def _lower_alu(self, inst: IRInst) -> None:
        a, b = inst.operands[0], inst.operands[1]
        if inst.opcode in isel.COMMUTATIVE and self._imm(a) and not self._imm(b):
            a, b = b, a
        if inst.type.startswith("<"):
            self._two_address(inst, [a, b], isel.vector_mnemonic(inst.opcode, inst.type))
            return
        mnemonic = isel.ALU_MNEMONICS[inst.opcode]
        dst = self._vreg_for(inst.result)
        if inst.opcode == "mul" and self._imm(b):
            self.fb.op([use(self._reg(a), "any"), define(dst, "reg")], mnemonic="imul")
            return
        ops = [use(self._reg(a), "reg")]
        if not self._imm(b):
            ops.append(use(self._reg(b), "any"))
        ops.append(define(dst, Reuse(0)))
        self.fb.op(ops, mnemonic=mnemonic)

    def _lower_shift(self, inst: IRInst) -> None:
        a, count = inst.operands[0], inst.operands[1]
        if inst.type.startswith("<"):
            self._two_address(inst, [a, count], isel.vector_mnemonic(inst.opcode, inst.type))
            return
        ops = [use(self._reg(a), "reg")]
        if self._resolve(count).kind != CONST_INT:
            ops.append(use(self._reg(count), Fixed(RCX)))
        ops.append(define(self._vreg_for(inst.result), Reuse(0)))
        self.fb.op(ops, mnemonic=isel.ALU_MNEMONICS[inst.opcode])

    def _widened(self, value: IRValue, signed: bool) -> int:
        """``value`` in a register, extended to 32 bits when narrower (x86 divides 32/64-bit values here)."""
        v = self._reg(value)
        if int_bits(value.type) >= 32:
            return v
        wide = self.fb.vreg(INT)
        self.fb.op([use(v, "any"), define(wide, "reg")], mnemonic="movsx" if signed else "movzx")
        return wide

    def _lower_divide(self, inst: IRInst) -> None:
        if inst.type.startswith("<"):
            raise UnsupportedFunction("vector division")
        signed = inst.opcode in ("sdiv", "srem")
        dividend = self._widened(inst.operands[0], signed)
        divisor = self._widened(inst.operands[1], signed)
        fb = self.fb
        if signed:
            high = fb.vreg(INT)
            extend = "cqo" if int_bits(inst.type) == 64 else "cdq"
            fb.op([use(dividend, Fixed(RAX)), define(high, Fixed(RDX))], mnemonic=extend)
        else:
            high = self._materialise(INT, "imm 0", "xor")
        quotient = inst.opcode in ("sdiv", "udiv")
        result_reg, other = (RAX, RDX) if quotient else (RDX, RAX)
        fb.op(
            [
                use(dividend, Fixed(RAX)),
                use(high, Fixed(RDX)),
                use(divisor, "any"),
                define(self._vreg_for(inst.result), Fixed(result_reg)),
            ],
            clobbers=[other],
            mnemonic="idiv" if signed else "div",
        )

    def _lower_fp_binary(self, inst: IRInst) -> None:
        a, b = inst.operands[0], inst.operands[1]
        if inst.opcode in ("fadd", "fmul") and a.kind == CONST_FP and b.kind != CONST_FP:
            a, b = b, a
        self._two_address(inst, [a, b], isel.FP_MNEMONICS[inst.opcode] + isel.fp_suffix(inst.type)[1])

    def _compare_operands(self, cmp: IRInst) -> tuple[list[Operand], str]:
        """Operands and condition code of a compare (``cmp a, b`` / ``ucomis a, b``)."""
        a, b = cmp.operands[0], cmp.operands[1]
        predicate = cmp.predicate
        if cmp.opcode == "icmp":
            if self._imm(a) and not self._imm(b):
                a, b = b, a
                predicate = _SWAPPED_ICMP[predicate]
            ops = [use(self._reg(a), "reg")]
            if not self._imm(b):
                ops.append(use(self._reg(b), "any"))
            return ops, isel.condition_code("icmp", predicate)
        return [use(self._reg(a), "reg"), use(self._reg(b), "any")], isel.condition_code("fcmp", predicate)

    def _compare_name(self, cmp: IRInst) -> str:
        return "cmp" if cmp.opcode == "icmp" else "ucomis" + isel.fp_suffix(cmp.operands[0].type)[1]

    def _lower_compare(self, inst: IRInst) -> None:
        if inst.type.startswith("<"):
            self._two_address(inst, inst.operands[:2], f"pcmp{inst.predicate}")
            return
        ops, cc = self._compare_operands(inst)
        ops.append(define(self._vreg_for(inst.result), "reg"))
        self.fb.op(ops, mnemonic=f"{self._compare_name(inst)}+set{cc}")

    def _fused_compare(self, cond: IRValue) -> IRInst | None:
        c = self._resolve(cond)
        if c.kind == LOCAL and c.index in self.fused:
            return self.def_inst[c.index]
        return None

    def _lower_select(self, inst: IRInst) -> None:
        cond, if_true, if_false = inst.operands
        if cond.type.startswith("<"):
            # A lane mask: (mask & t) | (~mask & f), computed in the mask's register.
            ops = [use(self._reg(cond), "reg"), use(self._reg(if_false), "reg"), use(self._reg(if_true), "any")]
            ops.append(define(self._vreg_for(inst.result), Reuse(0)))
            self.fb.op(ops, mnemonic="pand+pandn+por")
            return
        cmp = self._fused_compare(cond)
        if cmp is not None:
            ops, cc = self._compare_operands(cmp)
            prefix = self._compare_name(cmp)
        else:
            ops, cc, prefix = [use(self._reg(cond), "reg")], "ne", "test"
        reused = len(ops)
        ops.append(use(self._reg(if_false), "reg"))
        ops.append(use(self._reg(if_true), "any"))
        ops.append(define(self._vreg_for(inst.result), Reuse(reused)))
        if register_class(inst.type) != INT:
            mnemonic = f"{prefix}+j{cc}+movap{isel.fp_suffix(inst.type)[1]}"
        else:
            mnemonic = f"{prefix}+cmov{cc}"
        self.fb.op(ops, mnemonic=mnemonic)

    def _lower_extend(self, inst: IRInst) -> None:
        source = inst.operands[0]
        src_bits = int_bits(source.type)
        if inst.type.startswith("<"):
            self._one_input(inst, source, "pmovzx" if inst.opcode == "zext" else "pmovsx")
            return
        if inst.opcode == "zext":
            mnemonic = "mov" if src_bits == 32 else "movzx"
        else:
            mnemonic = "movsxd" if src_bits == 32 else "movsx"
        self._one_input(inst, source, mnemonic)

    def _lower_convert(self, inst: IRInst) -> None:
        source = inst.operands[0]
        opcode = inst.opcode
        if opcode == "fpext":
            mnemonic = "cvtss2sd"
        elif opcode == "fptrunc":
            mnemonic = "cvtsd2ss"
        elif opcode in ("sitofp", "uitofp"):
            mnemonic = "cvtsi2" + isel.fp_suffix(inst.type)
        else:
            mnemonic = "cvtt" + isel.fp_suffix(source.type) + "2si"
        self._one_input(inst, source, mnemonic)

    def _load_mnemonic(self, type_text: str) -> str:
        if type_text.startswith("<"):
            return "movdqu"
        if type_text in ("float", "double"):
            return "mov" + isel.fp_suffix(type_text)
        return "movzx" if int_bits(type_text) < 32 else "mov"

    def _lower_load(self, inst: IRInst) -> None:
        ops = self._address_operands(inst.operands[0])
        ops.append(define(self._vreg_for(inst.result), "reg"))
        self.fb.op(ops, mnemonic=self._load_mnemonic(inst.type))

    def _lower_store(self, inst: IRInst) -> None:
        value, pointer = inst.operands[0], inst.operands[1]
        register_class(value.type)
        ops: list[Operand] = []
        if not self._imm(value):
            ops.append(use(self._reg(value), "reg"))
        ops.extend(self._address_operands(pointer))
        mnemonic = self._load_mnemonic(value.type)
        if mnemonic == "movzx":
            mnemonic = "mov"
        if " atomic " in inst.text and "seq_cst" in inst.text:
            mnemonic += "+mfence"
        self.fb.op(ops, mnemonic=mnemonic)

    # Calls -------------------------------------------------------------------------
    def _lower_call_inst(self, inst: IRInst) -> None:
        callee = inst.callee
        args = inst.operands[:-1]
        if callee.startswith("llvm."):
            self._lower_intrinsic(inst, callee, args)
            return
        for marker in ("inalloca(", "preallocated(", "swifterror", "nest "):
            if marker in inst.text:
                raise UnsupportedFunction(f"call with a {marker.strip('( ')} argument")
        head = inst.text.split("@", 1)[0] if callee else inst.text
        convention = calling_convention_of(head)
        if convention not in SUPPORTED_CONVENTIONS:
            raise UnsupportedFunction(f"call with calling convention {convention}")
        target = inst.operands[-1]
        if target.kind != GLOBAL and target.kind != LOCAL and target.kind != CONST_EXPR:
            raise UnsupportedFunction("inline asm" if target.text == "inline_asm" else f"call through {target.text}")
        self._lower_call(inst, callee, args, indirect=None if callee else target)

    def _lower_call(self, inst: IRInst, callee: str, args: list[IRValue], indirect: IRValue | None = None) -> None:
        """``call``: arguments in the ABI's registers or outgoing stack slots, result in rax/xmm0."""
        ops: list[Operand] = []
        slots = _ArgumentSlots(self.abi, OUTGOING_STACK_BASE, f"call with more than {STACK_ARG_SLOTS} stack arguments")
        byval_at: dict[int, int] = {}
        for k, attrs in enumerate(inst.arg_attrs):
            if "byval(" in attrs:
                start = attrs.index("byval(")
                byval_at[k] = self._stack_words(attrs[start : _balanced_close(attrs, start + 5) + 1])
        if byval_at:
            self._copy_byval_arguments(args, byval_at)
        for k, arg in enumerate(args):
            words = byval_at.get(k)
            if words is not None:
                slots.n_stack += words  # copied into the outgoing area above; no register carries it
                continue
            where = slots.next(self.cls_of(arg.type))
            ops.append(use(self._reg(arg), Fixed(where)))
        if call_is_variadic(inst.text):
            # The System V ABI passes the number of vector registers used in al.
            ops.append(use(self._materialise(INT, f"imm {slots.n_float}", "mov"), Fixed(RAX)))
        if indirect is not None:
            ops.append(use(self._reg(indirect), "any"))
        result_regs: list[int] = []
        if inst.result >= 0:
            result_regs = self._result_registers(inst.type)
            if len(result_regs) == 1:
                ops.append(define(self._vreg_for(inst.result), Fixed(result_regs[0])))
            else:
                parts = self._parts_of(IRValue(LOCAL, inst.type, index=inst.result))
                for part, where in zip(parts, result_regs, strict=True):
                    ops.append(define(part.index, Fixed(where)))
        clobbers = [p for p in self.caller_saved if p not in result_regs]
        self.fb.op(ops, clobbers=clobbers, mnemonic=f"call {callee}" if callee else "call")

    def _copy_byval_arguments(self, args: list[IRValue], byval_at: dict[int, int]) -> None:
        """``memcpy(outgoing area + offset, source, size)`` for each byval argument, before the call."""
        abi = self.abi
        word = 0
        for k, arg in enumerate(args):
            words = byval_at.get(k)
            if words is None:
                continue
            ops = [
                use(self._materialise(INT, f"lea out{word}", "lea"), Fixed(abi.int_args[0])),
                use(self._reg(arg), Fixed(abi.int_args[1])),
                use(self._materialise(INT, f"imm {8 * words}", "mov"), Fixed(abi.int_args[2])),
            ]
            self.fb.op(ops, clobbers=list(self.caller_saved), mnemonic="call memcpy")
            word += words

    def _lower_intrinsic(self, inst: IRInst, name: str, args: list[IRValue]) -> None:
        found = isel.intrinsic_rule(name)
        assert found is not None  # the pre-pass rejected the others
        rule, detail = found
        if rule in ("drop", "alias"):
            return
        vector = any(a.type.startswith("<") for a in args)
        if rule in ("funnel", "fp_libm", "libcall") and vector:
            raise UnsupportedFunction(f"vector intrinsic {_intrinsic_family(name)}")
        if rule == "saturate" and vector:
            self._two_address(inst, args[:2], f"p{detail}us" + isel.vector_mnemonic("add", inst.type)[-1])
            return
        if rule == "reduce":
            # A shuffle-and-combine ladder: the partial results need an xmm register of their own.
            scratch = self.fb.vreg(self.fp)
            ops = [use(self._reg(args[0]), "reg"), define(scratch, "reg", pos="early")]
            ops.append(define(self._vreg_for(inst.result), "reg"))
            self.fb.op(ops, mnemonic=f"reduce.{detail}")
            return
        if rule == "libcall":
            self._lower_call(inst, detail, args[:3])
        elif rule == "fp_libm":
            self._lower_call(inst, detail + ("f" if inst.type == "float" else ""), args)
        elif rule == "minmax":
            self._two_address(inst, args[:2], "cmp+cmov" + detail)
        elif rule == "abs":
            # mov dst, a; neg dst; cmovs dst, a: dst is written while a is still read.
            src = self._reg(args[0])
            self.fb.op([use(src, "reg"), define(self._vreg_for(inst.result), "reg", pos="early")], mnemonic="neg+cmovs")
        elif rule == "fp_mask":
            self._two_address(inst, args[:1], detail + isel.fp_suffix(inst.type)[1])
        elif rule == "fp_unary":
            self._one_input(inst, args[0], detail + isel.fp_suffix(inst.type)[1])
        elif rule == "fmuladd":
            suffix = isel.fp_suffix(inst.type)
            product = self.fb.vreg(self.fp)
            self.fb.op(
                [use(self._reg(args[0]), "reg"), use(self._reg(args[1]), "any"), define(product, Reuse(0))],
                mnemonic="mul" + suffix,
            )
            self.fb.op(
                [use(product, "reg"), use(self._reg(args[2]), "any"), define(self._vreg_for(inst.result), Reuse(0))],
                mnemonic="add" + suffix,
            )
        elif rule == "int_unary":
            self._one_input(inst, args[0], detail)
        elif rule == "bswap":
            self._two_address(inst, args[:1], detail)
        elif rule == "funnel":
            self._lower_funnel(inst, detail, args)
        elif rule == "trap_call":
            self.fb.op([], mnemonic=detail)
        elif rule == "prefetch":
            self.fb.op(self._address_operands(args[0]), mnemonic=detail)
        elif rule == "saturate":
            # sub/add a, b; cmovb/cmovc a, bound: the bound (0 or all ones) sits in a register.
            bound = self._materialise(INT, "imm 0" if detail == "sub" else "imm -1", "mov")
            ops = [use(self._reg(args[0]), "reg"), use(self._reg(args[1]), "any"), use(bound, "reg")]
            ops.append(define(self._vreg_for(inst.result), Reuse(0)))
            self.fb.op(ops, mnemonic=f"{detail}+cmov{'b' if detail == 'sub' else 'c'}")
        else:
            raise UnsupportedFunction(f"intrinsic {_intrinsic_family(name)}")

    def _lower_funnel(self, inst: IRInst, mnemonic: str, args: list[IRValue]) -> None:
        high, low, count = args
        rotate = self._resolve(high) == self._resolve(low)
        first, second = (high, low) if mnemonic == "shld" else (low, high)
        ops = [use(self._reg(first), "reg")]
        if rotate:
            mnemonic = "rol" if mnemonic == "shld" else "ror"
        else:
            ops.append(use(self._reg(second), "reg"))
        if self._resolve(count).kind != CONST_INT:
            ops.append(use(self._reg(count), Fixed(RCX)))
        ops.append(define(self._vreg_for(inst.result), Reuse(0)))
        self.fb.op(ops, mnemonic=mnemonic)

    # Control flow ------------------------------------------------------------------
    def _incoming_arguments(self) -> None:
        irf = self.irf
        ops: list[Operand] = []
        slots = _ArgumentSlots(self.abi, INCOMING_STACK_BASE, f"more than {STACK_ARG_SLOTS} stack parameters")
        for k, type_text in enumerate(irf.param_types):
            byval_words = 0
            for attr in irf.param_attrs[k]:
                if attr.startswith("byval("):
                    byval_words = self._stack_words(attr)
                elif attr.startswith(("inalloca", "preallocated", "nest", "swift")):
                    raise UnsupportedFunction(f"{attr.split('(')[0]} parameter")
            if byval_words:
                # The caller copied the struct into the incoming argument area: the
                # parameter is that fixed address, like a frame slot.
                self.frame_slot[k] = f"in{slots.n_stack}"
                slots.n_stack += byval_words
                continue
            where = slots.next(self.cls_of(type_text))
            ops.append(define(self._vreg_for(k), Fixed(where)))
        if ops:
            self.fb.op(ops, mnemonic="args")

    def _stack_words(self, byval_attr: str) -> int:
        """8-byte stack words a ``byval(<type>)`` argument occupies."""
        try:
            size = self.layout.size(self.layout.parse(byval_attr[len("byval(") : -1]))
        except TypeParseError as exc:
            raise UnsupportedFunction(f"byval type: {exc}") from exc
        return max(1, (size + 7) // 8)

    def _edge_args(self, src: int, dst: int) -> list[int]:
        """Vregs ``src`` passes to ``dst``'s phis (constants materialised here, before the jump)."""
        args: list[int] = []
        for inst in self.irf.blocks[dst].insts:
            if inst.opcode != "phi":
                break
            try:
                k = inst.incoming.index(src)
            except ValueError as exc:
                raise UnsupportedFunction(f"phi without an input from block {src}") from exc
            if aggregate_fields(inst.type):
                args.extend(self._reg(p) for p in self._parts_of(inst.operands[k]))
            else:
                args.append(self._reg(inst.operands[k]))
        return args

    def _edge_targets(self, block: int, succs: list[int]) -> list[tuple[int, list[int]]]:
        """Builder successors with their branch arguments, splitting critical edges."""
        out: list[tuple[int, list[int]]] = []
        for s in succs:
            if len(succs) > 1 and len(self.preds[s]) > 1:
                edge_block = self.fb.new_block()
                self.pending_edges.append((edge_block, block, s))
                out.append((edge_block, []))
            else:
                out.append((self.block_id[s], self._edge_args(block, s)))
        return out

    def _lower_branch(self, inst: IRInst, block: int) -> None:
        succs = self.succs[block]
        if len(inst.operands) == 1:
            self.fb.branch(self._edge_targets(block, succs), mnemonic="jmp")
            return
        cond = inst.operands[0]
        cmp = self._fused_compare(cond)
        if cmp is not None:
            ops, cc = self._compare_operands(cmp)
            mnemonic = f"{self._compare_name(cmp)}+j{cc}"
        else:
            ops, mnemonic = [use(self._reg(cond), "reg")], "test+jne"
        self.fb.branch(self._edge_targets(block, succs), operands=ops, mnemonic=mnemonic)

    def _lower_switch(self, inst: IRInst, block: int) -> None:
        ops = [use(self._reg(inst.operands[0]), "reg")]
        self.fb.branch(self._edge_targets(block, self.succs[block]), operands=ops, mnemonic="cmp+ja+jmp*")

    def _lower_return(self, inst: IRInst) -> None:
        if not inst.operands:
            self.fb.ret(mnemonic="ret")
            return
        value = inst.operands[0]
        places = self._result_registers(value.type)
        if len(places) == 1:
            self.fb.ret([use(self._reg(value), Fixed(places[0]))], mnemonic="ret")
            return
        parts = self._parts_of(value)
        self.fb.ret([use(self._reg(p), Fixed(w)) for p, w in zip(parts, places, strict=True)], mnemonic="ret")


def _zero(type_text: str) -> IRValue:
    """The zero constant of a scalar type."""
    if type_text in ("float", "double"):
        return IRValue(CONST_FP, type_text, fimm=0.0)
    return IRValue(NULL if type_text == "ptr" else CONST_INT, type_text)


def _has_vectors(irf: IRFunction) -> bool:
    """Whether any value or operand of ``irf`` has a vector type."""
    if any(t.startswith("<") for t in irf.value_types):
        return True
    return any(v.type.startswith("<") for b in irf.blocks for inst in b.insts for v in inst.operands)


_SSE_VECTOR_ENV: list[MachineEnv] = []


def sse_vector_env() -> MachineEnv:
    """The x86_64-sysv environment with xmm0-15 in the vector class (16-byte spill slots).

    Functions using SSE vectors are lowered for it: every xmm value, scalar or
    vector, is then a vector-class vreg, so a spilled 128-bit value gets 16
    bytes.  Built once from the preset.
    """
    if _SSE_VECTOR_ENV:
        return _SSE_VECTOR_ENV[0]
    base = get_preset("x86_64-sysv")
    assert base.abi is not None

    def moved(pregs: list[int]) -> list[int]:
        return [preg(VECTOR, p & 63) if p >> 6 == FLOAT else p for p in pregs]

    names = {(preg(VECTOR, p & 63) if p >> 6 == FLOAT else p): n for p, n in base.reg_names.items()}
    abi = Abi(
        int_args=list(base.abi.int_args),
        float_args=moved(base.abi.float_args),
        int_rets=list(base.abi.int_rets),
        float_rets=moved(base.abi.float_rets),
        callee_saved=list(base.abi.callee_saved),
        caller_saved=moved(base.abi.caller_saved),
        reference=base.abi.reference,
    )
    env = MachineEnv(
        preferred=[list(base.preferred[INT]), [], moved(base.preferred[FLOAT])],
        non_preferred=[list(base.non_preferred[INT]), [], moved(base.non_preferred[FLOAT])],
        scratch=[base.scratch[INT], -1, preg(VECTOR, base.scratch[FLOAT] & 63)],
        fixed_stack=moved(base.fixed_stack),
        spillslot_size=list(base.spillslot_size),
        reg_names=names,
        name="x86_64-sysv-sse",
        abi=abi,
    )
    env.check()
    _SSE_VECTOR_ENV.append(env)
    return env


def _intrinsic_family(name: str) -> str:
    """``llvm.vector.reduce.add.v4i32`` -> ``llvm.vector.reduce.add`` (type suffixes dropped)."""
    parts = name.split(".")
    kept = [p for p in parts if not (p[:1] in "ivfp" and any(ch.isdigit() for ch in p))]
    return ".".join(kept)


def _balanced_close(text: str, open_index: int) -> int:
    """Index of the parenthesis closing the one at ``open_index``."""
    depth = 0
    for k in range(open_index, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    raise UnsupportedFunction(f"unbalanced attribute text {text!r}")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def lower_function(irf: IRFunction, env: MachineEnv, layout: TypeLayout) -> tuple[Function, MachineEnv]:
    """Lower ``irf`` for x86-64 System V: the function and the environment it is for
    (``env``, or :func:`sse_vector_env` when it uses vectors).  :class:`UnsupportedFunction`
    says why when it cannot."""
    lowering = X86Lowering(irf, env, layout)
    func = lowering.lower()
    return func, lowering.env
