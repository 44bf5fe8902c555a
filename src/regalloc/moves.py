"""Parallel-move resolution: turn simultaneous moves into a safe sequence.

At a program point an allocator often needs several moves that happen *at
once* (block-parameter moves on an edge, shuffles before a call): every source
is read before any destination is written.  :func:`resolve_parallel_moves`
orders them so that doing them one after another has the same effect.

Input moves are ``(src, dst, cls)`` triples of allocations (see
:mod:`regalloc.regs`; a spill slot or a fixed-stack preg counts as *stack*)
and the register class of the value moved.  The output is a list of
``(src, dst)`` pairs to emit in order, with these guarantees:

* every destination ends up holding what its source held before the moves;
* every other location keeps its value, except the class scratch registers,
  the registers the caller declared free (``free_regs``) and the temporary
  slots the caller handed out (``temp_slot``);
* no move is stack-to-stack: such a transfer goes through a register, and
  moves with ``src == dst`` are dropped.

Sequencing is topological: a move is emitted once nothing still pending reads
its destination.  What remains when nothing is ready are disjoint cycles; one
is broken by copying one of its locations into a temporary.  A temporary (for
a cycle, or for carrying a stack-to-stack transfer) is, in order of
preference: the class scratch register; a free register of the class; a
register that is still waiting for its own incoming move and is no longer read
(its old value is dead); for a cycle, a temporary slot from ``temp_slot``;
and as a last resort an evicted register: saved to a temporary slot, used,
then restored.

Locations must be identical or disjoint: multi-slot values (``spillslot_size
> 1``) must not partially overlap another location in the same move set.

>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg, alloc_str
>>> r0, r1 = preg(INT, 0), preg(INT, 1)
>>> env = MachineEnv(preferred=[[r0, r1], [], []], scratch=[preg(INT, 9), -1, -1])
>>> seq = resolve_parallel_moves([(r0, r1, INT), (r1, r0, INT)], env)   # a swap
>>> [(alloc_str(s), alloc_str(d)) for s, d in seq]
[('int:1', 'int:9'), ('int:0', 'int:1'), ('int:9', 'int:0')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.regs import STACK_BASE, alloc_str

#: ``temp_slot(cls, n)``: a stack allocation the resolver may overwrite, for a
#: value of class ``cls``; ``n`` is 0 (cycle temporary) or 1 (where an evicted
#: register is saved); the two must differ.
TempSlotFn = Callable[[int, int], int]

# Temporary-slot indices passed to ``temp_slot``.
CYCLE_TEMP = 0
EVICT_TEMP = 1


def is_stack_location(alloc: int, env: MachineEnv) -> bool:
    """Whether ``alloc`` is memory: a spill slot or a fixed-stack preg."""
    return alloc >= STACK_BASE or (env.fixed_stack_mask >> alloc) & 1 == 1


def resolve_parallel_moves(
    moves: Sequence[tuple[int, int, int]],
    env: MachineEnv,
    free_regs: int = 0,
    temp_slot: TempSlotFn | None = None,
) -> list[tuple[int, int]]:
    """Sequentialise simultaneous ``(src, dst, cls)`` moves into ``(src, dst)`` moves.

    ``free_regs`` is a bitset of pregs that hold nothing needed afterwards (the
    resolver may overwrite them; sources and destinations of ``moves`` are
    ignored in it).  ``temp_slot`` hands out temporary stack slots; without it a
    situation that needs one raises :class:`AllocationError`, as do two moves
    writing the same destination with different sources.
    """
    return _Resolver(env, free_regs, temp_slot).run(moves)


class _Resolver:
    """State of one resolution; see the module docstring for the strategy."""

    def __init__(self, env: MachineEnv, free_regs: int, temp_slot: TempSlotFn | None) -> None:
        self.env = env
        self.free_regs = free_regs
        self.temp_slot = temp_slot
        self.out: list[tuple[int, int]] = []
        # Pending moves keyed by destination: current source and class.
        self.pending_src: dict[int, int] = {}
        self.pending_cls: dict[int, int] = {}
        # How many pending moves read each location.
        self.readers: dict[int, int] = {}
        self.ready_plain: list[int] = []
        self.ready_stack_to_stack: list[int] = []

    def is_stack(self, alloc: int) -> bool:
        return alloc >= STACK_BASE or (self.env.fixed_stack_mask >> alloc) & 1 == 1

    def run(self, moves: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
        pending_src = self.pending_src
        pending_cls = self.pending_cls
        readers = self.readers
        # Sources and destinations are never scratch space, whatever the caller said.
        involved = 0
        for src, dst, cls in moves:
            if src == dst:
                continue
            prev = pending_src.get(dst)
            if prev is not None:
                if prev == src:
                    continue
                raise AllocationError(
                    f"parallel move writes {alloc_str(dst)} twice (from {alloc_str(prev)} and {alloc_str(src)})"
                )
            pending_src[dst] = src
            pending_cls[dst] = cls
            readers[src] = readers.get(src, 0) + 1
            if dst < STACK_BASE:
                involved |= 1 << dst
            if src < STACK_BASE:
                involved |= 1 << src
        self.free_regs &= ~involved
        # (Every location in ``readers`` so far is read at least once.)
        for dst in pending_src:
            if dst not in readers:
                self.mark_ready(dst)
        ready_plain = self.ready_plain
        out = self.out
        fixed_stack = self.env.fixed_stack_mask
        while pending_src:
            if ready_plain:
                # :meth:`emit_pending` for a move with an end in a register, inlined:
                # the commonest step by far.
                dst = ready_plain.pop()
                src = pending_src.pop(dst)
                cls = pending_cls.pop(dst)
                if (src >= STACK_BASE or (fixed_stack >> src) & 1) and (dst >= STACK_BASE or (fixed_stack >> dst) & 1):
                    self.transfer(src, dst, cls)
                else:
                    out.append((src, dst))
                left = readers[src] - 1
                readers[src] = left
                if left == 0 and src in pending_src:
                    self.mark_ready(src)
            elif self.ready_stack_to_stack:
                # Done last: plain moves first may release registers to carry these.
                self.emit_pending(self.ready_stack_to_stack.pop())
            else:
                self.break_cycle()
        return out

    def mark_ready(self, dst: int) -> None:
        # Both ends tested as :meth:`is_stack` does, inlined: this runs for every move.
        src = self.pending_src[dst]
        fixed_stack = self.env.fixed_stack_mask
        if (dst >= STACK_BASE or (fixed_stack >> dst) & 1) and (src >= STACK_BASE or (fixed_stack >> src) & 1):
            self.ready_stack_to_stack.append(dst)
        else:
            self.ready_plain.append(dst)

    def emit_pending(self, dst: int) -> None:
        src = self.pending_src.pop(dst)
        cls = self.pending_cls.pop(dst)
        self.transfer(src, dst, cls)
        left = self.readers[src] - 1
        self.readers[src] = left
        if left == 0 and src in self.pending_src:
            self.mark_ready(src)

    def break_cycle(self) -> None:
        """Every pending move is on a cycle: copy one location aside to open one."""
        pending_src = self.pending_src
        is_stack = self.is_stack
        # Walk one cycle backwards from an arbitrary destination, noting its edge kinds.
        first = next(iter(pending_src))
        reg_to_reg_src = -1
        reg_src = -1
        stack_to_stack_src = -1
        stack_to_stack_edges = 0
        reader_of: dict[int, int] = {}
        dst = first
        while True:
            src = pending_src[dst]
            reader_of[src] = dst
            if is_stack(src):
                if is_stack(dst):
                    stack_to_stack_edges += 1
                    stack_to_stack_src = src
            else:
                reg_src = src
                if not is_stack(dst):
                    reg_to_reg_src = src
            dst = src
            if dst == first:
                break
        # A register temporary removes the stack-to-stack edge it is inserted in.
        location = stack_to_stack_src if stack_to_stack_src >= 0 else first
        cls = self.pending_cls[reader_of[location]]
        temp = self.usable_register(cls, -1)
        if temp >= 0:
            left_over = stack_to_stack_edges - (1 if stack_to_stack_src >= 0 else 0)
            if left_over > 0 and self.temp_slot is not None and self.usable_register(cls, temp) < 0:
                # The only spare register is better used to carry the stack-to-stack
                # moves; park the cycle's value in a slot instead.
                temp = -1
        if temp < 0:
            # A temporary slot works best at a register-to-register move: store its
            # source register, later reload straight into its destination.
            location = reg_to_reg_src if reg_to_reg_src >= 0 else reg_src if reg_src >= 0 else first
            temp = self.need_temp_slot(self.pending_cls[reader_of[location]], CYCLE_TEMP)
        reader = reader_of[location]
        self.transfer(location, temp, self.pending_cls[reader])
        pending_src[reader] = temp
        self.readers[location] = 0
        self.readers[temp] = 1
        self.mark_ready(location)

    def usable_register(self, cls: int, avoid: int) -> int:
        """A register of ``cls`` whose value is not needed, or -1 (``avoid`` excluded)."""
        readers = self.readers
        scratch = self.env.scratch[cls]
        if scratch >= 0 and scratch != avoid and readers.get(scratch, 0) == 0:
            return scratch
        free = self.free_regs & self.env.allocatable_mask[cls] if cls < len(self.env.allocatable_mask) else 0
        while free:
            low = free & -free
            r = low.bit_length() - 1
            if r != avoid and readers.get(r, 0) == 0:
                return r
            free ^= low
        # A destination still awaiting its move, and read by nobody: its old value is dead.
        for dst in self.ready_plain:
            if dst < STACK_BASE and dst >> 6 == cls and dst != avoid and not self.is_stack(dst):
                return dst
        return -1

    def need_temp_slot(self, cls: int, which: int) -> int:
        if self.temp_slot is None:
            raise AllocationError(
                f"parallel move needs a temporary stack slot for class {cls} but none was provided"
            )
        return self.temp_slot(cls, which)

    def transfer(self, src: int, dst: int, cls: int) -> None:
        """Emit ``src -> dst``, through a register when both ends are stack."""
        if not (self.is_stack(src) and self.is_stack(dst)):
            self.out.append((src, dst))
            return
        carrier = self.usable_register(cls, -1)
        if carrier >= 0:
            self.out.append((src, carrier))
            self.out.append((carrier, dst))
            return
        # No register to spare: borrow one, parking its value in a temporary slot.
        carrier = self.eviction_victim(cls)
        save = self.need_temp_slot(cls, EVICT_TEMP)
        self.out.append((carrier, save))
        self.out.append((src, carrier))
        self.out.append((carrier, dst))
        self.out.append((save, carrier))

    def eviction_victim(self, cls: int) -> int:
        """A register of ``cls`` to borrow for one transfer, preferring uninvolved ones."""
        candidates = self.env.allocatable(cls)
        if not candidates:
            raise AllocationError(
                f"stack-to-stack parallel move of a class-{cls} value but the class has no registers"
            )
        for r in candidates:
            if self.readers.get(r, 0) == 0 and r not in self.pending_src:
                return r
        return candidates[0]
