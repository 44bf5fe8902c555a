"""LLVM type text: parsing and the x86-64 data layout (sizes, alignments, offsets).

llvmlite does not hand out the source element type of a ``getelementptr``, so
the reader parses it from the instruction's text; named struct bodies come from
the module's ``%name = type {...}`` lines.  Types are plain tuples:
``("int", bits)``, ``("ptr",)``, ``("fp", bits)``, ``("x87",)``,
``("array", n, elem)``, ``("vector", n, elem)``, ``("struct", packed, elems)``,
``("named", name)``, ``("opaque",)``, ``("void",)``.

>>> layout = TypeLayout({"%struct.S": "{ i32, i64, [8 x i8] }"})
>>> t = layout.parse("%struct.S")
>>> layout.size(t), layout.field_offset(t, 2)
(24, 16)
"""

from __future__ import annotations

import re

from regalloc.errors import RegallocError

TypeNode = tuple[object, ...]

_NAMED_TYPE_LINE = re.compile(r'^(%(?:"[^"]*"|[-\w.$]+)) = type (.*)$', re.MULTILINE)
_SCALARS: dict[str, TypeNode] = {
    "ptr": ("ptr",),
    "half": ("fp", 16),
    "bfloat": ("fp", 16),
    "float": ("fp", 32),
    "double": ("fp", 64),
    "fp128": ("fp", 128),
    "x86_fp80": ("x87",),
    "void": ("void",),
    "opaque": ("opaque",),
}


class TypeParseError(RegallocError):
    """A type text the layout code cannot read (the function using it is skipped)."""


def named_type_bodies(module_text: str) -> dict[str, str]:
    """``{"%struct.S": "{ i32, i64 }"}`` from a module's type definition lines."""
    return {m.group(1): m.group(2).strip() for m in _NAMED_TYPE_LINE.finditer(module_text)}


