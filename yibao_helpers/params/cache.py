"""A small disk cache for validated tables: a pickle named by the SHA-256 of the files and the code that built it.

Reading and validating the tables (pandera) costs ≈ 0.4 s, paid by every notebook kernel. The result is
kept under the user's cache folder, named by a digest of every input file's name and bytes, of the code
that checks them and of the pandas version: any edit to a data file or to the checks gives a new name,
and the tables are validated again before they are used. ``YIBAO_CACHE=0`` turns the cache off;
``YIBAO_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/yibao_helpers`` or ``~/.cache/yibao_helpers``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

CACHE_KEEP = 16  # cached versions kept per kind (tests build many valid variants of data/)


def disk_cached(kind: str, files: list[Path], build, code: tuple[Path, ...] = ()):
    """``build()``'s result, kept in a pickle named by a SHA-256 of ``files``' names and bytes, of ``code``'s
    source (the modules that build and check the result) and of the pandas version; built and written when
    missing or unreadable."""
    cache = cache_path(kind, files, code)
    if cache is not None:
        try:
            with cache.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing, partial or unreadable: build from the CSVs
            pass
    result = build()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)  # atomic: a parallel process sees the old file or the whole new one
            old = sorted(cache.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]
            for path in old:  # earlier versions of the data or the code
                path.unlink(missing_ok=True)
        except OSError:  # a read-only home: just no cache
            pass
    return result


def cache_path(kind: str, files: list[Path], code: tuple[Path, ...] = ()) -> Path | None:
    """Where a cached result lives, or None when caching is off (``YIBAO_CACHE=0``)."""
    if os.environ.get("YIBAO_CACHE", "1") == "0":
        return None
    root = os.environ.get("YIBAO_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "yibao_helpers"
    )
    digest = hashlib.sha256(pd.__version__.encode())
    for path in (Path(__file__), *code):
        digest.update(path.read_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return Path(root) / f"{kind}-{digest.hexdigest()[:32]}.pickle"
