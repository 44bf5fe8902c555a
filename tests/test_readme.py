"""The README's Python example runs as written and its allocation verifies."""

from __future__ import annotations

import re
from pathlib import Path

from regalloc.checker import check
from regalloc.result import AllocationResult

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_allocates_and_verifies() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no Python example"
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], str(README), "exec"), namespace)
    result = namespace["result"]
    assert isinstance(result, AllocationResult)
    check(namespace["func"], namespace["env"], result)  # type: ignore[arg-type]
    # The add's def reuses the register of its first use, as the constraint demands.
    func = namespace["func"]
    add_ops = list(func.inst_operands(2))  # type: ignore[attr-defined]
    assert result.allocs[add_ops[0]] == result.allocs[add_ops[1]]
