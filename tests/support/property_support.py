"""Helpers shared by the property tests (tests/test_properties_*.py): money in whole fen, result
columns without pandas' attrs copies, and rejecting an example only when a region lacks data."""

import numpy as np
from hypothesis import reject
from hypothesis import strategies as st

import yibao_helpers as yb
from yibao_helpers.core.errors import YibaoInputError

REGIONS = yb.regions()
regions = st.sampled_from(REGIONS)


def fen(x):
    """Amounts in whole fen (int64), for exact comparisons."""
    return np.round(np.asarray(x, dtype=float) * 100).astype(np.int64)


def yuan(max_yuan, min_yuan=0):
    """A money amount in whole fen."""
    return st.integers(int(min_yuan * 100), int(max_yuan * 100)).map(lambda c: c / 100)


def cols(df):
    """A result's columns as numpy arrays (pandas would deep-copy ``attrs['sources']`` on every column access)."""
    attrs, df.attrs = df.attrs, {}
    try:
        return {c: df[c].to_numpy() for c in df.columns}
    finally:
        df.attrs = attrs


def with_data(fn, *args, **kwargs):
    """Call fn; reject the example only when the region has no data on the date (YibaoInputError saying so)."""
    try:
        return fn(*args, **kwargs)
    except YibaoInputError as exc:
        english = str(exc).splitlines()[-1]
        if not ("data" in english and ("on this date" in english or "data on " in english)):
            raise
        reject()
