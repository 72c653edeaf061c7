"""The choices the benefit rules accept, each with the names a user may type and its one Chinese label.

A choice is given as its code (``"employee"``, ``3``) or one of its Chinese names (``"职工"``, ``"三级"``);
:func:`yibao_helpers.core.checks.choice` maps either to the code. The ``*_ZH`` maps are the one Chinese
label of each code, used by the rules' traces and by every page.
"""

SCHEMES = {"employee": ["职工", "职工医保", "职工基本医疗保险"], "resident": ["居民", "城乡居民", "城乡居民医保"]}
SETTINGS = {"inpatient": ["住院"], "outpatient": ["门诊", "普通门诊"]}
MEMBERS = {"in_service": ["在职", "in-service"], "retired": ["退休"]}
LEVELS = {1: ["一级", "level1", "1"], 2: ["二级", "level2", "2"], 3: ["三级", "level3", "3"]}
TIERS = {1: ["一档", "tier1"], 2: ["二档", "tier2"], 3: ["三档", "tier3"]}
REFERRALS = {
    "local": ["本地", "参保地"],
    "registered": ["异地备案", "异地长期居住"],
    "referred": ["转诊", "异地转诊"],
    "unregistered": ["未备案", "异地未备案", "其他临时外出", "临时外出"],
}

SCHEME_ZH = {"employee": "职工医保", "resident": "城乡居民医保"}
SETTING_ZH = {"inpatient": "住院", "outpatient": "普通门诊"}
MEMBER_ZH = {"in_service": "在职", "retired": "退休"}
LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级"}
REFERRAL_ZH = {
    "local": "参保地就医",
    "registered": "异地长期居住（已备案）",
    "referred": "异地转诊/急诊",
    "unregistered": "其他临时外出就医（含未备案）",
}
