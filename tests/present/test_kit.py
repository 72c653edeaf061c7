"""kit.setup, the first line of every page: a bad region names the page's own parameter (issue 16, deliverable 7:
`papermill … -p region atlantis` used to say 参数 `code`)."""

from __future__ import annotations

import pytest

from yibao_helpers import YibaoInputError
from yibao_helpers.present import kit


@pytest.mark.parametrize("typed", ["atlantis", "Beijing", ""])
def test_a_bad_region_names_the_region_parameter_and_the_value_typed(typed):
    with pytest.raises(YibaoInputError) as err:
        kit.setup(typed)
    text = str(err.value)
    assert "参数 region" in text and f"'{typed}'" in text and "code" not in text.split("：")[0]
    assert "nanchang" in text  # the allowed values are listed


def test_a_good_region_sets_up_the_page():
    page = kit.setup("nanchang", 2025)
    assert (page.region, page.name, page.year) == ("nanchang", "南昌", 2025)


def test_a_missing_policy_file_is_named_as_typed_not_as_an_absolute_path():
    with pytest.raises(YibaoInputError) as err:
        kit.setup("nanchang", policy_file="my_city.csv")
    head = str(err.value).splitlines()[0]
    assert head.startswith("参数 policy_file 的值 'my_city.csv' 无效") and "/" not in head.split("无效")[0]
