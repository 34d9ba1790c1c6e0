"""Issue 12's đề án in Chromium, on a platform of this module's own (applying it changes the demo
structure): office_hr drafts a plan merging two boards, sees the preview's figures and the rules the
result breaks, the leadership approves it from the inbox, office_hr applies it and the organisation
tree shows the merge. axe-core on every page, a screenshot of each under var/screenshots/.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from console import check_page, login
from playwright.sync_api import expect
from test_desks_office import pick, ready, visit


@pytest.fixture(scope="module")
def platform(own_platform):
    """Applying the merge changes the demo structure: this module works on a platform of its own."""
    return own_platform


story: dict = {}
OFFICE = dt.timezone(dt.timedelta(hours=7))
FROM, INTO = "BNC", "BTC"


def test_office_hr_drafts_a_merge_and_sees_its_preview(platform, browser, screenshots):
    story["title"] = f"Hợp nhất {FROM} vào {INTO} {uuid.uuid4().hex[:4]}"
    context, page = login(browser, platform.gateway, "tochuc.vp")
    expect(page).to_have_url(re.compile(r"/to-chuc/bien-che$"))
    ready(page, screenshots, "hr-staffing")
    visit(page, platform.gateway, "/to-chuc/can-bo", screenshots, "hr-staff")
    visit(page, platform.gateway, "/to-chuc/de-an", screenshots, "hr-plans")
    page.get_by_role("button", name="Lập đề án mới").click()
    page.get_by_label("Tên đề án").fill(story["title"])
    pick(page, "Đơn vị hợp nhất", FROM)
    pick(page, "Vào đơn vị", INTO)
    page.get_by_role("button", name="Thêm bước").click()
    expect(page.get_by_text(f"1. Hợp nhất {FROM} vào {INTO}")).to_be_visible()
    page.get_by_role("button", name="Lưu và gửi lãnh đạo phê duyệt").click()
    page.wait_for_url(re.compile(r"/to-chuc/de-an/\d+$"))
    story["plan"] = int(page.url.rsplit("/", 1)[1])
    preview = platform.client("tochuc.vp").get(f"/hr/restructurings/{story['plan']}/preview").json()
    card = page.get_by_test_id("preview")
    s = preview["summary"]
    expect(card).to_contain_text(f"{s['headcount']['posts_before']} → {s['headcount']['posts_after']}")
    expect(card).to_contain_text(f"{s['departments']['before']} → {s['departments']['after']}")
    # the merged board is gone from the "after" table, and the broken rules are named in Vietnamese
    expect(page.get_by_test_id("preview-before").locator(f'tr[data-row-key="{FROM}"]')).to_have_count(1)
    expect(page.get_by_test_id("preview-after").locator(f'tr[data-row-key="{FROM}"]')).to_have_count(0)
    assert preview["violations"], "the demo structure after the merge breaks a rule"
    first = preview["violations"][0]
    expect(card.locator(".ant-list-item").filter(has_text=first["unit"]).first).to_contain_text(
        re.compile(r"tối (đa|thiểu)|cần"))
    expect(card).to_contain_text("Căn cứ: Quy định")
    check_page(page, screenshots, "hr-plan-preview")
    context.close()


def test_leadership_approves_the_plan_from_the_inbox(platform, browser):
    context, page = login(browser, platform.gateway, "bithu")
    row = page.get_by_role("row").filter(has_text=story["title"])
    row.get_by_role("button", name=re.compile("^Phê duyệt")).click()
    expect(page.get_by_text("Đã phê duyệt.")).to_be_visible()
    plan = platform.client("bithu").get(f"/hr/restructurings/{story['plan']}").json()
    assert plan["status"] == "approved"
    context.close()


def test_office_hr_applies_it_and_the_tree_shows_the_merge(platform, browser, screenshots):
    context, page = login(browser, platform.gateway, "tochuc.vp", path=f"/to-chuc/de-an/{story['plan']}")
    expect(page.get_by_test_id("plan-status")).to_have_text(re.compile("Đã phê duyệt"))
    page.get_by_role("button", name="Thực hiện đề án").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Đã thực hiện")
    assert platform.client("tochuc.vp").get(f"/hr/restructurings/{story['plan']}").json()["status"] == "applied"
    visit(page, platform.gateway, "/to-chuc/so-do", screenshots, "hr-tree-after-merge")
    tree = page.get_by_role("tree")
    expect(tree.get_by_text(re.compile(rf"^{FROM} - "))).to_have_count(0)
    # the merged board's own department now sits under the board it joined
    expect(tree.locator(".ant-tree-treenode").filter(has_text=f"{FROM}-VP - ")).to_have_count(1)
    unit = platform.client("tochuc.vp").get(f"/hr/units/{FROM}-VP").json()
    assert unit["parent_code"] == INTO
    yesterday = (dt.datetime.now(OFFICE).date() - dt.timedelta(days=1)).isoformat()
    page.goto(platform.gateway + f"/to-chuc/so-do?as_of={yesterday}")
    expect(tree.get_by_text(re.compile(rf"^{FROM} - "))).to_have_count(1)
    check_page(page)
    context.close()
