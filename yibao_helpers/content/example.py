"""The one example person of the collection, and the assumptions several pages share.

Every topic page starts from the same person — a 35-year-old male employee in 南昌 earning 8,000 元 a month —
so a reader can follow one life from page to page. A notebook's ``parameters`` cell must hold literal values
(papermill replaces them), so each page writes the values out; ``tests/content/test_example_person.py`` checks
that every page's parameters agree with :data:`PERSON` and :data:`ASSUMPTIONS` through :data:`PAGE_NAMES`,
unless the notebook's metadata ``yibao.example_differs`` names the parameter with the reason the page needs
another value (the book shows that reason in the page's 本页的例子 box).

These are example inputs, not policy numbers: policy numbers live in ``data/``. 南昌 is the default because it
is the region with the most of its own sourced rows (``python -m yibao_helpers coverage``).
"""

from __future__ import annotations

PERSON = {
    "region": "nanchang",  # 南昌: the region with the most local, sourced rows
    "monthly_salary": 8000,  # 月工资（元/月）
    "age": 35,  # 今年 35 岁 …
    "birth": "1991-06",  # … 1991 年 6 月出生 (35 on 1 July 2026, the date whose rules count for 2026)
    "group": "male",  # 男职工
}

# assumptions more than one page makes (a reader changes them in one place: here, and each page's parameters)
ASSUMPTIONS = {
    # K11: the yearly rate credited to a 城乡居民养老保险 account — a user assumption (no data row), one rate for
    # pages 08 and 10
    "resident_pension_interest_rate": 0.02,
}

# the name each page's parameters cell gives a shared value (page stem prefix → {shared name: parameter name})
PAGE_NAMES = {
    "01": {"region": "region", "monthly_salary": "monthly_salary", "age": "age"},
    "02": {"region": "region", "monthly_salary": "monthly_salary", "age": "age"},
    "03": {"region": "region", "monthly_salary": "monthly_salary", "age": "age"},
    "04": {"region": "region", "monthly_salary": "monthly_salary", "age": "age"},
    "05": {"region": "region", "monthly_salary": "monthly_salary_after"},
    "06": {"region": "region", "age": "age"},
    "07": {"region": "region", "birth": "birth", "group": "group"},
    "08": {"region": "region", "resident_pension_interest_rate": "resident_interest_rate"},
    "09": {"region": "region"},
    "10": {
        "region": "region",
        "monthly_salary": "monthly_salary",
        "age": "age",
        "resident_pension_interest_rate": "pension_interest_rate",
    },
    "11": {"region": "region"},
    "app": {"region": "region", "monthly_salary": "monthly_salary", "age": "age"},
}


def shared(name: str):
    """The collection's value of a shared input (:data:`PERSON`, then :data:`ASSUMPTIONS`)."""
    return PERSON[name] if name in PERSON else ASSUMPTIONS[name]


def describe() -> str:
    """The example person in one Chinese sentence (for the home page)."""
    from ..params import region_name
    from ..rules.retirement import GROUP_ZH

    p = PERSON
    year, month = (int(v) for v in p["birth"].split("-"))
    return (
        f"{region_name(p['region'])}的一位{GROUP_ZH[p['group']]}，{year} 年 {month} 月出生（今年 {p['age']} 岁），"
        f"月工资 {p['monthly_salary']:,} 元，参加职工医保"
    )
