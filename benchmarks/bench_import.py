"""Import time: ``import yibao_helpers`` against ``import pandas``, each in a fresh interpreter.

The package loads its submodules lazily and reads data/ only when a function first needs it, so
importing it should cost little beyond numpy. Also shown: importing a calculator module (pulls in
pandas) and the first ``load_policy`` call (reads and validates every table once per process).
Best of 7 fresh interpreters each; all numbers from this one run.

Run: ``make bench`` or ``python benchmarks/bench_import.py``.
"""

from __future__ import annotations

import subprocess
import sys

REPEAT = 7
SNIPPETS = [
    ("python -c pass（解释器本身）", "pass"),
    ("import numpy", "import numpy"),
    ("import pandas", "import pandas"),
    ("import yibao_helpers", "import yibao_helpers"),
    ("from yibao_helpers import account", "from yibao_helpers import account"),
    ("首次 load_policy（读取并校验 data/）", "import yibao_helpers as yb; yb.load_policy('national')"),
    ("import matplotlib.pyplot", "import matplotlib.pyplot"),
    (
        "from yibao_helpers.present import style; style.setup()",
        "from yibao_helpers.present import style; style.setup()",
    ),
]


def seconds(code: str) -> float:
    timer = f"import time; t0 = time.perf_counter()\n{code}\nprint(time.perf_counter() - t0)"
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return min(runs)


def main() -> int:
    times = {label: seconds(code) for label, code in SNIPPETS}
    pandas = times["import pandas"]
    print("| 导入 import | 时间 | ÷ import pandas |")
    print("|---|---:|---:|")
    for label, t in times.items():
        print(f"| `{label}` | {t * 1e3:.0f} ms | {t / pandas:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
