"""The cache of validated tables (params.store.load_all): same tables as a fresh validation, and a new
name whenever a data file (or the checking code) changes, so a stale or broken file is never used."""

import shutil

import pandas as pd
import pytest

from yibao_helpers.core.errors import PolicyDataError
from yibao_helpers.params import store


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("YIBAO_CACHE_DIR", str(folder))
    monkeypatch.delenv("YIBAO_CACHE", raising=False)
    store.load_all.cache_clear()
    yield folder
    store.load_all.cache_clear()


def _path(base):
    return store.cache_file(str(base))


def _load(data):
    store.load_all.cache_clear()  # a new process, as far as the in-memory cache is concerned
    return store.load_all(str(data))


def test_cached_tables_equal_a_fresh_validation(cache_dir, data_copy):
    regions_fresh, table_fresh = _load(data_copy)  # validates and writes the cache
    files = list(cache_dir.glob("tables-*.pickle"))
    assert len(files) == 1
    regions_cached, table_cached = _load(data_copy)  # reads the cache
    pd.testing.assert_frame_equal(table_cached, table_fresh)
    pd.testing.assert_frame_equal(regions_cached, regions_fresh)
    assert len(table_cached) == len(store.tables())  # the copy holds every row of data/


def test_a_changed_data_file_gets_a_new_cache_name(cache_dir, data_copy):
    before = _path(data_copy.path)
    data_copy.replace_in_line("maternity.csv", 2, ",official,", ",secondary,")
    after = _path(data_copy.path)
    assert before != after
    assert before.parent == after.parent == cache_dir


def test_a_broken_row_is_reported_although_the_good_data_is_cached(cache_dir, tmp_path, data_copy):
    _load(data_copy)  # the good version is now cached
    broken = tmp_path / "broken"
    shutil.copytree(data_copy.path, broken)
    lines = (broken / "account.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(lines[1].split(",")[5], "2021-02-30", 1)  # effective_from of line 2: no such day
    (broken / "account.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PolicyDataError) as err:
        _load(broken)
    assert err.value.file == "account.csv" and err.value.line == 2 and err.value.column == "effective_from"


def test_an_unreadable_cache_file_is_ignored(cache_dir, data_copy):
    path = _path(data_copy.path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    _, table = _load(data_copy)
    assert len(table) == len(store.tables())


def test_the_cache_can_be_turned_off(cache_dir, monkeypatch, data_copy):
    monkeypatch.setenv("YIBAO_CACHE", "0")
    assert _path(data_copy.path) is None
    _load(data_copy)
    assert not cache_dir.exists()


# --------------------------------------------------------------------------- a cache cannot run someone else's code


class _Planted:
    """Unpickling this writes a marker file: what a pickle planted by someone else could do instead."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _plant(cache_file, marker):
    import pickle

    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(pickle.dumps(_Planted(marker)))


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_folder_others_can_write_is_refused_and_its_pickle_never_loaded(cache_dir, data_copy, tmp_path, mode):
    marker = tmp_path / "ran"
    cache_dir.mkdir(mode=0o700)
    _plant(_path(data_copy), marker)
    cache_dir.chmod(mode)
    with pytest.warns(RuntimeWarning, match="writable by other users"):
        _regions, table = _load(data_copy)
    assert not marker.exists()  # the planted pickle was not unpickled
    assert len(table) == len(store.tables())  # the tables came from the CSVs
    assert list(cache_dir.glob("tables-*.pickle")) == [_path(data_copy)]  # and nothing was written there


def test_a_file_others_can_write_is_not_loaded(cache_dir, data_copy, tmp_path):
    marker = tmp_path / "ran"
    _plant(_path(data_copy), marker)  # the folder is the user's own (0700), the file is not safe
    cache_dir.chmod(0o700)
    _path(data_copy).chmod(0o666)
    _load(data_copy)
    assert not marker.exists()


def test_a_folder_of_another_user_is_refused(cache_dir, data_copy, tmp_path):
    import os

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("changing a folder's owner needs root (CI runs as root)")
    marker = tmp_path / "ran"
    cache_dir.mkdir(mode=0o700)
    _plant(_path(data_copy), marker)
    os.chown(cache_dir, 65534, 65534)  # nobody
    with pytest.warns(RuntimeWarning, match="not owned by the current user"):
        _load(data_copy)
    assert not marker.exists()


def test_the_cache_folder_is_created_private(cache_dir, data_copy):
    import stat

    _load(data_copy)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700 and len(list(cache_dir.glob("tables-*.pickle"))) == 1
