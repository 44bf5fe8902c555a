"""Natural loops: which blocks are in which loop, loop nesting and depths.

A back edge is an edge ``t -> h`` whose target ``h`` dominates ``t``; the
natural loop of ``h`` is ``h`` plus every block that reaches one of its back
edges' sources without passing through ``h`` (all back edges to one header
form one loop).  Natural loops with different headers are disjoint or nested,
so they form a forest.  Irreducible cycles (no dominating header) are not
loops.  Depths here are uncapped; the cost model caps them itself.

>>> from regalloc.function import FunctionBuilder
>>> fb = FunctionBuilder()
>>> b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
>>> fb.start_block(b0); fb.branch([(b1, [])])
>>> fb.start_block(b1); fb.branch([(b2, [])])
>>> fb.start_block(b2); fb.branch([(b1, []), (b3, [])])
>>> fb.start_block(b3); fb.ret()
>>> loop_depths(fb.finish())
[0, 1, 1, 0]
"""

from __future__ import annotations

from dataclasses import dataclass

from regalloc.analysis.cfg import DomTree
from regalloc.function import Function


@dataclass
class LoopInfo:
    """The loop forest of a function.

    Loops are numbered innermost-first (a loop's parent has a larger number).
    ``loop_header[L]``: header block of loop ``L``; ``loop_parent[L]``: the
    innermost loop enclosing ``L`` or -1; ``loop_depth[L]``: 1 for outermost loops.
    Per block: ``block_loop[b]`` the innermost loop containing ``b`` (-1 if none),
    ``block_depth[b]`` the number of loops containing it (0 if unreachable),
    ``header_loop[b]`` the loop ``b`` heads (-1 if not a header).
    ``loop_latches[L]``: sources of the back edges to the header.
    """

    loop_header: list[int]
    loop_parent: list[int]
    loop_depth: list[int]
    loop_latches: list[list[int]]
    block_loop: list[int]
    block_depth: list[int]
    header_loop: list[int]

    @property
    def num_loops(self) -> int:
        return len(self.loop_header)

    def header_of(self, block: int) -> int:
        """Header of the innermost loop containing ``block``, or -1 outside loops."""
        loop = self.block_loop[block]
        return self.loop_header[loop] if loop >= 0 else -1

    def loop_contains(self, loop: int, block: int) -> bool:
        """Whether ``block`` is in loop ``loop`` (directly or in a nested loop)."""
        inner = self.block_loop[block]
        while 0 <= inner < loop:
            inner = self.loop_parent[inner]
        return inner == loop

    def loop_blocks(self, loop: int) -> list[int]:
        """Blocks of ``loop`` in block order (including nested loops' blocks)."""
        return [b for b in range(len(self.block_loop)) if self.loop_contains(loop, b)]


def find_loops(func: Function, domtree: DomTree | None = None) -> LoopInfo:
    """The natural-loop forest of ``func``.

    Headers are processed innermost-first (latest in reverse postorder first,
    since an outer header dominates an inner one).  Each loop's body is found by
    walking predecessors back from its latches; a block already claimed by an
    inner loop is skipped over by jumping to that loop's outermost known
    enclosing header, so each block is visited about once per nesting level
    rather than once per loop containing it.
    """
    if domtree is None:
        domtree = DomTree(func)
    nb = func.num_blocks
    pred_start = func.block_pred_start
    preds = func.block_preds
    block_loop = [-1] * nb
    header_loop = [-1] * nb
    loop_header: list[int] = []
    loop_parent: list[int] = []
    loop_latches: list[list[int]] = []
    # Union-find over loops: ``outer[L]`` leads to the outermost loop found so far containing L.
    outer: list[int] = []

    def outermost(loop: int) -> int:
        root = loop
        while outer[root] != root:
            root = outer[root]
        while outer[loop] != root:
            nxt = outer[loop]
            outer[loop] = root
            loop = nxt
        return root

    for h in reversed(domtree.rpo):
        latches = [preds[k] for k in range(pred_start[h], pred_start[h + 1]) if domtree.dominates(h, preds[k])]
        if not latches:
            continue
        loop = len(loop_header)
        loop_header.append(h)
        loop_parent.append(-1)
        loop_latches.append(sorted(set(latches)))
        outer.append(loop)
        header_loop[h] = loop
        block_loop[h] = loop
        work = list(latches)
        while work:
            b = work.pop()
            if b == h:
                continue
            claimed = block_loop[b]
            if claimed < 0:
                block_loop[b] = loop
                start = b
            else:
                top = outermost(claimed)
                if top == loop:
                    continue
                # ``top`` is an inner loop met for the first time: nest it and
                # continue the walk from its header's predecessors.
                loop_parent[top] = loop
                outer[top] = loop
                start = loop_header[top]
            for k in range(pred_start[start], pred_start[start + 1]):
                p = preds[k]
                if domtree.pre[p] >= 0:
                    work.append(p)

    num_loops = len(loop_header)
    loop_depth = [0] * num_loops
    for loop in range(num_loops - 1, -1, -1):
        parent = loop_parent[loop]
        loop_depth[loop] = 1 if parent < 0 else loop_depth[parent] + 1
    block_depth = [0 if lp < 0 else loop_depth[lp] for lp in block_loop]
    return LoopInfo(
        loop_header=loop_header,
        loop_parent=loop_parent,
        loop_depth=loop_depth,
        loop_latches=loop_latches,
        block_loop=block_loop,
        block_depth=block_depth,
        header_loop=header_loop,
    )


def loop_depths(func: Function) -> list[int]:
    """Per block: how many natural loops contain it (uncapped; 0 if unreachable)."""
    return find_loops(func).block_depth
