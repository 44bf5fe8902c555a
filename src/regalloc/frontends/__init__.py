"""Front ends that turn compiler IR into allocator input.

:mod:`regalloc.frontends.llvm` reads textual LLVM IR (``.ll``) through llvmlite
(the optional ``regalloc[llvm]`` extra) and lowers it to x86-64 allocator input.
"""
