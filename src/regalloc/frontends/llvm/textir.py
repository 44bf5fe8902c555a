"""Parsing function bodies from LLVM's printed IR into :mod:`reader` records.

Reading every instruction and operand through llvmlite's handles costs a dozen
foreign calls per instruction, several times what allocating the function
costs.  So the reader has llvmlite parse and verify the module, prints it once
(LLVM's printer is canonical: one instruction per line, fixed spelling), and
this module reads that text.  Only what the lowering needs is extracted;
instructions outside the supported subset keep just their opcode (the lowering
rejects them by opcode).  A line that cannot be read makes its function
unreadable (reported, never guessed at).

>>> module = parse_printed_module('define i32 @f(i32 %a) {\\n  %b = add nsw i32 %a, 1\\n  ret i32 %b\\n}\\n')
>>> inst = module.functions[0].blocks[0].insts[0]
>>> inst.opcode, inst.type, [(v.kind, v.imm) for v in inst.operands]
('add', 'i32', [(0, 0), (1, 1)])
"""

from __future__ import annotations

import re
import struct

from regalloc.frontends.llvm.ir import (
    BLOCK,
    CONST_EXPR,
    CONST_FP,
    CONST_INT,
    FAST_MATH_FLAGS,
    GLOBAL,
    LOCAL,
    NULL,
    OTHER,
    UNDEF,
    IRBlock,
    IRFunction,
    IRInst,
    IRModule,
    IRValue,
    calling_convention_of,
    compare_predicate,
    signed_value,
)

_LOCAL_NAME = re.compile(r'%(?:"(?:[^"\\]|\\.)*"|[-\w.$]+)')
_GLOBAL_NAME = re.compile(r'@(?:"(?:[^"\\]|\\.)*"|[-\w.$]+)')
_WORD = re.compile(r"[A-Za-z_][\w.]*")
_NUMBER = re.compile(r"-?(?:0x[0-9A-Fa-f]+|0x[KLMHR][0-9A-Fa-f]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)")
_LABEL_LINE = re.compile(r'^("(?:[^"\\]|\\.)*"|[-\w.$]+):')
_FUNCTION_NAME = re.compile(r'@("(?:[^"\\]|\\.)*"|[-\w.$]+)\(')
_SIMPLE_TYPE = re.compile(r"(?:i\d+|ptr|double|float)(?= )")
_TYPE_WORDS = frozenset(
    {"ptr", "void", "half", "bfloat", "float", "double", "fp128", "x86_fp80", "ppc_fp128", "label", "token",
     "metadata", "x86_amx"}
)  # fmt: skip
_INT_TYPE = re.compile(r"i\d+$")
_CONSTANT_OPS = frozenset(
    {"getelementptr", "ptrtoint", "inttoptr", "bitcast", "addrspacecast", "trunc", "add", "sub", "mul", "shl", "xor",
     "and", "or", "icmp", "fcmp", "select", "extractelement", "insertelement", "shufflevector", "ptrauth",
     "dso_local_equivalent", "no_cfi", "blockaddress", "splat"}
)  # fmt: skip
_BINARY = frozenset(
    {"add", "sub", "mul", "udiv", "sdiv", "urem", "srem", "shl", "lshr", "ashr", "and", "or", "xor", "fadd", "fsub",
     "fmul", "fdiv", "frem"}
)  # fmt: skip
_CASTS = frozenset(
    {"trunc", "zext", "sext", "fptrunc", "fpext", "fptoui", "fptosi", "uitofp", "sitofp", "ptrtoint", "inttoptr",
     "bitcast", "addrspacecast"}
)  # fmt: skip
_INST_FLAGS = frozenset({"nuw", "nsw", "exact", "disjoint", "nneg", "samesign", "inbounds", "nusw"}) | FAST_MATH_FLAGS
_DROPPED_INTRINSICS = ("llvm.dbg.", "llvm.lifetime.", "llvm.experimental.noalias.scope.decl", "llvm.pseudoprobe")


