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
