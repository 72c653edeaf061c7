"""The dashboard's upload of a user's own numbers (issue 13, deliverable 7): the file is checked like the data, the
region list and every tab follow, results say 用户提供, and a bad file leaves the page as it was with a message
naming the file, the line and the column."""

from __future__ import annotations

import datetime

import pytest

from yibao_helpers import params
from yibao_helpers.present import dashboard as app
from yibao_helpers.scenarios.own_city import TEMPLATE

pytest.importorskip("ipywidgets")
STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # a fixed upload time (FileUpload wants one)


@pytest.fixture
def board():
    params.use_policy_file(None)
    b = app.Dashboard()
    yield b
    params.use_policy_file(None)


def test_uploading_a_file_switches_to_its_region_and_marks_the_numbers(board):
    assert "mycity" not in [c for _, c in board.region.options] and board.clear_upload.disabled
    content = TEMPLATE.read_bytes()
    item = {
        "name": "my_city_example.csv",
        "type": "text/csv",
        "size": len(content),
        "content": content,
        "last_modified": STAMP,
    }
    board.upload.value = (item,)  # what ipywidgets 8 sets when a browser uploads one file
    assert board.region.value == "mycity" and ("用户地区 mycity（mycity）", "mycity") in board.region.options
    assert "正在使用你的文件 my_city_example.csv" in board.upload_status.value and not board.clear_upload.disabled
    board.tabs.selected_index = 1  # 住院报销对比: template lines 6, 9 — 三级 起付 1,000, 80 %
    panel = board.panels["reimburse"]
    assert panel.view.error is None
    assert "用户提供" in panel.notice.value and "用户地区 mycity" in panel.summary.value
    # 50,000 元, no 丙类/乙类 share: (50,000 − 1,000) × 80 % = 39,200 from the pool, 10,800 left to the employee
    assert panel.view.data["employee"].hifp_pay == 39200
    board.clear_upload.click()
    assert params.policy_file() is None and board.region.value == "national"
    assert "mycity" not in [c for _, c in board.region.options]


def test_a_bad_file_keeps_the_page_and_names_the_line(board, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(TEMPLATE.read_text(encoding="utf-8").replace("0.9,ratio", "0.9,yuan", 1), encoding="utf-8")
    board.use_file(bad)
    assert params.policy_file() is None and board.region.value == "national"
    assert "bad.csv 第 7 行 列 unit" in board.upload_status.value and "yb-error" in board.upload_status.value


def test_the_notice_box_shows_under_a_borrowed_result(board):
    board.refresh()  # 全国, balance tab: the 全口径 wage and the reform date are the example city's
    notice = board.panels["balance"].notice.value
    assert notice.startswith("<div class='yb-notice'><b>注意</b>") and "借用示例城市的数字" in notice
