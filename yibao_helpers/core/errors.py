"""The project's one exception type for bad input, with bilingual messages."""

from __future__ import annotations


class YibaoInputError(ValueError):
    """Bad input to a yibao_helpers function, or a bad row in a data file.

    The message names the parameter, the bad value and what is allowed,
    in Chinese first and English after, e.g.::

        参数 monthly_salary 的值 -1 无效：应在 0 到 10000000 元/月之间。
        Invalid monthly_salary = -1: must be between 0 and 10000000 yuan/month.
    """

    def __init__(self, param: str, value, allowed_zh: str, allowed_en: str):
        self.param = param
        self.value = value
        self.allowed_zh = allowed_zh
        self.allowed_en = allowed_en
        shown = _show(value)
        super().__init__(f"参数 {param} 的值 {shown} 无效：{allowed_zh}\nInvalid {param} = {shown}: {allowed_en}")


class PolicyDataError(YibaoInputError):
    """A malformed row in a policy data file; names file, line and column."""

    def __init__(self, file: str, line: int | None, column: str | None, value, problem_zh: str, problem_en: str):
        self.file = file
        self.line = line
        self.column = column
        where = f"{file}" + (f" 第 {line} 行" if line else "") + (f" 列 {column}" if column else "")
        where_en = f"{file}" + (f", line {line}" if line else "") + (f", column {column}" if column else "")
        shown = _show(value)
        ValueError.__init__(
            self,
            f"数据文件错误 {where}：值 {shown} 无效，{problem_zh}\n"
            f"Bad data in {where_en}: value {shown} is invalid: {problem_en}",
        )
        self.param = column or "row"
        self.value = value
        self.allowed_zh = problem_zh
        self.allowed_en = problem_en


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class MissingDataError(YibaoInputError):
    """No data row for a parameter in a region on a date: a gap in the region's series, or no row at all.

    ``param`` is the argument the caller gave (``"on"`` where the date itself was asked for;
    ``"start_year"`` where a projection from that year reached the date); ``parameter`` and
    ``qualifier`` name what is missing, ``region`` where, ``on`` the date that lacks it (ISO text) and
    ``periods`` the (from, to) periods that do have data (empty when no region in the chain has any
    row), so a caller can say what exists or look for a stand-in.
    """

    def __init__(
        self,
        region: str,
        on,
        parameter: str,
        qualifier: str,
        periods: list,
        allowed_zh: str,
        allowed_en: str,
        *,
        param: str = "on",
        value=None,
    ):
        super().__init__(param, on if value is None else value, allowed_zh, allowed_en)
        self.region = region
        self.on = str(on)
        self.parameter = parameter
        self.qualifier = qualifier
        self.periods = list(periods)


def renamed(exc: YibaoInputError, param: str, value, allowed_zh: str, allowed_en: str) -> YibaoInputError:
    """``exc`` said again about the caller's own argument ``param`` = ``value``: a missing-data error stays
    one (with what is missing, where and when), any other becomes a plain :class:`YibaoInputError`."""
    if isinstance(exc, MissingDataError):
        return MissingDataError(
            exc.region,
            exc.on,
            exc.parameter,
            exc.qualifier,
            exc.periods,
            allowed_zh,
            allowed_en,
            param=param,
            value=value,
        )
    return YibaoInputError(param, value, allowed_zh, allowed_en)