class TypeLayout:
    """Parses type text and answers size/alignment/offset questions (x86-64 layout)."""

    def __init__(self, named_bodies: dict[str, str]) -> None:
        self._bodies = named_bodies
        self._named: dict[str, TypeNode] = {}
        self._cache: dict[str, TypeNode] = {}

    def parse(self, text: str) -> TypeNode:
        """The type node of ``text`` (one whole type); TypeParseError otherwise."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        node, end = self._parse_at(text, 0)
        if text[end:].strip():
            raise TypeParseError(f"unexpected text after type in {text!r}")
        self._cache[text] = node
        return node

    def _parse_at(self, text: str, i: int) -> tuple[TypeNode, int]:
        n = len(text)
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            raise TypeParseError(f"missing type in {text!r}")
        c = text[i]
        if c in "[<" and not text.startswith("<{", i):
            close = "]" if c == "[" else ">"
            m = re.compile(r"\s*(\d+)\s+x\s+").match(text, i + 1)
            if m is None:
                raise TypeParseError(f"bad aggregate type at {text[i:]!r}")
            elem, j = self._parse_at(text, m.end())
            while j < n and text[j] == " ":
                j += 1
            if j >= n or text[j] != close:
                raise TypeParseError(f"unclosed aggregate type in {text!r}")
            return ("array" if c == "[" else "vector", int(m.group(1)), elem), j + 1
        if c == "{" or text.startswith("<{", i):
            packed = c == "<"
            j = i + (2 if packed else 1)
            elems: list[TypeNode] = []
            while True:
                while j < n and text[j] == " ":
                    j += 1
                if j < n and text[j] == "}":
                    j += 1
                    break
                elem, j = self._parse_at(text, j)
                elems.append(elem)
                while j < n and text[j] == " ":
                    j += 1
                if j < n and text[j] == ",":
                    j += 1
                elif j < n and text[j] == "}":
                    j += 1
                    break
                else:
                    raise TypeParseError(f"bad struct type in {text!r}")
            if packed:
                if j >= n or text[j] != ">":
                    raise TypeParseError(f"unclosed packed struct in {text!r}")
                j += 1
            return ("struct", packed, tuple(elems)), j
        if c == "%":
            m = re.compile(r'%(?:"[^"]*"|[-\w.$]+)').match(text, i)
            if m is None:
                raise TypeParseError(f"bad named type at {text[i:]!r}")
            return ("named", m.group(0)), m.end()
        m = re.compile(r"[a-z_0-9]+").match(text, i)
        if m is None:
            raise TypeParseError(f"bad type at {text[i:]!r}")
        word = m.group(0)
        if word.startswith("i") and word[1:].isdigit():
            return ("int", int(word[1:])), m.end()
        scalar = _SCALARS.get(word)
        if scalar is None:
            raise TypeParseError(f"unsupported type {word!r}")
        return scalar, m.end()

    def resolve(self, t: TypeNode) -> TypeNode:
        """Named types replaced by their bodies (one level)."""
        if t[0] != "named":
            return t
        name = str(t[1])
        body = self._named.get(name)
        if body is None:
            text = self._bodies.get(name)
            if text is None:
                raise TypeParseError(f"unknown named type {name}")
            body = self.parse(text)
            self._named[name] = body
        return body

    def align(self, t: TypeNode) -> int:
        """ABI alignment in bytes."""
        t = self.resolve(t)
        kind = t[0]
        if kind == "struct":
            if t[1]:
                return 1
            elems = t[2]
            assert isinstance(elems, tuple)
            return max((self.align(e) for e in elems), default=1)
        if kind == "array":
            elem = t[2]
            assert isinstance(elem, tuple)
            return self.align(elem)
        if kind == "vector":
            return min(16, _pow2_at_least(self.size(t)))
        return self._scalar_size(t)

    def size(self, t: TypeNode) -> int:
        """Allocation size in bytes (what one array element of ``t`` steps by)."""
        t = self.resolve(t)
        kind = t[0]
        if kind == "struct":
            elems = t[2]
            assert isinstance(elems, tuple)
            offset = 0
            for e in elems:
                if not t[1]:
                    offset = _round_up(offset, self.align(e))
                offset += self.size(e)
            return _round_up(offset, self.align(t))
        if kind == "array":
            count, elem = t[1], t[2]
            assert isinstance(count, int) and isinstance(elem, tuple)
            return count * self.size(elem)
        if kind == "vector":
            count, elem = t[1], t[2]
            assert isinstance(count, int) and isinstance(elem, tuple)
            return _pow2_at_least(count * self.size(elem))
        return self._scalar_size(t)

    def _scalar_size(self, t: TypeNode) -> int:
        kind = t[0]
        if kind == "int":
            bits = t[1]
            assert isinstance(bits, int)
            return _pow2_at_least((bits + 7) // 8)
        if kind == "ptr":
            return 8
        if kind == "fp":
            bits = t[1]
            assert isinstance(bits, int)
            return bits // 8
        if kind == "x87":
            return 16
        raise TypeParseError(f"type {t[0]} has no size")

    def field_offset(self, t: TypeNode, index: int) -> int:
        """Byte offset of field ``index`` of struct type ``t``."""
        t = self.resolve(t)
        if t[0] != "struct":
            raise TypeParseError("field index into a non-struct type")
        elems = t[2]
        assert isinstance(elems, tuple)
        if not 0 <= index < len(elems):
            raise TypeParseError(f"field {index} out of range")
        offset = 0
        for k, e in enumerate(elems):
            if not t[1]:
                offset = _round_up(offset, self.align(e))
            if k == index:
                return offset
            offset += self.size(e)
        return offset

    def field_type(self, t: TypeNode, index: int) -> TypeNode:
        """Type of field ``index`` of a struct, or the element type of an array/vector."""
        t = self.resolve(t)
        if t[0] == "struct":
            elems = t[2]
            assert isinstance(elems, tuple)
            elem = elems[index]
        elif t[0] in ("array", "vector"):
            elem = t[2]
        else:
            raise TypeParseError(f"cannot index into type {t[0]}")
        assert isinstance(elem, tuple)
        return elem

    def is_struct(self, t: TypeNode) -> bool:
        return self.resolve(t)[0] == "struct"


def _round_up(value: int, align: int) -> int:
    return (value + align - 1) // align * align


def _pow2_at_least(n: int) -> int:
    p = 1
    while p < n:
        p *= 2
    return p
