"""The function model: a CFG of blocks of instructions with operands, in flat arrays.

A :class:`Function` stores everything as parallel lists of ints indexed by block,
instruction, operand or edge number, because allocators walk it millions of
times.  Build one with :class:`FunctionBuilder`:

>>> from regalloc.regs import INT, preg
>>> fb = FunctionBuilder("square_plus_one")
>>> x, y, one = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
>>> entry = fb.new_block()
>>> fb.start_block(entry)
>>> fb.op([define(x, Fixed(preg(INT, 7)))])                  # incoming argument
>>> fb.op([define(one, "reg")], mnemonic="li")
>>> fb.op([define(y, Reuse(1)), use(x, "reg"), use(one, "any")], mnemonic="add")
>>> fb.ret([use(y, Fixed(preg(INT, 0)))])
>>> f = fb.finish()
>>> f.num_insts, f.num_operands, f.inst_operands(2)
(4, 6, range(2, 5))

Encodings (all ints): operand kind ``USE``/``DEF`` (``MOD`` for non-SSA input),
position ``EARLY``/``LATE``, constraint ``ANY``/``REG``/``STACK``/``FIXED``/
``REUSE``/``LIMIT`` with an argument (the preg of ``FIXED``, the operand's
index within its instruction for ``REUSE``, ``N`` for ``LIMIT``).  A vreg-less
fixed operand has vreg ``-1``.

Register groups (a value in two consecutive registers) will add a per-operand
group-size column (``op_group``); every existing column keeps its meaning.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat
from typing import Literal

from regalloc.errors import ValidationError
from regalloc.regs import NUM_CLASSES, mask_of

# Operand kinds.
USE = 0
DEF = 1
MOD = 2
KIND_NAMES = ("use", "def", "mod")

# Operand positions.
EARLY = 0
LATE = 1
POS_NAMES = ("early", "late")

# Constraint kinds.
ANY = 0
REG = 1
STACK = 2
FIXED = 3
REUSE = 4
LIMIT = 5
CONSTRAINT_NAMES = ("any", "reg", "stack", "fixed", "reuse", "limit")

# Instruction kinds.
OP = 0
BRANCH = 1
RET = 2
INST_KIND_NAMES = ("op", "branch", "ret")


@dataclass(frozen=True)
class Fixed:
    """Constraint: the operand must be in this exact preg."""

    preg: int


@dataclass(frozen=True)
class Reuse:
    """Constraint (defs only): same register as use operand ``index`` of this instruction."""

    index: int


@dataclass(frozen=True)
class Limit:
    """Constraint: any register whose index is below ``n`` (a power of two)."""

    n: int


Constraint = Literal["any", "reg", "stack"] | Fixed | Reuse | Limit


@dataclass(frozen=True)
class Operand:
    """One operand as the builder takes it (the Function stores it as columns)."""

    vreg: int
    kind: int
    pos: int
    constraint: int
    arg: int = 0


def encode_constraint(c: Constraint) -> tuple[int, int]:
    """``(constraint kind, argument)`` for a builder-level constraint."""
    if isinstance(c, Fixed):
        return FIXED, c.preg
    if isinstance(c, Reuse):
        return REUSE, c.index
    if isinstance(c, Limit):
        return LIMIT, c.n
    if c == "any":
        return ANY, 0
    if c == "reg":
        return REG, 0
    if c == "stack":
        return STACK, 0
    raise ValueError(f"unknown constraint {c!r}")


def use(vreg: int, constraint: Constraint = "any", pos: Literal["early", "late"] = "early") -> Operand:
    """A use of ``vreg`` (read at ``pos``)."""
    con, arg = encode_constraint(constraint)
    return Operand(vreg, USE, EARLY if pos == "early" else LATE, con, arg)


def define(vreg: int, constraint: Constraint = "any", pos: Literal["early", "late"] = "late") -> Operand:
    """A def of ``vreg`` (written at ``pos``)."""
    con, arg = encode_constraint(constraint)
    return Operand(vreg, DEF, EARLY if pos == "early" else LATE, con, arg)


def modify(vreg: int, constraint: Constraint = "reg") -> Operand:
    """A read-modify-write of ``vreg`` in one location (non-SSA input only)."""
    con, arg = encode_constraint(constraint)
    return Operand(vreg, MOD, EARLY, con, arg)


def fixed_use(preg: int) -> Operand:
    """An instruction reads non-allocatable register ``preg`` directly (no vreg)."""
    return Operand(-1, USE, EARLY, FIXED, preg)


def fixed_def(preg: int) -> Operand:
    """An instruction writes non-allocatable register ``preg`` directly (no vreg)."""
    return Operand(-1, DEF, LATE, FIXED, preg)


@dataclass
class Function:
    """A function as flat, integer-indexed columns.  Treat as immutable once built.

    Blocks ``b``: instructions ``block_inst_start[b] .. block_inst_end[b]``;
    params ``block_params[block_param_start[b]:block_param_start[b+1]]``; successors
    and predecessors likewise through ``block_succ_start`` / ``block_pred_start``.
    Edge ``e = block_succ_start[b] + j`` is block ``b``'s ``j``-th successor edge;
    its branch arguments are ``edge_args[edge_arg_start[e]:edge_arg_start[e+1]]``.
    Instructions ``i``: ``inst_kind[i]``; operands ``inst_op_start[i] ..
    inst_op_start[i+1]`` indexing the ``op_*`` columns; clobbered pregs
    ``clobbers[inst_clobber_start[i]:inst_clobber_start[i+1]]`` (and as a bitset
    ``inst_clobber_mask[i]``).  ``inst_block[i]`` is the block containing ``i``.
    """

    name: str
    vreg_class: list[int]
    entry: int
    block_inst_start: list[int]
    block_inst_end: list[int]
    block_param_start: list[int]
    block_params: list[int]
    block_succ_start: list[int]
    block_succs: list[int]
    block_pred_start: list[int]
    block_preds: list[int]
    edge_arg_start: list[int]
    edge_args: list[int]
    inst_kind: list[int]
    inst_op_start: list[int]
    op_vreg: list[int]
    op_kind: list[int]
    op_pos: list[int]
    op_con: list[int]
    op_arg: list[int]
    inst_clobber_start: list[int]
    clobbers: list[int]
    remat: dict[int, str] = field(default_factory=dict)
    callee_saved: list[int] | None = None
    debug_labels: list[tuple[int, int, int, int]] = field(default_factory=list)
    mnemonics: list[str] | None = None
    ssa: bool = True

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute derived columns (``inst_block``, ``inst_clobber_mask``)."""
        n = len(self.inst_kind)
        starts = self.block_inst_start
        ends = self.block_inst_end
        nb = len(starts)
        if nb and starts[0] == 0 and ends[-1] == n and starts[1:] == ends[:-1] and all(map(operator.le, starts, ends)):
            # Blocks laid out in order, back to back (the usual case): whole-column operations.
            self.inst_block = list(chain.from_iterable(map(repeat, range(nb), map(operator.sub, ends, starts))))
        else:
            inst_block = [0] * n
            for b in range(nb):
                start = starts[b]
                end = min(ends[b], n)
                if start < end:
                    inst_block[start:end] = [b] * (end - start)
            self.inst_block = inst_block
        cs = self.inst_clobber_start
        clob = self.clobbers
        masks = [0] * n
        if clob:
            # Only instructions with clobbers need a mask: a start followed by a larger one.
            for i in compress(range(n), map(operator.lt, cs, islice(cs, 1, None))):
                masks[i] = mask_of(clob[cs[i] : cs[i + 1]])
        self.inst_clobber_mask = masks

    # Sizes -----------------------------------------------------------------
    @property
    def num_blocks(self) -> int:
        return len(self.block_inst_start)

    @property
    def num_insts(self) -> int:
        return len(self.inst_kind)

    @property
    def num_vregs(self) -> int:
        return len(self.vreg_class)

    @property
    def num_operands(self) -> int:
        return len(self.op_vreg)

    # Convenience accessors (not for hot loops) ------------------------------
    def block_insts(self, b: int) -> range:
        return range(self.block_inst_start[b], self.block_inst_end[b])

    def params_of(self, b: int) -> list[int]:
        return self.block_params[self.block_param_start[b] : self.block_param_start[b + 1]]

    def succs_of(self, b: int) -> list[int]:
        return self.block_succs[self.block_succ_start[b] : self.block_succ_start[b + 1]]

    def preds_of(self, b: int) -> list[int]:
        return self.block_preds[self.block_pred_start[b] : self.block_pred_start[b + 1]]

    def branch_args(self, b: int, j: int) -> list[int]:
        """Arguments block ``b`` passes to its ``j``-th successor."""
        e = self.block_succ_start[b] + j
        return self.edge_args[self.edge_arg_start[e] : self.edge_arg_start[e + 1]]

    def inst_operands(self, i: int) -> range:
        """Global operand indices of instruction ``i``."""
        return range(self.inst_op_start[i], self.inst_op_start[i + 1])

    def clobbers_of(self, i: int) -> list[int]:
        return self.clobbers[self.inst_clobber_start[i] : self.inst_clobber_start[i + 1]]

    def operand(self, o: int) -> Operand:
        return Operand(self.op_vreg[o], self.op_kind[o], self.op_pos[o], self.op_con[o], self.op_arg[o])


