"""Traversal orders, reachability and dominators of a function's CFG.

Only blocks reachable from the entry appear in the orders; unreachable blocks
have no immediate dominator (-1) and are dominated by nothing but themselves.

>>> from regalloc.function import FunctionBuilder
>>> fb = FunctionBuilder()
>>> b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
>>> fb.start_block(b0); fb.branch([(b1, []), (b2, [])])
>>> fb.start_block(b1); fb.branch([(b3, [])])
>>> fb.start_block(b2); fb.branch([(b3, [])])
>>> fb.start_block(b3); fb.ret()
>>> f = fb.finish()
>>> reverse_postorder(f), immediate_dominators(f)
([0, 2, 1, 3], [0, 0, 0, 0])
>>> DomTree(f).dominates(1, 3), DomTree(f).dominates(0, 3)
(False, True)
"""

from __future__ import annotations

from regalloc.function import Function


def postorder(func: Function, successors_reversed: bool = False, parent: list[int] | None = None) -> list[int]:
    """Blocks reachable from the entry in DFS postorder (successors in list order, or in
    reverse list order if ``successors_reversed``: then a block's first successor not
    reached before is the one finished just before it).

    ``parent`` (one entry per block, -1 filled in by the caller) receives each block's
    parent in the DFS tree; the entry and unreachable blocks keep theirs.
    """
    succ_start = func.block_succ_start
    succs = func.block_succs
    # Block b's successor edges to follow are first[b] .. end[b] - 1 of ``succs``.
    first = succ_start
    end = succ_start[1:]
    if successors_reversed:
        # The whole edge list reversed holds each block's successors reversed.
        n = len(succs)
        succs = succs[::-1]
        first = [n - x for x in end]
        end = [n - x for x in succ_start]
    visited = [False] * func.num_blocks
    order: list[int] = []
    entry = func.entry
    if not 0 <= entry < func.num_blocks:
        return order
    # Explicit DFS stack of (block, index of the next successor edge to follow).
    stack_block = [entry]
    stack_next = [first[entry]]
    visited[entry] = True
    while stack_block:
        b = stack_block[-1]
        e = stack_next[-1]
        stop = end[b]
        while e < stop and visited[succs[e]]:
            e += 1
        if e < stop:
            s = succs[e]
            stack_next[-1] = e + 1
            visited[s] = True
            if parent is not None:
                parent[s] = b
            stack_block.append(s)
            stack_next.append(first[s])
        else:
            order.append(b)
            stack_block.pop()
            stack_next.pop()
    return order


def critical_edges(func: Function) -> list[tuple[int, int]]:
    """The edges ``(block, successor)`` from a block with several successors to one with
    several predecessors, in block and successor order (moves on them have no block of
    their own to go to).

    >>> from regalloc.function import FunctionBuilder
    >>> fb = FunctionBuilder()
    >>> b0, b1, b2 = (fb.new_block() for _ in range(3))
    >>> fb.start_block(b0); fb.branch([(b1, []), (b2, [])])
    >>> fb.start_block(b1); fb.branch([(b2, [])])
    >>> fb.start_block(b2); fb.ret()
    >>> critical_edges(fb.finish())
    [(0, 2)]
    """
    succ_start = func.block_succ_start
    pred_start = func.block_pred_start
    succs = func.block_succs
    found: list[tuple[int, int]] = []
    for b in range(func.num_blocks):
        if succ_start[b + 1] - succ_start[b] > 1:
            for s in succs[succ_start[b] : succ_start[b + 1]]:
                if pred_start[s + 1] - pred_start[s] > 1:
                    found.append((b, s))
    return found


def reverse_postorder(func: Function) -> list[int]:
    """Blocks reachable from the entry in reverse postorder (entry first)."""
    order = postorder(func)
    order.reverse()
    return order


def reachable(func: Function) -> list[bool]:
    """Per block: whether it is reachable from the entry."""
    flags = [False] * func.num_blocks
    for b in postorder(func):
        flags[b] = True
    return flags


def rpo_numbers(rpo: list[int], num_blocks: int) -> list[int]:
    """Per block: its position in ``rpo``, or -1 if it is not there (unreachable)."""
    index = [-1] * num_blocks
    for i, b in enumerate(rpo):
        index[b] = i
    return index


