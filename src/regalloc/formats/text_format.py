"""The human text format (``.ra`` files): a hand-writable spelling of a function.

It says everything the interchange JSON says (see ``docs/TEXT_FORMAT.md`` for
the grammar).  A small example:

>>> text = '''
... function "add_one"
... env {
...   preferred int 0-3
...   names int:0=r0 int:1=r1
... }
... vregs v0-v1:int
... block0:
...   li   def v0:reg
...   add  def v1:reuse(v0), use v0:reg
...   ret  use v1:fixed(r0)
... '''
>>> func, env = parse_function_text(text)
>>> func.num_insts, func.op_arg[1], env.reg_name(0)
(3, 1, 'r0')
>>> print(format_function_text(func, env).splitlines()[-1])
  ret use v1:fixed(r0)

Printing then parsing gives back an identical :class:`Function` and
:class:`MachineEnv`.  Instruction kinds are not written: the last instruction of
a block is a branch when it has ``->`` targets and a return otherwise; every
other instruction is an ordinary one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from regalloc.env import MachineEnv
from regalloc.errors import FormatError
from regalloc.function import (
    ANY,
    BRANCH,
    DEF,
    EARLY,
    FIXED,
    INST_KIND_NAMES,
    LATE,
    LIMIT,
    MOD,
    OP,
    REG,
    RET,
    REUSE,
    STACK,
    USE,
    Function,
    function_from_lists,
)
from regalloc.regs import CLASS_BY_NAME, CLASS_NAMES, NUM_CLASSES, REGS_PER_CLASS, preg, preg_str

# Token kinds.
_IDENT = 0
_INT = 1
_STR = 2
_PUNCT = 3
_NL = 4
_EOF = 5

_TOKEN_RE = re.compile(
    r"""(?P<ws>[ \t\r\f]+)
      | (?P<comment>\#[^\n]*)
      | (?P<nl>\n|;)
      | (?P<str>"(?:[^"\\\n]|\\.)*")
      | (?P<arrow>->)
      | (?P<int>[0-9]+)
      | (?P<ident>[A-Za-z_][A-Za-z0-9_.]*)
      | (?P<punct>[:,()\[\]{}=@\-])
    """,
    re.VERBOSE,
)
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")
_VREG_RE = re.compile(r"v([0-9]+)\Z")
_BLOCK_RE = re.compile(r"block([0-9]+)\Z")

_MAX_VREGS = 1 << 24  # far beyond any real function; stops a typo from allocating gigabytes
_KIND_WORDS = {"use": USE, "def": DEF, "mod": MOD}
_KIND_TEXT = ("use", "def", "mod")
_DEFAULT_POS = (EARLY, LATE, EARLY)  # by operand kind
_RESERVED_MNEMONICS = frozenset(("use", "def", "mod", "clobbers", "_"))
_RESERVED_REG_NAMES = frozenset((*CLASS_NAMES, "fixed", "clobbers", "stack", "none"))


class _Token:
    __slots__ = ("col", "kind", "line", "text")

    def __init__(self, kind: int, text: str, line: int, col: int) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.col = col

    def describe(self) -> str:
        if self.kind == _NL:
            return "end of line"
        if self.kind == _EOF:
            return "end of file"
        return repr(self.text)


def _tokenize(text: str, source: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 1
    line_start = 0
    pos = 0
    n = len(text)
    match = _TOKEN_RE.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            col = pos - line_start + 1
            ch = text[pos]
            if ch == '"':
                raise FormatError("unterminated string", where=f"{line}:{col}", source=source)
            raise FormatError(f"unexpected character {ch!r}", where=f"{line}:{col}", source=source)
        group = m.lastgroup
        col = pos - line_start + 1
        value = m.group()
        if group == "nl":
            tokens.append(_Token(_NL, value, line, col))
            if value == "\n":
                line += 1
                line_start = m.end()
        elif group == "ident":
            tokens.append(_Token(_IDENT, value, line, col))
        elif group == "int":
            tokens.append(_Token(_INT, value, line, col))
        elif group == "str":
            tokens.append(_Token(_STR, value, line, col))
        elif group in ("punct", "arrow"):
            tokens.append(_Token(_PUNCT, value, line, col))
        pos = m.end()
    tokens.append(_Token(_NL, "", line, pos - line_start + 1))
    tokens.append(_Token(_EOF, "", line, pos - line_start + 1))
    return tokens


def _register_names(env: MachineEnv) -> dict[str, int]:
    """Names usable for registers in the text: the env's names that are unambiguous identifiers."""
    counts: dict[str, int] = {}
    for name in env.reg_names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        name: p
        for p, name in env.reg_names.items()
        if counts[name] == 1 and _IDENT_RE.match(name) and name not in _RESERVED_REG_NAMES
    }


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(text, source)
        self.pos = 0
        self.env: MachineEnv | None = None
        self.reg_by_name: dict[str, int] = {}
        self.vreg_class: list[int] = []
        self.vreg_declared: list[bool] = []

    # Token helpers -----------------------------------------------------------
    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def next(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def error(self, tok: _Token, message: str) -> FormatError:
        return FormatError(message, where=f"{tok.line}:{tok.col}", source=self.source)

    def expected(self, what: str) -> FormatError:
        tok = self.peek()
        return self.error(tok, f"expected {what}, found {tok.describe()}")

    def at_punct(self, text: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.kind == _PUNCT and tok.text == text

    def at_word(self, text: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.kind == _IDENT and tok.text == text

    def punct(self, text: str) -> _Token:
        if not self.at_punct(text):
            raise self.expected(repr(text))
        return self.next()

    def word(self, what: str) -> _Token:
        if self.peek().kind != _IDENT:
            raise self.expected(what)
        return self.next()

    def keyword(self, text: str) -> None:
        if not self.at_word(text):
            raise self.expected(repr(text))
        self.pos += 1

    def integer(self, what: str = "a number") -> int:
        if self.peek().kind != _INT:
            raise self.expected(what)
        return int(self.next().text)

    def string(self, what: str = "a quoted string") -> str:
        tok = self.peek()
        if tok.kind != _STR:
            raise self.expected(what)
        self.pos += 1
        return self.decode_string(tok)

    def decode_string(self, tok: _Token) -> str:
        try:
            value = json.loads(tok.text)
        except json.JSONDecodeError:
            raise self.error(tok, 'bad escape in string (use JSON escapes like \\n, \\", \\u00e9)') from None
        assert isinstance(value, str)
        return value

    def end_of_line(self) -> None:
        tok = self.peek()
        if tok.kind != _NL:
            raise self.error(tok, f"expected end of line, found {tok.describe()}")
        self.pos += 1

    def skip_blank_lines(self) -> None:
        while self.tokens[self.pos].kind == _NL:
            self.pos += 1

    # Values ------------------------------------------------------------------
    def reg_class(self) -> int:
        tok = self.peek()
        cls = CLASS_BY_NAME.get(tok.text) if tok.kind == _IDENT else None
        if cls is None:
            raise self.expected("a register class (int, float or vector)")
        self.pos += 1
        return cls

    def register(self) -> int:
        tok = self.peek()
        if tok.kind != _IDENT:
            raise self.expected("a register (like int:3 or a register name)")
        cls = CLASS_BY_NAME.get(tok.text)
        if cls is not None and self.tokens[self.pos + 1].kind == _PUNCT and self.tokens[self.pos + 1].text == ":":
            self.pos += 2
            idx_tok = self.peek()
            idx = self.integer("a register index")
            if idx >= REGS_PER_CLASS:
                raise self.error(idx_tok, f"register index {idx} out of range (0..63)")
            return preg(cls, idx)
        p = self.reg_by_name.get(tok.text)
        if p is None:
            if self.env is None:
                known = " (inside env, write registers like int:3)"
            else:
                known = "" if self.reg_by_name else " (the env names no registers; write like int:3)"
            raise self.error(tok, f"unknown register {tok.text!r}{known}")
        self.pos += 1
        return p

    def vreg(self) -> int:
        tok = self.peek()
        m = _VREG_RE.match(tok.text) if tok.kind == _IDENT else None
        if m is None:
            raise self.expected("a vreg (like v3)")
        v = int(m.group(1))
        if v >= len(self.vreg_declared) or not self.vreg_declared[v]:
            raise self.error(tok, f"undeclared vreg {tok.text} (declare it in a vregs line)")
        self.pos += 1
        return v

    def block_ref(self) -> tuple[int, _Token]:
        tok = self.peek()
        m = _BLOCK_RE.match(tok.text) if tok.kind == _IDENT else None
        if m is None:
            raise self.expected("a block (like block2)")
        self.pos += 1
        return int(m.group(1)), tok

    def vreg_tuple(self) -> list[int]:
        """``( v1, v2 )`` or nothing."""
        out: list[int] = []
        if not self.at_punct("("):
            return out
        self.pos += 1
        if self.at_punct(")"):
            self.pos += 1
            return out
        out.append(self.vreg())
        while self.at_punct(","):
            self.pos += 1
            out.append(self.vreg())
        self.punct(")")
        return out

    # Header ------------------------------------------------------------------
    def parse(self) -> tuple[Function, MachineEnv]:
        name = ""
        remat: dict[int, str] = {}
        callee_saved: list[int] | None = None
        debug_labels: list[tuple[int, int, int, int]] = []
        debug_tokens: list[_Token] = []
        entry = 0
        entry_tok: _Token | None = None
        ssa = True
        self.skip_blank_lines()
        while True:
            tok = self.peek()
            if tok.kind == _EOF:
                raise self.expected("a block (like block0:)")
            if tok.kind != _IDENT:
                raise self.expected("a directive or a block")
            word = tok.text
            if _BLOCK_RE.match(word):
                break
            self.pos += 1
            if word == "function":
                name = self.string("the function's name as a quoted string")
            elif word == "env":
                self.parse_env(tok)
            elif word == "vregs":
                self.parse_vregs()
            elif word == "remat":
                v = self.vreg()
                remat[v] = self.string("the remat label as a quoted string")
            elif word == "callee_saved":
                self.need_env(tok)
                # Several lines accumulate: the printer wraps long register lists.
                if callee_saved is None:
                    callee_saved = []
                while self.peek().kind != _NL:
                    callee_saved.append(self.register())
                    if self.at_punct(","):
                        self.pos += 1
            elif word == "debug_label":
                label = self.integer("the debug label number")
                v = self.vreg()
                debug_tokens.append(self.punct("["))
                start = self.integer("the first instruction index")
                self.punct(",")
                end = self.integer("the end instruction index")
                self.punct(")")
                debug_labels.append((v, start, end, label))
            elif word == "entry":
                entry, entry_tok = self.block_ref()
            elif word == "ssa":
                flag = self.word("true or false")
                if flag.text not in ("true", "false"):
                    raise self.error(flag, f"expected true or false, found {flag.describe()}")
                ssa = flag.text == "true"
            else:
                raise self.error(
                    tok,
                    f"unknown directive {word!r} (expected function, env, vregs, remat, "
                    "callee_saved, debug_label, entry, ssa or a block)",
                )
            self.end_of_line()
            self.skip_blank_lines()
        env = self.need_env(self.peek())
        for v, declared in enumerate(self.vreg_declared):
            if not declared:
                raise self.error(
                    self.peek(), f"v{v} is not declared (vregs must be numbered v0..v{len(self.vreg_declared) - 1})"
                )
        func = self.parse_blocks(name, entry, entry_tok, remat, callee_saved, debug_labels, debug_tokens, ssa)
        return func, env

    def need_env(self, tok: _Token) -> MachineEnv:
        if self.env is None:
            raise self.error(tok, "no env yet: write 'env <preset>' or an 'env { ... }' block first")
        return self.env

    def parse_env(self, env_tok: _Token) -> None:
        if self.env is not None:
            raise self.error(env_tok, "env given twice")
        if not self.at_punct("{"):
            self.env = self.parse_preset()
        else:
            self.pos += 1
            self.end_of_line()
            self.env = self.parse_env_block()
        self.reg_by_name = _register_names(self.env)

    def parse_preset(self) -> MachineEnv:
        first = self.peek()
        if first.kind != _IDENT:
            raise self.expected("a preset name (like x86_64-sysv) or '{'")
        # A preset name such as x86_64-sysv arrives as adjacent tokens; glue them.
        parts = [self.next().text]
        while True:
            prev, tok = self.tokens[self.pos - 1], self.peek()
            adjacent = tok.line == prev.line and tok.col == prev.col + len(prev.text)
            if not adjacent or tok.kind not in (_IDENT, _INT, _PUNCT) or (tok.kind == _PUNCT and tok.text != "-"):
                break
            parts.append(self.next().text)
        name = "".join(parts)
        from regalloc.presets import PRESETS, get_preset

        if name not in PRESETS:
            raise self.error(first, f"unknown env preset {name!r} (known: {', '.join(sorted(PRESETS))})")
        return get_preset(name)

    def parse_env_block(self) -> MachineEnv:
        preferred: list[list[int]] = [[] for _ in range(NUM_CLASSES)]
        non_preferred: list[list[int]] = [[] for _ in range(NUM_CLASSES)]
        scratch = [-1] * NUM_CLASSES
        fixed_stack: list[int] = []
        spillslot_size = [1] * NUM_CLASSES
        paired_slots = [False] * NUM_CLASSES
        reg_names: dict[int, str] = {}
        env_name = ""
        while True:
            self.skip_blank_lines()
            if self.at_punct("}"):
                self.pos += 1
                break
            tok = self.word(
                "an env setting (name, preferred, non_preferred, scratch, fixed_stack, spillslot_size, "
                "paired_slots, names) or '}'"
            )
            word = tok.text
            if word == "name":
                env_name = self.string("the env's name as a quoted string")
            elif word in ("preferred", "non_preferred"):
                cls = self.reg_class()
                target = preferred if word == "preferred" else non_preferred
                target[cls].extend(preg(cls, i) for i in self.index_list())
            elif word == "scratch":
                cls = self.reg_class()
                idx_tok = self.peek()
                idx = self.integer("a register index")
                if idx >= REGS_PER_CLASS:
                    raise self.error(idx_tok, f"register index {idx} out of range (0..63)")
                scratch[cls] = preg(cls, idx)
            elif word == "fixed_stack":
                while self.peek().kind != _NL:
                    fixed_stack.append(self.register())
                    if self.at_punct(","):
                        self.pos += 1
            elif word == "spillslot_size":
                cls = self.reg_class()
                size_tok = self.peek()
                size = self.integer("a slot count")
                if size < 1:
                    raise self.error(size_tok, "spillslot_size must be at least 1")
                spillslot_size[cls] = size
            elif word == "paired_slots":
                while self.peek().kind != _NL:
                    paired_slots[self.reg_class()] = True
            elif word == "names":
                while self.peek().kind != _NL:
                    p = self.register()
                    self.punct("=")
                    name_tok = self.peek()
                    if name_tok.kind == _STR:
                        reg_names[p] = self.decode_string(name_tok)
                    elif name_tok.kind == _IDENT:
                        reg_names[p] = name_tok.text
                    else:
                        raise self.expected("a register name (an identifier or a quoted string)")
                    self.pos += 1
            else:
                raise self.error(tok, f"unknown env setting {word!r}")
            self.end_of_line()
        return MachineEnv(
            preferred=preferred,
            non_preferred=non_preferred,
            scratch=scratch,
            fixed_stack=fixed_stack,
            spillslot_size=spillslot_size,
            reg_names=reg_names,
            name=env_name,
            paired_slots=paired_slots,
        )

    def index_list(self) -> list[int]:
        """Register indices: ``0 1 4-7`` (ranges inclusive), up to the end of the line."""
        out: list[int] = []
        while self.peek().kind != _NL:
            tok = self.peek()
            lo = self.integer("a register index or range like 0-7")
            hi = lo
            if self.at_punct("-"):
                self.pos += 1
                hi = self.integer("the end of the range")
            if hi >= REGS_PER_CLASS or hi < lo:
                raise self.error(tok, f"bad register index range {lo}-{hi} (indices 0..63, ascending)")
            out.extend(range(lo, hi + 1))
            if self.at_punct(","):
                self.pos += 1
        return out

    def parse_vregs(self) -> None:
        while self.peek().kind != _NL:
            first_tok = self.peek()
            m = _VREG_RE.match(first_tok.text) if first_tok.kind == _IDENT else None
            if m is None:
                raise self.expected("a vreg declaration (like v3:int or v0-v7:float)")
            self.pos += 1
            lo = hi = int(m.group(1))
            if self.at_punct("-"):
                self.pos += 1
                last_tok = self.peek()
                m2 = _VREG_RE.match(last_tok.text) if last_tok.kind == _IDENT else None
                if m2 is None:
                    raise self.expected("the last vreg of the range")
                self.pos += 1
                hi = int(m2.group(1))
                if hi < lo:
                    raise self.error(last_tok, f"vreg range v{lo}-v{hi} runs backwards")
            self.punct(":")
            cls = self.reg_class()
            if hi >= _MAX_VREGS:
                raise self.error(first_tok, f"vreg index {hi} too large (at most {_MAX_VREGS - 1})")
            if hi >= len(self.vreg_class):
                grow = hi + 1 - len(self.vreg_class)
                self.vreg_class.extend([0] * grow)
                self.vreg_declared.extend([False] * grow)
            for v in range(lo, hi + 1):
                if self.vreg_declared[v]:
                    raise self.error(first_tok, f"v{v} declared twice")
                self.vreg_declared[v] = True
                self.vreg_class[v] = cls
            if self.at_punct(","):
                self.pos += 1

    # Body --------------------------------------------------------------------
    def parse_blocks(
        self,
        name: str,
        entry: int,
        entry_tok: _Token | None,
        remat: dict[int, str],
        callee_saved: list[int] | None,
        debug_labels: list[tuple[int, int, int, int]],
        debug_tokens: list[_Token],
        ssa: bool,
    ) -> Function:
        block_ranges: list[tuple[int, int]] = []
        block_params: list[list[int]] = []
        block_succs: list[list[int]] = []
        explicit_preds: list[list[int] | None] = []
        edge_args: list[list[list[int]]] = []
        block_tokens: list[tuple[int, _Token]] = []
        inst_kind: list[int] = []
        inst_op_start = [0]
        op_vreg: list[int] = []
        op_kind: list[int] = []
        op_pos: list[int] = []
        op_con: list[int] = []
        op_arg: list[int] = []
        inst_clobber_start = [0]
        clobbers: list[int] = []
        mnemonics: list[str] = []
        while self.peek().kind != _EOF:
            b, tok = self.block_ref()
            if b != len(block_ranges):
                raise self.error(tok, f"expected block{len(block_ranges)} (blocks are written in order)")
            params = self.vreg_tuple()
            preds: list[int] | None = None
            if self.at_word("preds"):
                self.pos += 1
                preds = []
                while not self.at_punct(":"):
                    pb, ptok = self.block_ref()
                    block_tokens.append((pb, ptok))
                    preds.append(pb)
                    if self.at_punct(","):
                        self.pos += 1
            self.punct(":")
            self.end_of_line()
            self.skip_blank_lines()
            first = len(inst_kind)
            succs: list[int] = []
            args: list[list[int]] = []
            while True:
                tok = self.peek()
                if tok.kind == _EOF or self.at_block_header():
                    break
                if succs or (len(inst_kind) > first and inst_kind[-1] == BRANCH):
                    raise self.error(tok, "instruction after the branch that ends the block")
                operands: list[tuple[int, int, int, int, int]] = []
                mnemonic = self.parse_inst(operands, clobbers)
                for v, kd, ps, con, arg in operands:
                    op_vreg.append(v)
                    op_kind.append(kd)
                    op_pos.append(ps)
                    op_con.append(con)
                    op_arg.append(arg)
                inst_op_start.append(len(op_vreg))
                inst_clobber_start.append(len(clobbers))
                mnemonics.append(mnemonic)
                kind = OP
                if self.at_punct("->"):
                    self.pos += 1
                    kind = BRANCH
                    while self.peek().kind != _NL:
                        sb, stok = self.block_ref()
                        block_tokens.append((sb, stok))
                        succs.append(sb)
                        args.append(self.vreg_tuple())
                        if not self.at_punct(","):
                            break
                        self.pos += 1
                inst_kind.append(kind)
                self.end_of_line()
                self.skip_blank_lines()
            if len(inst_kind) == first:
                raise self.error(self.peek(), f"block{b} has no instructions (it must end in a branch or a return)")
            if inst_kind[-1] == OP:
                inst_kind[-1] = RET
            block_ranges.append((first, len(inst_kind)))
            block_params.append(params)
            block_succs.append(succs)
            edge_args.append(args)
            explicit_preds.append(preds)
        num_blocks = len(block_ranges)
        if num_blocks == 0:
            raise self.expected("a block (like block0:)")
        for b, tok in block_tokens:
            if b >= num_blocks:
                raise self.error(tok, f"unknown block block{b} (the function has {num_blocks} blocks)")
        if entry_tok is not None and entry >= num_blocks:
            raise self.error(entry_tok, f"unknown block block{entry} (the function has {num_blocks} blocks)")
        num_insts = len(inst_kind)
        for (_v, start, end, _label), tok in zip(debug_labels, debug_tokens, strict=True):
            if start > num_insts or end > num_insts:
                raise self.error(tok, f"instruction range [{start}, {end}) beyond the {num_insts} instructions")
        derived = canonical_preds(block_succs)
        block_preds = [explicit if explicit is not None else derived[b] for b, explicit in enumerate(explicit_preds)]
        return function_from_lists(
            name=name,
            vreg_class=self.vreg_class,
            entry=entry,
            block_ranges=block_ranges,
            block_params=block_params,
            block_succs=block_succs,
            block_preds=block_preds,
            edge_args=edge_args,
            inst_kind=inst_kind,
            inst_op_start=inst_op_start,
            op_columns=(op_vreg, op_kind, op_pos, op_con, op_arg),
            inst_clobber_start=inst_clobber_start,
            clobbers=clobbers,
            remat=remat,
            callee_saved=callee_saved,
            debug_labels=debug_labels,
            mnemonics=mnemonics if any(mnemonics) else None,
            ssa=ssa,
        )

    def at_block_header(self) -> bool:
        """``blockN`` followed by ``(``, ``:`` or ``preds`` (a mnemonic ``blockN`` is never followed by those)."""
        tok = self.peek()
        if tok.kind != _IDENT or not _BLOCK_RE.match(tok.text):
            return False
        after = self.tokens[self.pos + 1]
        return (after.kind == _PUNCT and after.text in ("(", ":")) or (after.kind == _IDENT and after.text == "preds")

    def parse_inst(self, operands: list[tuple[int, int, int, int, int]], clobbers: list[int]) -> str:
        """One instruction line up to its ``->`` targets; returns the mnemonic."""
        mnemonic = ""
        tok = self.peek()
        if tok.kind == _STR:
            mnemonic = self.decode_string(tok)
            self.pos += 1
        elif tok.kind == _IDENT and tok.text not in _KIND_WORDS and tok.text != "clobbers":
            mnemonic = "" if tok.text == "_" else tok.text
            self.pos += 1
        elif tok.kind != _NL and not (tok.kind == _IDENT or self.at_punct("->")):
            raise self.expected("a mnemonic, an operand (def/use/mod), 'clobbers' or '->'")
        reuse_refs: list[tuple[int, int, _Token]] = []  # (operand index, vreg, token) for reuse(vN)
        if self.peek().kind == _IDENT and self.peek().text in _KIND_WORDS:
            self.parse_operand(operands, reuse_refs)
            while self.at_punct(","):
                self.pos += 1
                self.parse_operand(operands, reuse_refs)
        for k, v, ref_tok in reuse_refs:
            matches = [j for j, o in enumerate(operands) if o[0] == v and o[1] == USE]
            if len(matches) != 1:
                how = "no use operand" if not matches else f"{len(matches)} use operands"
                raise self.error(
                    ref_tok, f"reuse(v{v}): this instruction has {how} of v{v}; write reuse(K) with an operand index"
                )
            v0, kd, ps, con, _ = operands[k]
            operands[k] = (v0, kd, ps, con, matches[0])
        if self.at_word("clobbers"):
            self.pos += 1
            while self.peek().kind != _NL and not self.at_punct("->"):
                clobbers.append(self.register())
                if self.at_punct(","):
                    self.pos += 1
        tok = self.peek()
        if tok.kind != _NL and not self.at_punct("->"):
            if tok.kind == _IDENT and tok.text in _KIND_WORDS:
                raise self.error(tok, f"expected ',' before operand {tok.text!r}")
            raise self.error(tok, f"expected ',', 'clobbers', '->' or end of line, found {tok.describe()}")
        return mnemonic

    def parse_operand(
        self, operands: list[tuple[int, int, int, int, int]], reuse_refs: list[tuple[int, int, _Token]]
    ) -> None:
        kind_tok = self.peek()
        kind = _KIND_WORDS.get(kind_tok.text, -1) if kind_tok.kind == _IDENT else -1
        if kind < 0:
            raise self.expected("an operand (def, use or mod)")
        self.pos += 1
        con, arg = ANY, 0
        if self.at_word("fixed"):
            v = -1
            con, arg = self.parse_constraint(len(operands), reuse_refs)
        else:
            v = self.vreg()
            if self.at_punct(":"):
                self.pos += 1
                con, arg = self.parse_constraint(len(operands), reuse_refs)
        pos = _DEFAULT_POS[kind]
        if self.at_punct("@"):
            self.pos += 1
            where = self.word("early or late")
            if where.text not in ("early", "late"):
                raise self.error(where, f"expected early or late, found {where.describe()}")
            pos = EARLY if where.text == "early" else LATE
        operands.append((v, kind, pos, con, arg))

    def parse_constraint(self, operand_index: int, reuse_refs: list[tuple[int, int, _Token]]) -> tuple[int, int]:
        tok = self.peek()
        word = tok.text if tok.kind == _IDENT else ""
        if word in ("any", "reg", "stack"):
            self.pos += 1
            return (ANY if word == "any" else REG if word == "reg" else STACK), 0
        if word == "fixed":
            self.pos += 1
            self.punct("(")
            p = self.register()
            self.punct(")")
            return FIXED, p
        if word == "reuse":
            self.pos += 1
            self.punct("(")
            ref = self.peek()
            if ref.kind == _INT:
                self.pos += 1
                arg = int(ref.text)
            else:
                v = self.vreg()
                reuse_refs.append((operand_index, v, ref))
                arg = 0
            self.punct(")")
            return REUSE, arg
        if word == "limit":
            self.pos += 1
            self.punct("(")
            n_tok = self.peek()
            n = self.integer("a register count")
            if not 1 <= n <= REGS_PER_CLASS:
                raise self.error(n_tok, f"limit {n} out of range (1..64)")
            self.punct(")")
            return LIMIT, n
        raise self.expected("a constraint (any, reg, stack, fixed(REG), reuse(K), limit(N))")


def canonical_preds(block_succs: list[list[int]]) -> list[list[int]]:
    """Predecessor lists in the order the builder derives them (by predecessor, then successor slot)."""
    preds: list[list[int]] = [[] for _ in block_succs]
    for b, succs in enumerate(block_succs):
        for s in succs:
            if 0 <= s < len(preds):
                preds[s].append(b)
    return preds


def parse_function_text(text: str, source: str = "") -> tuple[Function, MachineEnv]:
    """Parse the text format; :class:`FormatError` at ``line:col`` saying what was expected."""
    return _Parser(text, source).parse()


# ------------------------------------------------------------------------ printer


def _ranges(indices: list[int]) -> str:
    """``0 1 2 3 7`` -> ``0-3 7`` (ascending runs of three or more become ranges)."""
    parts: list[str] = []
    i = 0
    while i < len(indices):
        j = i
        while j + 1 < len(indices) and indices[j + 1] == indices[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{indices[i]}-{indices[j]}")
            i = j + 1
        else:
            parts.append(str(indices[i]))
            i += 1
    return " ".join(parts)


def _wrapped(keyword: str, items: list[str], width: int = 100) -> list[str]:
    """``keyword item item ...`` lines no wider than ``width`` (at least one line)."""
    lines: list[str] = []
    current = keyword
    for item in items:
        if len(current) + 1 + len(item) > width and current != keyword:
            lines.append(current)
            current = keyword
        current += " " + item
    lines.append(current)
    return lines


def _same_machine(a: MachineEnv, b: MachineEnv) -> bool:
    return (
        a.preferred == b.preferred
        and a.non_preferred == b.non_preferred
        and a.scratch == b.scratch
        and a.fixed_stack == b.fixed_stack
        and a.spillslot_size == b.spillslot_size
        and a.paired_slots == b.paired_slots
        and a.reg_names == b.reg_names
        and a.name == b.name
    )


def _preset_name(env: MachineEnv) -> str:
    """The preset ``env`` is an unmodified copy of, or ``""``."""
    from regalloc.presets import PRESETS, get_preset

    if env.name not in PRESETS:
        return ""
    return env.name if _same_machine(env, get_preset(env.name)) else ""


def _env_lines(env: MachineEnv) -> list[str]:
    preset = _preset_name(env)
    if preset:
        return [f"env {preset}"]
    lines = ["env {"]
    if env.name:
        lines.append(f"  name {json.dumps(env.name, ensure_ascii=False)}")
    for word, lists in (("preferred", env.preferred), ("non_preferred", env.non_preferred)):
        for c in range(NUM_CLASSES):
            if lists[c]:
                lines.append(f"  {word} {CLASS_NAMES[c]} {_ranges([p & 63 for p in lists[c]])}")
    for c in range(NUM_CLASSES):
        if env.scratch[c] >= 0:
            lines.append(f"  scratch {CLASS_NAMES[c]} {env.scratch[c] & 63}")
    if env.fixed_stack:
        lines.extend("  " + line for line in _wrapped("fixed_stack", [preg_str(p) for p in env.fixed_stack]))
    for c in range(NUM_CLASSES):
        if env.spillslot_size[c] != 1:
            lines.append(f"  spillslot_size {CLASS_NAMES[c]} {env.spillslot_size[c]}")
    if any(env.paired_slots):
        lines.append("  paired_slots " + " ".join(CLASS_NAMES[c] for c in range(NUM_CLASSES) if env.paired_slots[c]))
    if env.reg_names:
        items = [f"{preg_str(p)}={_name_text(name)}" for p, name in sorted(env.reg_names.items())]
        lines.extend("  " + line for line in _wrapped("names", items))
    lines.append("}")
    return lines


def _check_writable(func: Function) -> None:
    """The text implies instruction kinds from block structure; refuse functions that break it."""
    for b in range(func.num_blocks):
        insts = func.block_insts(b)
        for i in insts:
            kind = func.inst_kind[i]
            if i != insts[-1] and kind != OP:
                problem = f"inst {i} is a {INST_KIND_NAMES[kind]} before the end of the block"
            elif i == insts[-1] and kind == OP:
                problem = f"its last inst {i} is neither a branch nor a return"
            elif i == insts[-1] and kind == RET and func.succs_of(b):
                problem = f"its last inst {i} is a return but the block has successors"
            else:
                continue
            raise FormatError(f"block{b} cannot be written in the text format: {problem}")


def _name_text(name: str) -> str:
    """A register name as written in ``names``: bare when it could name a register in operands."""
    if _IDENT_RE.match(name) and name not in _RESERVED_REG_NAMES:
        return name
    return json.dumps(name, ensure_ascii=False)


def _mnemonic_text(m: str) -> str:
    if _IDENT_RE.match(m) and m not in _RESERVED_MNEMONICS and not _BLOCK_RE.match(m):
        return m
    return json.dumps(m, ensure_ascii=False)


def format_function_text(func: Function, env: MachineEnv) -> str:
    """``func`` and ``env`` in the text format (parses back to identical objects)."""
    names = _register_names(env)
    printable = {p: name for name, p in names.items()}

    def reg(p: int) -> str:
        return printable.get(p) or preg_str(p)

    out: list[str] = [f"function {json.dumps(func.name, ensure_ascii=False)}"]
    out.extend(_env_lines(env))
    decls: list[str] = []
    v = 0
    classes = func.vreg_class
    while v < len(classes):
        w = v
        while w + 1 < len(classes) and classes[w + 1] == classes[v]:
            w += 1
        if w > v:
            decls.append(f"v{v}-v{w}:{CLASS_NAMES[classes[v]]}")
        else:
            decls.append(f"v{v}:{CLASS_NAMES[classes[v]]}")
        v = w + 1
    if decls:
        out.extend(_wrapped("vregs", decls))
    for rv, label in sorted(func.remat.items()):
        out.append(f"remat v{rv} {json.dumps(label, ensure_ascii=False)}")
    if func.callee_saved is not None:
        out.extend(_wrapped("callee_saved", [reg(p) for p in func.callee_saved]))
    for dv, start, end, number in func.debug_labels:
        out.append(f"debug_label {number} v{dv} [{start}, {end})")
    if func.entry != 0:
        out.append(f"entry block{func.entry}")
    if not func.ssa:
        out.append("ssa false")

    _check_writable(func)
    derived = canonical_preds([func.succs_of(b) for b in range(func.num_blocks)])
    mnemonics = func.mnemonics
    # Operands line up in a column when mnemonics are short, as in assembly listings.
    column = min(max((len(_mnemonic_text(m)) for m in mnemonics), default=0), 10) if mnemonics else 0
    for b in range(func.num_blocks):
        out.append("")
        params = func.params_of(b)
        header = f"block{b}"
        if params:
            header += "(" + ", ".join(f"v{p}" for p in params) + ")"
        preds = func.preds_of(b)
        if preds != derived[b]:
            header += " preds " + ", ".join(f"block{p}" for p in preds)
        out.append(header + ":")
        for i in func.block_insts(b):
            parts: list[str] = []
            m = mnemonics[i] if mnemonics is not None else ""
            if m:
                parts.append(_mnemonic_text(m).ljust(column))
            elif mnemonics is not None:
                parts.append("_".ljust(column))
            ops = func.inst_operands(i)
            operand_texts = [operand_text(func, o, ops, reg) for o in ops]
            if operand_texts:
                parts.append(", ".join(operand_texts))
            clob = func.clobbers_of(i)
            if clob:
                parts.append("clobbers " + " ".join(reg(p) for p in clob))
            if func.inst_kind[i] == BRANCH:
                targets = []
                for j, s in enumerate(func.succs_of(b)):
                    bargs = func.branch_args(b, j)
                    targets.append(f"block{s}" + ("(" + ", ".join(f"v{a}" for a in bargs) + ")" if bargs else ""))
                parts.append("-> " + ", ".join(targets))
            if not parts:
                parts.append("_")
            elif parts[0].startswith("clobbers"):
                parts.insert(0, "_")
            out.append(("  " + " ".join(parts)).rstrip())
    return "\n".join(out) + "\n"


def operand_text(func: Function, o: int, ops: range, reg: Callable[[int], str]) -> str:
    """Operand ``o`` (of the instruction whose operands are ``ops``) as written in the text format."""
    v = func.op_vreg[o]
    kind = func.op_kind[o]
    con = func.op_con[o]
    arg = func.op_arg[o]
    text = _KIND_TEXT[kind] + " "
    if v < 0 and con == FIXED:
        text += f"fixed({reg(arg)})"
    else:
        text += f"v{v}"
        if con == REG:
            text += ":reg"
        elif con == STACK:
            text += ":stack"
        elif con == FIXED:
            text += f":fixed({reg(arg)})"
        elif con == LIMIT:
            text += f":limit({arg})"
        elif con == REUSE:
            text += f":reuse({_reuse_target(func, ops, arg)})"
    if func.op_pos[o] != _DEFAULT_POS[kind]:
        text += "@late" if func.op_pos[o] == LATE else "@early"
    return text


def _reuse_target(func: Function, ops: range, k: int) -> str:
    """``vN`` when operand ``k`` is the instruction's only use of ``vN``, else the index ``k``."""
    if not 0 <= k < len(ops):
        return str(k)
    target = ops[k]
    tv = func.op_vreg[target]
    if func.op_kind[target] != USE or tv < 0:
        return str(k)
    uses = [j for j in ops if func.op_vreg[j] == tv and func.op_kind[j] == USE]
    return f"v{tv}" if len(uses) == 1 else str(k)
