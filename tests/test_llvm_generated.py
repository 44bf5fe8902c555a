"""Generated LLVM IR: random functions mixing every supported integer, float,
call, division, shift, select and phi rule must lower, validate, allocate with
every registered allocator and verify."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("llvmlite", reason="the LLVM front end needs llvmlite (pip install 'regalloc[llvm]')")

from regalloc.api import ALLOCATORS
from regalloc.checker import check
from regalloc.frontends.llvm import lower_module
from regalloc.validate import validate

DECLARATIONS = """declare i64 @sink_i(i64, i64, i64, i64, i64, i64, i64, i64)
declare double @sink_d(double, double, double, double, double, double, double, double, double, double)
declare i64 @llvm.smin.i64(i64, i64)
declare i32 @llvm.umax.i32(i32, i32)
"""

INT_BINARY = ["add", "sub", "mul", "and", "or", "xor", "shl", "lshr", "ashr", "sdiv", "udiv", "srem", "urem"]
FLOAT_BINARY = ["fadd", "fsub", "fmul", "fdiv"]
PREDICATES = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]


class _Body:
    """Accumulates instruction lines and the values of each type defined so far."""

    def __init__(self, params: list[str]) -> None:
        self.lines: list[str] = []
        self.values: dict[str, list[str]] = {"i32": [], "i64": [], "double": []}
        for k, t in enumerate(params):
            self.values[t].append(f"%a{k}")
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return f"%v{self.count}"

    def emit(self, type_text: str, text: str) -> str:
        name = self.fresh()
        self.lines.append(f"  {name} = {text}")
        self.values[type_text].append(name)
        return name


@st.composite
def operand(draw: st.DrawFn, body: _Body, type_text: str) -> str:
    pool = body.values[type_text]
    if pool and draw(st.booleans()):
        return draw(st.sampled_from(pool))
    if type_text == "double":
        return draw(st.sampled_from(["0.000000e+00", "1.500000e+00", "-2.000000e+00"]))
    return str(draw(st.sampled_from([0, 1, -1, 7, 255, 1 << 20, -(1 << 33) if type_text == "i64" else 3])))


@st.composite
def instruction(draw: st.DrawFn, body: _Body) -> None:
    kind = draw(st.sampled_from(["int", "int", "int", "float", "cmp", "cast", "call_i", "call_d", "minmax"]))
    t = draw(st.sampled_from(["i32", "i64"]))
    if kind == "int":
        op = draw(st.sampled_from(INT_BINARY))
        a, b = draw(operand(body, t)), draw(operand(body, t))
        body.emit(t, f"{op} {t} {a}, {b}")
    elif kind == "float":
        op = draw(st.sampled_from(FLOAT_BINARY))
        a, b = draw(operand(body, "double")), draw(operand(body, "double"))
        body.emit("double", f"{op} double {a}, {b}")
    elif kind == "cmp":
        pred = draw(st.sampled_from(PREDICATES))
        a, b = draw(operand(body, t)), draw(operand(body, t))
        cond = body.fresh()
        body.lines.append(f"  {cond} = icmp {pred} {t} {a}, {b}")
        x, y = draw(operand(body, t)), draw(operand(body, t))
        body.emit(t, f"select i1 {cond}, {t} {x}, {t} {y}")
    elif kind == "cast":
        if t == "i32":
            body.emit("i64", f"{draw(st.sampled_from(['zext', 'sext']))} i32 {draw(operand(body, 'i32'))} to i64")
        else:
            body.emit("i32", f"trunc i64 {draw(operand(body, 'i64'))} to i32")
        body.emit("double", f"sitofp {t} {draw(operand(body, t))} to double")
    elif kind == "call_i":
        args = ", ".join(f"i64 {draw(operand(body, 'i64'))}" for _ in range(8))
        body.emit("i64", f"call i64 @sink_i({args})")
    elif kind == "call_d":
        args = ", ".join(f"double {draw(operand(body, 'double'))}" for _ in range(10))
        body.emit("double", f"call double @sink_d({args})")
    else:
        name = "llvm.smin.i64" if t == "i64" else "llvm.umax.i32"
        a, b = draw(operand(body, t)), draw(operand(body, t))
        body.emit(t, f"call {t} @{name}({t} {a}, {t} {b})")


@st.composite
def function_ir(draw: st.DrawFn) -> str:
    params = draw(st.lists(st.sampled_from(["i32", "i64", "double"]), min_size=1, max_size=12))
    body = _Body(params)
    for _ in range(draw(st.integers(1, 12))):
        draw(instruction(body))
    entry = list(body.lines)
    body.lines = []
    cond = draw(operand(body, "i64"))
    branch_lines = [f"  %c = icmp slt i64 {cond}, 100", "  br i1 %c, label %left, label %right"]
    entry_values = {t: list(vs) for t, vs in body.values.items()}
    left_value = draw(operand(body, "i64"))
    for _ in range(draw(st.integers(0, 4))):
        draw(instruction(body))
    left = [*body.lines, f"  %l = add i64 {left_value}, 1", "  br label %join"]
    body.values = entry_values  # what %left defines does not reach %right
    right_value = draw(operand(body, "i64"))
    right = [f"  %r = mul i64 {right_value}, 3", "  br i1 %c, label %join, label %loop"]
    loop = [
        "  %i = phi i64 [ 0, %right ], [ %next, %loop ]",
        "  %next = add i64 %i, %r",
        "  %more = icmp ult i64 %next, 1000",
        "  br i1 %more, label %loop, label %join",
    ]
    join = ["  %j = phi i64 [ %l, %left ], [ %r, %right ], [ %next, %loop ]", "  ret i64 %j"]
    signature = ", ".join(f"{t} %a{k}" for k, t in enumerate(params))
    return "\n".join(
        [DECLARATIONS, f"define i64 @f({signature}) {{", "entry:", *entry, *branch_lines, "left:", *left,
         "right:", *right, "loop:", *loop, "join:", *join, "}", ""]
    )  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(function_ir())
def test_generated_functions_lower_and_allocate_with_every_allocator(ir: str) -> None:
    module = lower_module(ir, source="generated")
    assert [(s.name, s.reason) for s in module.skipped] == []
    (lowered,) = module.lowered
    validate(lowered.function, lowered.env)
    for allocator in ALLOCATORS.values():
        result = allocator(lowered.function, lowered.env)
        check(lowered.function, lowered.env, result)
