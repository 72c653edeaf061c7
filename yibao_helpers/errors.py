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
