"""Chinese labels for pages, all in one place: each is defined once in the lowest layer that needs it.

* choice codes of the benefit rules (险种, 医院级别, 在职/退休, 就医方式): :mod:`yibao_helpers.rules.codes`;
* parameters, categories and qualifiers: the catalogue in ``data/catalogue`` (:mod:`yibao_helpers.params.catalogue`);
* units, values, age bands and sources: :mod:`yibao_helpers.params.text`;
* grades of evidence (官方 / 二手 / 示例): :data:`yibao_helpers.params.CONFIDENCE`.

This module gathers them for pages and adds what only pages need.
"""

# ruff: noqa: F401  (re-exported for pages)
from ..params import CONFIDENCE
from ..params.catalogue import categories, label_of, qualifier_zh
from ..params.text import UNIT_ZH, band_zh, format_value, short_source, value_text
from ..rules.codes import LEVEL_ZH, MEMBER_ZH, REFERRAL_ZH, SCHEME_ZH, SETTING_ZH

STATUS_ZH = MEMBER_ZH  # a projection's status column: in_service 在职 / retired 退休