class FunctionBuilder:
    """Builds a :class:`Function` in layout order.

    Reserve block ids with :meth:`new_block` (so branches can name blocks not yet
    started), then :meth:`start_block` each in increasing id order and append its
    instructions; the last one must be :meth:`branch` or :meth:`ret`.
    Predecessor lists are derived from the branches.
    """

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._vreg_class: list[int] = []
        self._num_blocks = 0
        self._current = -1
        self._block_inst_start: list[int] = []
        self._block_inst_end: list[int] = []
        self._block_params: list[list[int]] = []
        self._block_succs: list[list[int]] = []
        self._edge_args: list[list[list[int]]] = []
        self._inst_kind: list[int] = []
        self._inst_op_start: list[int] = [0]
        self._op_vreg: list[int] = []
        self._op_kind: list[int] = []
        self._op_pos: list[int] = []
        self._op_con: list[int] = []
        self._op_arg: list[int] = []
        self._inst_clobber_start: list[int] = [0]
        self._clobbers: list[int] = []
        self._mnemonics: list[str] = []
        self.remat: dict[int, str] = {}
        self.callee_saved: list[int] | None = None
        self.debug_labels: list[tuple[int, int, int, int]] = []
        self.ssa = True

    def vreg(self, cls: int, remat: str | None = None) -> int:
        """A new vreg of class ``cls``; ``remat`` labels it rematerializable."""
        if not 0 <= cls < NUM_CLASSES:
            raise ValueError(f"register class {cls} out of range")
        v = len(self._vreg_class)
        self._vreg_class.append(cls)
        if remat is not None:
            self.remat[v] = remat
        return v

    def new_block(self) -> int:
        """Reserve the next block id."""
        self._num_blocks += 1
        return self._num_blocks - 1

    def start_block(self, block: int, params: list[int] | None = None) -> None:
        """Begin laying out ``block`` (ids must be started in order 0, 1, 2, ...)."""
        expected = len(self._block_inst_start)
        if block != expected:
            raise ValidationError(f"blocks must be started in order: expected block {expected}", block=block)
        if block >= self._num_blocks:
            raise ValidationError("block was not reserved with new_block()", block=block)
        if self._current >= 0 and self._block_inst_end[self._current] < 0:
            raise ValidationError("previous block does not end in a branch or return", block=self._current)
        self._current = block
        self._block_inst_start.append(len(self._inst_kind))
        self._block_inst_end.append(-1)
        self._block_params.append(list(params or []))
        self._block_succs.append([])
        self._edge_args.append([])

    def _inst(self, kind: int, operands: list[Operand], clobbers: list[int], mnemonic: str) -> None:
        if self._current < 0 or self._block_inst_end[self._current] >= 0:
            raise ValidationError("instruction outside a block (call start_block first)", inst=len(self._inst_kind))
        for o in operands:
            self._op_vreg.append(o.vreg)
            self._op_kind.append(o.kind)
            self._op_pos.append(o.pos)
            self._op_con.append(o.constraint)
            self._op_arg.append(o.arg)
        self._inst_kind.append(kind)
        self._inst_op_start.append(len(self._op_vreg))
        self._clobbers.extend(clobbers)
        self._inst_clobber_start.append(len(self._clobbers))
        self._mnemonics.append(mnemonic)

    def op(self, operands: list[Operand], clobbers: list[int] | None = None, mnemonic: str = "") -> None:
        """Append an ordinary instruction."""
        self._inst(OP, operands, clobbers or [], mnemonic)

    def branch(
        self,
        succs: list[tuple[int, list[int]]],
        operands: list[Operand] | None = None,
        clobbers: list[int] | None = None,
        mnemonic: str = "",
    ) -> None:
        """End the block with a branch to ``succs``: ``[(block, [arg vregs]), ...]``."""
        b = self._current
        self._inst(BRANCH, operands or [], clobbers or [], mnemonic)
        self._block_succs[b] = [s for s, _ in succs]
        self._edge_args[b] = [list(args) for _, args in succs]
        self._block_inst_end[b] = len(self._inst_kind)

    def ret(self, operands: list[Operand] | None = None, clobbers: list[int] | None = None, mnemonic: str = "") -> None:
        """End the block with a return."""
        self._inst(RET, operands or [], clobbers or [], mnemonic)
        self._block_inst_end[self._current] = len(self._inst_kind)

    def finish(self, entry: int = 0) -> Function:
        """The built function (structure only; run :func:`regalloc.validate` on it)."""
        nb = len(self._block_inst_start)
        if nb != self._num_blocks:
            raise ValidationError(f"{self._num_blocks - nb} reserved block(s) were never started", block=nb)
        if nb == 0:
            raise ValidationError("a function needs at least one block")
        if self._block_inst_end[-1] < 0:
            raise ValidationError("block does not end in a branch or return", block=nb - 1)
        for b in range(nb):
            for s in self._block_succs[b]:
                if not 0 <= s < nb:
                    raise ValidationError(f"branch to unknown block {s}", block=b)
        preds: list[list[int]] = [[] for _ in range(nb)]
        for b in range(nb):
            for s in self._block_succs[b]:
                preds[s].append(b)
        return function_from_lists(
            name=self.name,
            vreg_class=self._vreg_class,
            entry=entry,
            block_ranges=list(zip(self._block_inst_start, self._block_inst_end, strict=True)),
            block_params=self._block_params,
            block_succs=self._block_succs,
            block_preds=preds,
            edge_args=self._edge_args,
            inst_kind=self._inst_kind,
            inst_op_start=self._inst_op_start,
            op_columns=(self._op_vreg, self._op_kind, self._op_pos, self._op_con, self._op_arg),
            inst_clobber_start=self._inst_clobber_start,
            clobbers=self._clobbers,
            remat=dict(self.remat),
            callee_saved=None if self.callee_saved is None else list(self.callee_saved),
            debug_labels=list(self.debug_labels),
            mnemonics=self._mnemonics if any(self._mnemonics) else None,
            ssa=self.ssa,
        )


