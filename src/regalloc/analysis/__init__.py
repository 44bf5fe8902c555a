"""Control-flow and dataflow analyses shared by the validator, allocators and checker.

* :mod:`regalloc.analysis.cfg`: traversal orders, reachability, dominators.
* :mod:`regalloc.analysis.loops`: natural loops, loop nesting and depths.
* :mod:`regalloc.analysis.liveness`: live-in / live-out vreg bitsets per block.

Everything is iterative (no recursion) and works on the flat columns of
:class:`~regalloc.function.Function`.
"""