_NAME = r'%[-\w.$]+'
_SIMPLE_OPERAND = rf"({_NAME}|-?\d+|true|false|null)"
_SCALAR = r"(i\d+|ptr)"
_ALIGN = r"(?:, align \d+)?$"
_PHI_INPUT = re.compile(rf"\[ {_SIMPLE_OPERAND}, ({_NAME}) \]")
_BINARY_FORM = re.compile(rf"(?: nuw| nsw| exact| disjoint)* {_SCALAR} {_SIMPLE_OPERAND}, {_SIMPLE_OPERAND}$")
_CAST_FORM = re.compile(rf"(?: nneg| nuw| nsw)* {_SCALAR} ({_NAME}) to {_SCALAR}$")
# The most frequent instruction shapes, each read by one regex match after the opcode
# (anything else, or any unusual spelling, takes the general path).
_FAST_FORMS: dict[str, re.Pattern[str]] = {
    "load": re.compile(rf" (i\d+|ptr|double|float), ptr ({_NAME}){_ALIGN}"),
    "store": re.compile(rf" (i\d+|ptr) {_SIMPLE_OPERAND}, ptr ({_NAME}){_ALIGN}"),
    "icmp": re.compile(rf"(?: samesign)? (?P<pred>eq|ne|[us][lg][te]) {_SCALAR} {_SIMPLE_OPERAND}, {_SIMPLE_OPERAND}$"),
    "br": re.compile(rf"(?: i1 ({_NAME}), label ({_NAME}), label ({_NAME})| label ({_NAME}))$"),
    "getelementptr": re.compile(
        rf"(?: inbounds| nuw| nusw)* (i\d+|{_NAME}|\[\d+ x i\d+\]), ptr ({_NAME})((?:, i(?:64|32) (?:{_NAME}|-?\d+))+)$"
    ),
    "phi": re.compile(rf" {_SCALAR} ((?:\[ {_SIMPLE_OPERAND}, {_NAME} \](?:, )?)+)$"),
    "select": re.compile(rf" i1 ({_NAME}), {_SCALAR} {_SIMPLE_OPERAND}, {_SCALAR} {_SIMPLE_OPERAND}$"),
    "ptrtoint": _CAST_FORM,
    "inttoptr": _CAST_FORM,
    "zext": _CAST_FORM,
    "sext": _CAST_FORM,
    "trunc": _CAST_FORM,
}
for _opcode in ("add", "sub", "mul", "and", "or", "xor", "shl", "lshr", "ashr"):
    _FAST_FORMS[_opcode] = _BINARY_FORM


class _Unreadable(Exception):
    """A line this reader does not understand."""


def _skip_ws(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] == " ":
        i += 1
    return i


def _balanced_end(s: str, i: int) -> int:
    """Index after the bracket group starting at ``s[i]`` (``( [ { <``), skipping quoted strings."""
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in "([{<":
            depth += 1
        elif c in ")]}>":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == '"':
            i = s.index('"', i + 1)
        i += 1
    raise _Unreadable(f"unbalanced brackets in {s.strip()!r}")


def _type_end(s: str, i: int) -> int:
    """Index after the type starting at ``i``."""
    c = s[i]
    if c in "[{<":
        return _balanced_end(s, i)
    if c == "%":
        m = _LOCAL_NAME.match(s, i)
        if m is None:
            raise _Unreadable(f"bad type name in {s.strip()!r}")
        return m.end()
    m = _WORD.match(s, i)
    if m is None:
        raise _Unreadable(f"expected a type in {s.strip()!r}")
    end = m.end()
    if s.startswith(" addrspace(", end):
        end = s.index(")", end) + 1
    return end


def _is_type_start(s: str, i: int) -> bool:
    c = s[i]
    if c in "[{<%":
        return True
    m = _WORD.match(s, i)
    if m is None:
        return False
    word = m.group(0)
    return word in _TYPE_WORDS or _INT_TYPE.match(word) is not None


def _skip_attributes(s: str, i: int) -> int:
    """Skip parameter/return attributes (``noundef``, ``align 8``, ``byval(%T)``...) up to a value or type."""
    n = len(s)
    while i < n:
        m = _WORD.match(s, i)
        if m is None:
            return i
        word = m.group(0)
        if word in _CONSTANT_OPS or word in ("true", "false", "null", "undef", "poison", "zeroinitializer", "none"):
            return i
        if word == "asm" or word in _TYPE_WORDS or _INT_TYPE.match(word):
            return i
        i = m.end()
        if i < n and s[i] == "(":
            i = _balanced_end(s, i)
        i = _skip_ws(s, i)
        if word == "align":  # ``align 8``: the number belongs to the attribute
            while i < n and s[i].isdigit():
                i += 1
            i = _skip_ws(s, i)
    return i


