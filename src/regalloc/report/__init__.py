"""HTML reports of allocations (``regalloc show``).

:func:`render_report` turns a function and one or more allocations into one
self-contained HTML page (inline CSS, script and data; nothing fetched when
viewed): the annotated listing, a live-range chart of where every vreg lives,
a register-pressure plot per class, the cost figures and the checker's
verdict, with any checker error shown at its instruction.

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg
>>> from regalloc.result import AllocationResult
>>> fb = FunctionBuilder("tiny")
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")]); fb.ret([use(x, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
>>> data = report_data(fb.finish(), env, [AllocationView("by hand", AllocationResult([0, 0]))])
>>> view = data["views"][0]
>>> view["error"], view["cost"]["weighted_cost"], view["segments"]  # checker ok; v0 in int:0 at x 1..2
(None, 0, [0, 1, 2, 0, -1])
>>> page = render_page(data)
>>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
(True, False, False)

With ``#selftest`` in its address the page checks itself in the browser (see
tests/test_show.py); with ``#v5`` it opens with vreg 5 highlighted.
"""

from __future__ import annotations

import json
import time

from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.function import Function
from regalloc.report.data import AllocationView, report_data
from regalloc.report.script import JS
from regalloc.report.style import CSS
from regalloc.result import AllocationResult

__all__ = ["AllocationView", "render_page", "render_report", "run_allocator"]


def run_allocator(func: Function, env: MachineEnv, algorithm: str) -> AllocationView:
    """Allocate ``func`` with the named allocator (``reference`` or a registered one), timed.

    An allocator that raises a library error yields a view with no result and
    the error as its ``failure``; an unknown name raises :class:`RegallocError`.
    """
    from regalloc.fuzz.runner import get_allocator

    allocator = get_allocator(algorithm)
    start = time.perf_counter()
    try:
        result: AllocationResult = allocator(func, env)
    except RegallocError as exc:
        return AllocationView(algorithm, None, time.perf_counter() - start, failure=f"{algorithm} failed: {exc}")
    return AllocationView(algorithm, result, time.perf_counter() - start)


def _script_safe_json(data: object) -> str:
    # "</" would end the <script> element early; "<!--" could start a comment.
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_report(func: Function, env: MachineEnv, views: list[AllocationView], title: str = "") -> str:
    """One self-contained HTML page showing ``views`` (allocations of ``func``) side by side."""
    return render_page(report_data(func, env, views, title))


def render_page(data: dict[str, object]) -> str:
    """The HTML page drawing ``data`` (from :func:`regalloc.report.data.report_data`)."""
    page_title = str(data["title"])
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_html_escape(page_title)}</title><style>{CSS}</style></head>\n<body>\n"
        "<noscript><p>This report draws its listing and charts with JavaScript; please enable it.</p></noscript>\n"
        "<div id='app'></div>\n"
        f"<script type='application/json' id='report-data'>{_script_safe_json(data)}</script>\n"
        f"<script>{JS}</script>\n</body></html>\n"
    )
