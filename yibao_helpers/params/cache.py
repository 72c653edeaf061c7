"""A small disk cache for validated tables: a pickle named by the SHA-256 of the files and the code that built it.

Reading and validating the tables (pandera) costs ≈ 0.4 s, paid by every notebook kernel. The result is
kept under the user's cache folder, named by a digest of every input file's name and bytes, of the code
that checks them and of the pandas version: any edit to a data file or to the checks gives a new name,
and the tables are validated again before they are used. ``YIBAO_CACHE=0`` turns the cache off;
``YIBAO_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/yibao_helpers`` or ``~/.cache/yibao_helpers``).

Unpickling runs code, so a cache file is read only from a folder that cannot hold someone else's file: the
folder (created with mode 0700) and the file must belong to this user and be writable by nobody else. Any other
folder — ``/tmp``, a shared folder, another user's — is refused with a warning, and the tables are built from
the CSVs without a cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import warnings
from pathlib import Path

import pandas as pd

CACHE_KEEP = 16  # cached versions kept per kind (tests build many valid variants of data/)


def disk_cached(kind: str, files: list[Path], build, code: tuple[Path, ...] = ()):
    """``build()``'s result, kept in a pickle named by a SHA-256 of ``files``' names and bytes, of ``code``'s
    source (the modules that build and check the result) and of the pandas version; built and written when
    missing or unreadable."""
    cache = cache_path(kind, files, code)
    if cache is not None and not _private(cache.parent):
        cache = None
    if cache is not None:
        try:
            if cache.exists() and not _own_file(cache):
                raise OSError(f"{cache} is not this user's own file")
            with cache.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing, partial or unreadable: build from the CSVs
            pass
    result = build()
    if cache is not None:
        try:
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


def _private(folder: Path) -> bool:
    """Whether ``folder`` may hold cache files: created (mode 0700) when missing; otherwise it must belong to this
    user and be writable by nobody else. Warns (once per folder) and returns False when it is not."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False  # a read-only home: just no cache
    if not hasattr(os, "getuid"):  # no POSIX owners (Windows): the user's own profile folder is assumed
        return True
    problem = None
    if info.st_uid != os.getuid():
        problem = "不属于当前用户 / is not owned by the current user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "其他用户可以写入 / is writable by other users"
    if problem:
        _warn_once(str(folder), problem)
        return False
    return True


def _own_file(path: Path) -> bool:
    info = path.stat()
    return not hasattr(os, "getuid") or (
        info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


_WARNED: set[str] = set()


def _warn_once(folder: str, problem: str) -> None:
    if folder not in _WARNED:
        _WARNED.add(folder)
        warnings.warn(
            f"缓存目录 {folder} {problem}：不读也不写缓存（读缓存会执行其中的代码）。"
            f" / cache folder {folder} refused: reading a cache runs its code; the tables are read from the CSVs.",
            RuntimeWarning,
            stacklevel=3,
        )