def _flatten(lists: list[list[int]]) -> tuple[list[int], list[int]]:
    starts = [0]
    flat: list[int] = []
    for sub in lists:
        flat.extend(sub)
        starts.append(len(flat))
    return starts, flat


def function_from_lists(
    *,
    name: str,
    vreg_class: list[int],
    entry: int,
    block_ranges: list[tuple[int, int]],
    block_params: list[list[int]],
    block_succs: list[list[int]],
    block_preds: list[list[int]],
    edge_args: list[list[list[int]]],
    inst_kind: list[int],
    inst_op_start: list[int],
    op_columns: tuple[list[int], list[int], list[int], list[int], list[int]],
    inst_clobber_start: list[int],
    clobbers: list[int],
    remat: dict[int, str] | None = None,
    callee_saved: list[int] | None = None,
    debug_labels: list[tuple[int, int, int, int]] | None = None,
    mnemonics: list[str] | None = None,
    ssa: bool = True,
) -> Function:
    """Assemble a :class:`Function` from per-block nested lists (used by readers).

    ``edge_args[b][j]`` are the arguments of block ``b``'s ``j``-th successor.
    """
    param_start, params = _flatten(block_params)
    succ_start, succs = _flatten(block_succs)
    pred_start, preds = _flatten(block_preds)
    edge_lists: list[list[int]] = []
    for b, per_block in enumerate(edge_args):
        n_succ = len(block_succs[b])
        padded = list(per_block[:n_succ]) + [[] for _ in range(n_succ - len(per_block))]
        edge_lists.extend(padded)
    arg_start, args = _flatten(edge_lists)
    op_vreg, op_kind, op_pos, op_con, op_arg = op_columns
    return Function(
        name=name,
        vreg_class=list(vreg_class),
        entry=entry,
        block_inst_start=[r[0] for r in block_ranges],
        block_inst_end=[r[1] for r in block_ranges],
        block_param_start=param_start,
        block_params=params,
        block_succ_start=succ_start,
        block_succs=succs,
        block_pred_start=pred_start,
        block_preds=preds,
        edge_arg_start=arg_start,
        edge_args=args,
        inst_kind=list(inst_kind),
        inst_op_start=list(inst_op_start),
        op_vreg=list(op_vreg),
        op_kind=list(op_kind),
        op_pos=list(op_pos),
        op_con=list(op_con),
        op_arg=list(op_arg),
        inst_clobber_start=list(inst_clobber_start),
        clobbers=list(clobbers),
        remat=dict(remat or {}),
        callee_saved=callee_saved,
        debug_labels=list(debug_labels or []),
        mnemonics=mnemonics,
        ssa=ssa,
    )