def immediate_dominators(func: Function, rpo: list[int] | None = None) -> list[int]:
    """Per block: its immediate dominator (the entry's is itself; unreachable: -1).

    Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance
    Algorithm"): intersect the dominators of already-processed predecessors in
    reverse postorder until nothing changes.  ``rpo`` may be passed if known.
    """
    if rpo is None:
        rpo = reverse_postorder(func)
    nb = func.num_blocks
    idom = [-1] * nb
    if not rpo:
        return idom
    number = rpo_numbers(rpo, nb)
    pred_start = func.block_pred_start
    preds = func.block_preds
    entry = rpo[0]
    idom[entry] = entry
    changed = True
    while changed:
        changed = False
        for b in rpo[1:]:
            new_idom = -1
            for k in range(pred_start[b], pred_start[b + 1]):
                p = preds[k]
                if idom[p] < 0:
                    continue  # unreachable, or not processed yet in this sweep
                if new_idom < 0:
                    new_idom = p
                    continue
                # Intersect: walk both fingers up the tree until they meet.
                x = p
                y = new_idom
                while x != y:
                    while number[x] > number[y]:
                        x = idom[x]
                    while number[y] > number[x]:
                        y = idom[y]
                new_idom = x
            if new_idom != idom[b]:
                idom[b] = new_idom
                changed = True
    return idom


def dominates(idom: list[int], rpo_index: list[int], a: int, b: int) -> bool:
    """Whether block ``a`` dominates block ``b``, by walking ``b``'s idom chain.

    ``rpo_index`` is :func:`rpo_numbers` of the order ``idom`` was computed on.
    Costs the depth of ``b`` in the tree; use :class:`DomTree` for many queries.
    """
    if a == b:
        return True
    ra = rpo_index[a]
    if ra < 0 or rpo_index[b] < 0:
        return False
    while rpo_index[b] > ra:
        b = idom[b]
    return b == a


class DomTree:
    """The dominator tree with pre/post numbering for O(1) dominance queries.

    ``idom[b]``: immediate dominator (-1 for unreachable blocks and, unlike
    :func:`immediate_dominators`, also -1 for the entry, the tree's root).
    ``rpo``: reachable blocks in reverse postorder; ``rpo_index[b]`` its position
    or -1.  ``depth[b]``: distance from the entry in the tree (-1 unreachable).
    """

    def __init__(self, func: Function, rpo: list[int] | None = None) -> None:
        if rpo is None:
            rpo = reverse_postorder(func)
        nb = func.num_blocks
        self.rpo = rpo
        self.rpo_index = rpo_numbers(rpo, nb)
        idom = immediate_dominators(func, rpo)
        if rpo:
            idom[rpo[0]] = -1
        self.idom = idom
        # Children in RPO order so the numbering is deterministic.
        child_start = [0] * (nb + 1)
        for b in rpo:
            parent = idom[b]
            if parent >= 0:
                child_start[parent + 1] += 1
        for b in range(nb):
            child_start[b + 1] += child_start[b]
        fill = child_start[:]
        children = [0] * max(len(rpo) - 1, 0)
        for b in rpo:
            parent = idom[b]
            if parent >= 0:
                children[fill[parent]] = b
                fill[parent] += 1
        self.pre = [-1] * nb
        self.post = [-1] * nb
        self.depth = [-1] * nb
        if not rpo:
            return
        counter = 0
        root = rpo[0]
        self.depth[root] = 0
        stack_block = [root]
        stack_next = [child_start[root]]
        self.pre[root] = counter
        counter += 1
        while stack_block:
            b = stack_block[-1]
            k = stack_next[-1]
            if k < child_start[b + 1]:
                stack_next[-1] = k + 1
                c = children[k]
                self.pre[c] = counter
                counter += 1
                self.depth[c] = self.depth[b] + 1
                stack_block.append(c)
                stack_next.append(child_start[c])
            else:
                self.post[b] = counter
                counter += 1
                stack_block.pop()
                stack_next.pop()

    def is_reachable(self, b: int) -> bool:
        return self.pre[b] >= 0

    def dominates(self, a: int, b: int) -> bool:
        """Whether ``a`` dominates ``b`` (reflexive; an unreachable block only itself)."""
        if a == b:
            return True
        pre_a = self.pre[a]
        pre_b = self.pre[b]
        if pre_a < 0 or pre_b < 0:
            return False
        return pre_a <= pre_b and self.post[b] <= self.post[a]

    def strictly_dominates(self, a: int, b: int) -> bool:
        return a != b and self.dominates(a, b)
