"""How long the pension validation takes: all 175 official sheets recomputed by province_pension.

Target (issue 15): the whole validation under 2 s. Measured two ways in one run:

* **cold** — ``python -m yibao_helpers validate-pensions --json`` as a new process (imports, reading and checking
  the province tables, 175 sheets, printing), best of 3;
* **warm** — :func:`yibao_helpers.tools.validate_pensions.compute` again in this process (the tables loaded),
  best of 5: the calculator's own share.

Also the agreement counts, so a change that makes the validation faster by computing less shows here.
Run: ``make bench`` or ``python benchmarks/bench_validate_pensions.py`` (from the repository root);
``--json`` prints one object instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from timing import best  # benchmarks/timing.py (scripts run from this folder)

from yibao_helpers.tools import validate_pensions as vp

TARGET_S = 2.0


def cold() -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "yibao_helpers", "validate-pensions", "--json"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not vp.case_files():
        print("validation sheets not found (../shared/validation/pension_cases): nothing to time")
        return 0
    vp.compute()  # load the tables once
    warm = best(vp.compute)
    cold_s = cold()
    summary = vp.summary(vp.agreement(vp.compute())).set_index("part")["agree"].to_dict()
    result = {"cases": len(vp.case_files()), "cold_s": round(cold_s, 3), "warm_s": round(warm, 3), "agree": summary}
    if "--json" in argv:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    ok = "✓" if cold_s <= TARGET_S else "✗"
    print(
        f"validate-pensions: {result['cases']} sheets, cold {cold_s:.2f} s (target ≤ {TARGET_S:g} s {ok}), "
        f"warm compute {warm * 1000:.0f} ms; agree: {summary}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
