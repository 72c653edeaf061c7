"""The command line: ``python -m yibao_helpers <command> [options]`` (also installed as ``yibao``).

Commands:

* ``run`` — execute the notebooks headless and write HTML (:mod:`yibao_helpers.tools.runner`;
  ``yibao run --help`` lists its options);
* ``book`` — the static book from the executed notebooks (:mod:`yibao_helpers.tools.book`);
* ``coverage`` — the notebook × region matrix of where the numbers come from (:mod:`yibao_helpers.tools.coverage`);
* ``validate-pensions`` — every official pension sheet recomputed from its inputs
  (:mod:`yibao_helpers.tools.validate_pensions`);
* ``app`` — serve the dashboard with Voilà; ``yibao app --classroom`` shares it with a class
  (:mod:`yibao_helpers.tools.app_server`, docs/classroom.md).
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = {
    "run": ("执行全部笔记本并生成网页 / run every notebook headless and write HTML", "yibao_helpers.tools.runner"),
    "book": ("把执行过的笔记本做成静态网页书 / build the static book (build/book)", "yibao_helpers.tools.book"),
    "coverage": ("各笔记本 × 各地区的参数来源 / where each page's numbers come from", "yibao_helpers.tools.coverage"),
    "validate-pensions": (
        "用全部官方养老金核定表检验计算器 / recompute every official pension sheet (--json)",
        "yibao_helpers.tools.validate_pensions",
    ),
    "app": (
        "交互看板，--classroom 课堂模式 / the dashboard; --classroom to share it",
        "yibao_helpers.tools.app_server",
    ),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="yibao", description="医保明白账 command line")
    parser.add_argument(
        "command", choices=sorted(COMMANDS), help="; ".join(f"{k}: {v[0]}" for k, v in COMMANDS.items())
    )
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    args, rest = parser.parse_known_args(argv[:1])
    import importlib

    module = importlib.import_module(COMMANDS[args.command][1])
    return module.main(argv[1:])