def _attribute_words(s: str) -> list[str]:
    """Attributes of one parameter text (``"byval(%struct.S) align 8"`` -> ``["byval(%struct.S)", "align"]``)."""
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        i = _skip_ws(s, i)
        m = _WORD.match(s, i)
        if m is None:
            i += 1
            continue
        end = m.end()
        if end < n and s[end] == "(":
            end = _balanced_end(s, end)
        out.append(s[i:end])
        i = end
    return out


def _float_value(text: str, type_text: str) -> float | None:
    """A float constant's value (decimal or LLVM's hex double form), None for x87/half/quad hex forms."""
    if text.startswith(("0x", "-0x")):
        if len(text) > 2 and text[2] in "KLMHR":
            return None
        bits = int(text, 16) & ((1 << 64) - 1)
        return float(struct.unpack(">d", bits.to_bytes(8, "big"))[0])
    return float(text)


class _FunctionParser:
    """Parses one function's lines (header to closing brace)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.numbers: dict[str, int] = {}
        self.value_types: list[str] = []
        self.block_index: dict[str, int] = {}

    def number(self, name: str) -> int:
        n = self.numbers.get(name)
        if n is None:
            n = len(self.value_types)
            self.numbers[name] = n
            self.value_types.append("")
        return n

    # Values --------------------------------------------------------------------------
    def value(self, s: str, i: int, type_text: str) -> tuple[IRValue, int]:
        c = s[i]
        if c == "%":
            m = _LOCAL_NAME.match(s, i)
            if m is None:
                raise _Unreadable(f"bad value name in {s.strip()!r}")
            name = m.group(0)
            n = self.numbers.get(name)
            if n is None:
                n = self.number(name)
            return IRValue(LOCAL, type_text, index=n), m.end()
        if c == "@":
            m = _GLOBAL_NAME.match(s, i)
            if m is None:
                raise _Unreadable(f"bad global name in {s.strip()!r}")
            name = m.group(0)[1:]
            if name.startswith('"'):
                name = name[1:-1]
            return IRValue(GLOBAL, type_text, text=name), m.end()
        if c == "-" or c.isdigit():
            m = _NUMBER.match(s, i)
            if m is None:
                raise _Unreadable(f"bad number in {s.strip()!r}")
            text = m.group(0)
            if _INT_TYPE.match(type_text):
                return IRValue(CONST_INT, type_text, imm=signed_value(int(text, 0), type_text)), m.end()
            fvalue = _float_value(text, type_text)
            if fvalue is None:
                return IRValue(OTHER, type_text, text="constant"), m.end()
            return IRValue(CONST_FP, type_text, fimm=fvalue), m.end()
        if c in "<[{":
            return IRValue(OTHER, type_text, text="aggregate constant"), _balanced_end(s, i)
        if c == "c" and s.startswith('c"', i):
            return IRValue(OTHER, type_text, text="string constant"), s.index('"', i + 2) + 1
        m = _WORD.match(s, i)
        if m is None:
            raise _Unreadable(f"unexpected operand in {s.strip()!r}")
        word = m.group(0)
        end = m.end()
        if word == "true" or word == "false":
            return IRValue(CONST_INT, type_text, imm=1 if word == "true" else 0), end
        if word == "null":
            return IRValue(NULL, type_text), end
        if word == "undef" or word == "poison":
            return IRValue(UNDEF, type_text), end
        if word in _CONSTANT_OPS:
            paren = s.index("(", end)
            close = _balanced_end(s, paren)
            kind = OTHER if word in ("splat", "blockaddress", "dso_local_equivalent", "no_cfi") else CONST_EXPR
            return IRValue(kind, type_text, text=s[i:close]), close
        return IRValue(OTHER, type_text, text=word), end

    def typed_value(self, s: str, i: int) -> tuple[IRValue, int]:
        """``<type> [attributes] <value>``; a ``metadata`` operand is read as OTHER."""
        if s[i] == " ":
            i = _skip_ws(s, i)
        m = _SIMPLE_TYPE.match(s, i)
        end = m.end() if m is not None else _type_end(s, i)
        type_text = s[i:end]
        j = _skip_ws(s, end)
        if type_text == "metadata":
            depth_end = _argument_end(s, j)
            return IRValue(OTHER, type_text, text="metadata"), depth_end
        if s[j] not in "%@-0123456789":
            j = _skip_attributes(s, j)
        return self.value(s, j, type_text)

    # Function -----------------------------------------------------------------------
    def parse(self) -> IRFunction:
        header = self.lines[0]
        m = _FUNCTION_NAME.search(header)
        if m is None:
            raise _Unreadable(f"bad define line {header[:80]!r}")
        name = m.group(1)
        if name.startswith('"'):
            name = name[1:-1]
        before = header[len("define ") : m.start()]
        return_type = self._return_type(before)
        params_start = m.end()
        params_end = _balanced_end(header, params_start - 1) - 1
        param_types, param_attrs, vararg = self._params(header[params_start:params_end])
        blocks = self._body()
        count = sum(len(b.insts) for b in blocks)
        value_types = self.value_types
        for block in blocks:
            for inst in block.insts:
                for v in inst.operands:
                    if v.kind == LOCAL:
                        v.type = value_types[v.index]
        return IRFunction(
            name=name,
            return_type=return_type,
            param_types=param_types,
            param_attrs=param_attrs,
            vararg=vararg,
            calling_convention=calling_convention_of(before),
            blocks=blocks,
            value_types=value_types,
            num_ir_insts=count,
        )

    def _return_type(self, before: str) -> str:
        i = _skip_ws(before, 0)
        n = len(before)
        while i < n:
            if _is_type_start(before, i):
                return before[i : _type_end(before, i)]
            i = _skip_attributes(before, i)
            if i < n and not _is_type_start(before, i):
                raise _Unreadable(f"cannot find the return type in {before!r}")
        raise _Unreadable(f"no return type in {before!r}")

    def _params(self, text: str) -> tuple[list[str], list[list[str]], bool]:
        types: list[str] = []
        attrs: list[list[str]] = []
        vararg = False
        for part in _split_top(text):
            if part == "...":
                vararg = True
                continue
            end = _type_end(part, 0)
            type_text = part[:end]
            names = list(_LOCAL_NAME.finditer(part, end))
            if not names:
                raise _Unreadable(f"unnamed parameter {part!r}")
            m = names[-1]
            rest = part[end : m.start()]
            n = self.number(m.group(0))
            self.value_types[n] = type_text
            types.append(type_text)
            attrs.append(_attribute_words(rest))
        return types, attrs, vararg

    def _body(self) -> list[IRBlock]:
        lines = self.lines
        # First pass: block labels (branches may name blocks further down).
        body: list[str] = []
        k = 1
        n = len(lines)
        while k < n:
            line = lines[k]
            k += 1
            if not line or line.startswith(";"):
                continue
            if line == "}":
                break
            if line.endswith("[") and line.lstrip().startswith("switch "):
                cases = [line]
                while k < n and not lines[k].lstrip().startswith("]"):  # "]" or "], !llvm.loop !7"
                    cases.append(lines[k].strip())
                    k += 1
                k += 1
                line = " ".join(cases) + " ]"
            body.append(line)
        first_label = _LABEL_LINE.match(body[0]) if body else None
        next_block = 0
        if body and first_label is None:
            # An unnamed entry block takes the next slot number after the unnamed arguments.
            unnamed = sum(1 for name in self.numbers if name[1:].isdigit())
            self.block_index[f"%{unnamed}"] = 0
            next_block = 1
        for line in body:
            if line[0] != " ":
                m = _LABEL_LINE.match(line)
                if m is None:
                    raise _Unreadable(f"unexpected line {line[:80]!r}")
                label = m.group(1)
                self.block_index["%" + label] = next_block
                next_block += 1
        blocks: list[IRBlock] = [IRBlock([]) for _ in range(next_block)]
        current = -1 if first_label is not None else 0
        for line in body:
            if line[0] != " ":
                current += 1
                continue
            blocks[current].insts.append(self._instruction(line))
        return blocks

    # Instructions --------------------------------------------------------------------
    def _block(self, s: str, i: int) -> tuple[IRValue, int]:
        i = _skip_ws(s, i)
        if not s.startswith("label ", i):
            raise _Unreadable(f"expected a label in {s.strip()!r}")
        m = _LOCAL_NAME.match(s, i + 6)
        if m is None:
            raise _Unreadable(f"bad label in {s.strip()!r}")
        return IRValue(BLOCK, "label", index=self.block_index[m.group(0)]), m.end()

    def _instruction(self, line: str) -> IRInst:
        s = line.strip()
        cut = s.find(", !")
        if cut >= 0:
            s = s[:cut]
        result_name = ""
        i = 0
        if s[0] == "%":
            m = _LOCAL_NAME.match(s)
            if m is None or not s.startswith(" = ", m.end()):
                raise _Unreadable(f"bad result in {s!r}")
            result_name = m.group(0)
            i = m.end() + 3
        m = _WORD.match(s, i)
        if m is None:
            raise _Unreadable(f"no opcode in {s!r}")
        opcode = m.group(0)
        fast = _FAST_FORMS.get(opcode)
        if fast is not None:
            found = fast.match(s, m.end())
            if found is not None:
                return self._fast_instruction(opcode, found, result_name, s)
        if opcode in ("tail", "musttail", "notail"):
            i = _skip_ws(s, m.end())
            m = _WORD.match(s, i)
            if m is None:
                raise _Unreadable(f"no opcode in {s!r}")
            opcode = m.group(0)
        i = _skip_ws(s, m.end())
        inst = IRInst(opcode, "void", -1, [], text=s)
        self._operands(inst, s, i)
        if result_name:
            inst.result = self.number(result_name)
            self.value_types[inst.result] = inst.type
        return inst

    def _simple(self, token: str, type_text: str) -> IRValue:
        """An operand token matched by a fast form: a local, an integer, true/false or null."""
        if token[0] == "%":
            n = self.numbers.get(token)
            if n is None:
                n = self.number(token)
            return IRValue(LOCAL, type_text, index=n)
        if token == "null":
            return IRValue(NULL, type_text)
        if token == "true" or token == "false":
            return IRValue(CONST_INT, type_text, imm=1 if token == "true" else 0)
        return IRValue(CONST_INT, type_text, imm=signed_value(int(token), type_text))

    def _fast_instruction(self, opcode: str, m: re.Match[str], result_name: str, s: str) -> IRInst:
        """The common one-line shapes (see ``_FAST_FORMS``), read with a single regex match."""
        g = m.group
        if opcode == "load":
            inst = IRInst(opcode, g(1), -1, [self._simple(g(2), "ptr")], text=s)
        elif opcode == "store":
            inst = IRInst(opcode, "void", -1, [self._simple(g(2), g(1)), self._simple(g(3), "ptr")], text=s)
        elif opcode == "icmp":
            a, b = self._simple(g(3), g(2)), self._simple(g(4), g(2))  # group 1 is the predicate
            inst = IRInst(opcode, "i1", -1, [a, b], text=s, predicate=g("pred"))
        elif opcode == "br":
            if g(4) is not None:
                inst = IRInst(opcode, "void", -1, [IRValue(BLOCK, "label", index=self.block_index[g(4)])])
            else:
                targets = [IRValue(BLOCK, "label", index=self.block_index[g(k)]) for k in (2, 3)]
                inst = IRInst(opcode, "void", -1, [self._simple(g(1), "i1"), *targets])
        elif opcode in _CASTS:
            inst = IRInst(opcode, g(3), -1, [self._simple(g(2), g(1))], text=s)
        elif opcode == "getelementptr":
            ops = [self._simple(g(2), "ptr")]
            for index in g(3)[2:].split(", "):
                type_text, _, token = index.partition(" ")
                ops.append(self._simple(token, type_text))
            inst = IRInst(opcode, "ptr", -1, ops, text=s, gep_type=g(1))
        elif opcode == "phi":
            t = g(1)
            inst = IRInst(opcode, t, -1, [], text=s)
            for pair in _PHI_INPUT.finditer(g(2)):
                inst.operands.append(self._simple(pair.group(1), t))
                inst.incoming.append(self.block_index[pair.group(2)])
        elif opcode == "select":
            ops = [self._simple(g(1), "i1"), self._simple(g(3), g(2)), self._simple(g(5), g(4))]
            inst = IRInst(opcode, g(2), -1, ops, text=s)
        else:  # a binary operation
            t = g(1)
            inst = IRInst(opcode, t, -1, [self._simple(g(2), t), self._simple(g(3), t)], text=s)
        if result_name:
            inst.result = self.number(result_name)
            self.value_types[inst.result] = inst.type
        return inst

    def _skip_flags(self, s: str, i: int) -> int:
        while True:
            m = _WORD.match(s, i)
            if m is None or m.group(0) not in _INST_FLAGS:
                return i
            i = _skip_ws(s, m.end())

    def _operands(self, inst: IRInst, s: str, i: int) -> None:
        opcode = inst.opcode
        ops = inst.operands
        if opcode in _BINARY:
            i = self._skip_flags(s, i)
            a, i = self.typed_value(s, i)
            b, i = self.value(s, _skip_ws(s, _expect(s, i, ",")), a.type)
            ops += [a, b]
            inst.type = a.type
        elif opcode == "icmp" or opcode == "fcmp":
            inst.predicate = compare_predicate(s, opcode)
            i = s.index(inst.predicate, i) + len(inst.predicate)
            a, i = self.typed_value(s, i)
            b, i = self.value(s, _skip_ws(s, _expect(s, i, ",")), a.type)
            ops += [a, b]
            inst.type = "<vector i1>" if a.type.startswith("<") else "i1"
        elif opcode in _CASTS:
            i = self._skip_flags(s, i)
            a, i = self.typed_value(s, i)
            i = _skip_ws(s, i)
            if not s.startswith("to ", i):
                raise _Unreadable(f"expected 'to' in {s!r}")
            j = _skip_ws(s, i + 3)
            inst.type = s[j : _type_end(s, j)]
            ops.append(a)
        elif opcode == "getelementptr":
            i = self._skip_flags(s, i)
            while s.startswith("inrange(", i):
                i = self._skip_flags(s, _skip_ws(s, s.index(")", i) + 1))
            end = _type_end(s, i)
            inst.gep_type = s[i:end]
            i = end
            while True:
                i = _skip_ws(s, i)
                if i >= len(s) or s[i] != ",":
                    break
                v, i = self.typed_value(s, i + 1)
                ops.append(v)
            inst.type = ops[0].type if ops and ops[0].type.startswith("<") else "ptr"
        elif opcode == "load":
            i = self._skip_words(s, i, ("atomic", "volatile"))
            end = _type_end(s, i)
            inst.type = s[i:end]
            p, i = self.typed_value(s, _expect(s, end, ","))
            ops.append(p)
        elif opcode == "store":
            i = self._skip_words(s, i, ("atomic", "volatile"))
            v, i = self.typed_value(s, i)
            p, i = self.typed_value(s, _expect(s, i, ","))
            ops += [v, p]
        elif opcode == "phi":
            i = self._skip_flags(s, i)
            end = _type_end(s, i)
            inst.type = s[i:end]
            i = end
            while True:
                i = _skip_ws(s, i)
                if i >= len(s):
                    break
                if s[i] == ",":
                    i = _skip_ws(s, i + 1)
                i = _skip_ws(s, _expect(s, i, "["))
                v, i = self.value(s, i, inst.type)
                i = _skip_ws(s, _expect(s, i, ","))
                m = _LOCAL_NAME.match(s, i)
                if m is None:
                    raise _Unreadable(f"bad phi input in {s!r}")
                ops.append(v)
                inst.incoming.append(self.block_index[m.group(0)])
                i = _skip_ws(s, m.end())
                i = _expect(s, i, "]")
        elif opcode == "select":
            i = self._skip_flags(s, i)
            c, i = self.typed_value(s, i)
            a, i = self.typed_value(s, _expect(s, i, ","))
            b, i = self.typed_value(s, _expect(s, i, ","))
            ops += [c, a, b]
            inst.type = a.type
        elif opcode == "call":
            self._call(inst, s, i)
        elif opcode == "br":
            if s.startswith("label ", i):
                target, i = self._block(s, i)
                ops.append(target)
            else:
                c, i = self.typed_value(s, i)
                t, i = self._block(s, _expect(s, i, ","))
                f, i = self._block(s, _expect(s, i, ","))
                ops += [c, t, f]
        elif opcode == "switch":
            c, i = self.typed_value(s, i)
            default, i = self._block(s, _expect(s, i, ","))
            ops += [c, default]
            i = _expect(s, _skip_ws(s, i), "[")
            while True:
                i = _skip_ws(s, i)
                if i >= len(s) or s[i] == "]":
                    break
                case, i = self.typed_value(s, i)
                target, i = self._block(s, _expect(s, i, ","))
                inst.cases.append(case.imm)
                ops.append(target)
        elif opcode == "ret":
            if not s.startswith("void", i):
                v, i = self.typed_value(s, i)
                ops.append(v)
        elif opcode == "alloca":
            i = self._skip_words(s, i, ("inalloca",))
            end = _type_end(s, i)
            inst.gep_type = s[i:end]
            inst.type = "ptr"
            i = _skip_ws(s, end)
            count = IRValue(CONST_INT, "i64", imm=1)
            if s.startswith(", ", i) and not s.startswith(", align", i) and not s.startswith(", addrspace", i):
                count, i = self.typed_value(s, i + 1)
            ops.append(count)
        elif opcode == "extractelement":
            v, i = self.typed_value(s, i)
            lane, i = self.typed_value(s, _expect(s, i, ","))
            ops += [v, lane]
            inst.type = _element_type(v.type)
        elif opcode == "insertelement":
            v, i = self.typed_value(s, i)
            e, i = self.typed_value(s, _expect(s, i, ","))
            lane, i = self.typed_value(s, _expect(s, i, ","))
            ops += [v, e, lane]
            inst.type = v.type
        elif opcode == "shufflevector":
            a, i = self.typed_value(s, i)
            b, i = self.typed_value(s, _expect(s, i, ","))
            mask, i = self.typed_value(s, _expect(s, i, ","))
            ops += [a, b, mask]
            lanes = mask.type[1 : mask.type.index(" x ")]
            inst.type = f"<{lanes} x {_element_type(a.type)}>"
        elif opcode == "extractvalue" or opcode == "insertvalue":
            agg, i = self.typed_value(s, i)
            ops.append(agg)
            if opcode == "insertvalue":
                field_value, i = self.typed_value(s, _expect(s, i, ","))
                ops.append(field_value)
            while i < len(s) and s[i] == ",":
                m = _NUMBER.match(s, _skip_ws(s, i + 1))
                if m is None:
                    raise _Unreadable(f"bad field index in {s!r}")
                inst.cases.append(int(m.group(0)))
                i = m.end()
            fields = aggregate_fields(agg.type)
            if opcode == "insertvalue":
                inst.type = agg.type
            else:
                inst.type = fields[inst.cases[0]] if len(inst.cases) == 1 and fields else "?"
        elif opcode in ("fneg", "freeze"):
            i = self._skip_flags(s, i)
            a, i = self.typed_value(s, i)
            ops.append(a)
            inst.type = a.type
        else:
            inst.type = "?"  # outside the subset: the lowering rejects the opcode

    def _skip_words(self, s: str, i: int, words: tuple[str, ...]) -> int:
        while True:
            m = _WORD.match(s, i)
            if m is None or m.group(0) not in words:
                return i
            i = _skip_ws(s, m.end())

    def _call(self, inst: IRInst, s: str, i: int) -> None:
        i = self._skip_flags(s, i)
        n = len(s)
        while i < n and not _is_type_start(s, i):
            i = _skip_attributes(s, i)
            m = _WORD.match(s, i)
            if m is not None and not _is_type_start(s, i):
                # A calling convention such as ``cc 10`` or ``fastcc``.
                i = _skip_ws(s, m.end())
                while i < n and s[i].isdigit():
                    i += 1
                i = _skip_ws(s, i)
        end = _type_end(s, i)
        inst.type = s[i:end]
        i = _skip_ws(s, end)
        if i < n and s[i] == "(":  # an explicit function type: ``i32 (ptr, ...)``
            i = _skip_ws(s, _balanced_end(s, i))
        if s.startswith("asm ", i):
            inst.operands.append(IRValue(OTHER, "ptr", text="inline_asm"))
            return
        callee, i = self.value(s, i, "ptr")
        if callee.kind == GLOBAL:
            inst.callee = callee.text
            if callee.text.startswith(_DROPPED_INTRINSICS):
                inst.operands.append(callee)
                return
        i = _expect(s, _skip_ws(s, i), "(")
        args: list[IRValue] = []
        while True:
            i = _skip_ws(s, i)
            if i >= n:
                raise _Unreadable(f"unterminated call in {s!r}")
            if s[i] == ")":
                break
            if s[i] == ",":
                i += 1
                continue
            i = _skip_ws(s, i)
            type_end = _type_end(s, i)
            attrs_end = _skip_attributes(s, _skip_ws(s, type_end))
            inst.arg_attrs.append(s[type_end:attrs_end].strip())
            v, i = self.typed_value(s, i)
            args.append(v)
        inst.operands.extend(args)
        inst.operands.append(callee)


def aggregate_fields(type_text: str) -> list[str]:
    """Field types of a literal struct of scalars (``"{ i64, ptr }"`` -> ``["i64", "ptr"]``), else ``[]``.

    >>> aggregate_fields("{ i64, double }"), aggregate_fields("{ i32, { i8 } }")
    (['i64', 'double'], [])
    """
    if not (type_text.startswith("{ ") and type_text.endswith(" }")):
        return []
    inner = type_text[2:-2]
    if any(c in inner for c in "{}[]<>%"):
        return []
    return inner.split(", ")


def _element_type(vector_type: str) -> str:
    """``"<4 x i32>"`` -> ``"i32"``."""
    k = vector_type.find(" x ")
    if not vector_type.startswith("<") or k < 0:
        raise _Unreadable(f"expected a vector type, got {vector_type!r}")
    return vector_type[k + 3 : -1]


def _expect(s: str, i: int, char: str) -> int:
    if i < len(s) and s[i] == char:
        return i + 1
    i = _skip_ws(s, i)
    if i >= len(s) or s[i] != char:
        raise _Unreadable(f"expected {char!r} at column {i} of {s!r}")
    return i + 1


def _argument_end(s: str, i: int) -> int:
    """Index of the ``,`` or ``)`` ending the argument that starts at ``i`` (depth 0)."""
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in "([{<":
            depth += 1
        elif c in ")]}>":
            if depth == 0:
                return i
            depth -= 1
        elif c == "," and depth == 0:
            return i
        elif c == '"':
            i = s.index('"', i + 1)
        i += 1
    return i


def _split_top(text: str) -> list[str]:
    """``text`` split at commas outside brackets, each part stripped (empty parts dropped)."""
    parts: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        end = _argument_end(text, i)
        part = text[i:end].strip()
        if part:
            parts.append(part)
        i = end + 1
    return parts


def parse_printed_module(text: str) -> IRModule:
    """Every function defined in printed IR ``text``; unreadable ones are listed with the reason."""
    functions: list[IRFunction] = []
    errors: dict[str, str] = {}
    lines = text.split("\n")
    k = 0
    n = len(lines)
    while k < n:
        line = lines[k]
        if not line.startswith("define "):
            k += 1
            continue
        start = k
        while k < n and lines[k] != "}":
            k += 1
        chunk = lines[start : k + 1]
        k += 1
        try:
            functions.append(_FunctionParser(chunk).parse())
        except (_Unreadable, KeyError, ValueError, IndexError) as exc:
            m = _FUNCTION_NAME.search(chunk[0])
            name = m.group(1).strip('"') if m else f"line {start + 1}"
            errors[name] = f"cannot read: {exc}"
    return IRModule(functions=functions, module_text=text, read_errors=errors)

