"""Issue 11's scenario in Chromium: a staff member books a car, the unit head approves it from the
inbox, the dispatcher dispatches it on the board (an infeasible pair refused with its rule in
Vietnamese first), the driver completes it on a 390x844 phone and the board's transport budget
shows the charge; an expense over the budget is refused with its figures; another board's staff
member cannot see the booking anywhere; logout ends the session. axe-core on every page visited,
a screenshot of each role's main page under var/screenshots/. The tests run in file order and
share the booking through `story`.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid

import pytest
import requests
from console import check_page, login, pick
from harness import eventually
from playwright.sync_api import expect

from conftest import ROOT

story: dict = {}
OFFICE = dt.timezone(dt.timedelta(hours=7))


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def transport_budget(platform, unit: str) -> dict:
    year = dt.datetime.now(OFFICE).year
    summary = platform.client("bithu").get(
        "/finance/budgets/summary", params={"fiscal_year": year, "unit": unit, "category": "transport"})
    assert summary.status_code == 200, summary.text
    [line] = summary.json()["items"]
    return line


def test_the_api_client_matches_the_running_platform(platform):
    done = subprocess.run(["node", "scripts/gen-api.mjs", "--check", platform.gateway], cwd=ROOT / "web",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout


def test_staff_books_a_car(platform, browser, screenshots):
    story["purpose"] = f"Họp giao ban {uuid.uuid4().hex[:6]}"
    story["budget_before"] = transport_budget(platform, "BTC")["spent_vnd"]
    context, page = login(browser, platform.gateway, "chuyenvien.btc")
    expect(page).to_have_url(re.compile(r"/de-nghi$"))
    check_page(page, screenshots, "staff-requests")
    page.get_by_role("button", name="Đặt xe").click()
    page.get_by_label("Mục đích chuyến đi").fill(story["purpose"])
    page.get_by_label("Nơi đến").fill("Huyện Đăk Hà")
    tomorrow = (dt.datetime.now(OFFICE) + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    day = page.get_by_label("Ngày đi")
    day.click()
    day.fill(tomorrow)
    day.press("Enter")
    hours = page.locator(".ant-picker-range input")
    hours.nth(0).click()
    hours.nth(0).fill("08:00")
    hours.nth(0).press("Enter")
    hours.nth(1).fill("11:00")
    hours.nth(1).press("Tab")  # (Enter would submit the form already)
    check_page(page)
    page.get_by_role("button", name="Gửi đề nghị đặt xe").click()
    page.wait_for_url(re.compile(r"/de-nghi/dat-xe/\d+$"))
    story["booking"] = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_text("Chờ duyệt").first).to_be_visible()
    check_page(page)
    context.close()


def test_unit_head_approves_it_from_the_inbox(platform, browser, screenshots):
    inbox = platform.client("truongban.btc").get("/inbox").json()
    [item] = [i for i in inbox["items"] if i["kind"] == "booking" and i["id"] == story["booking"]]
    context, page = login(browser, platform.gateway, "truongban.btc")
    expect(page).to_have_url(re.compile(r"/viec-can-xu-ly$"))
    row = page.get_by_role("row").filter(has_text=item["title"])
    expect(row).to_be_visible()
    check_page(page, screenshots, "unit-head-inbox")
    row.get_by_role("button", name=re.compile("^Phê duyệt")).click()
    expect(page.get_by_text("Đã phê duyệt.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=item["title"])).to_have_count(0)
    booking = platform.client("truongban.btc").get(f"/fleet/bookings/{story['booking']}").json()
    assert booking["status"] == "approved"
    context.close()


def test_dispatcher_dispatches_it_and_sees_an_infeasible_pair_refused(platform, browser, screenshots):
    context, page = login(browser, platform.gateway, "doixe.vp")
    expect(page).to_have_url(re.compile(r"/xe/dieu-xe$"))
    check_page(page, screenshots, "dispatcher-board")
    page.get_by_role("button", name=f"Điều xe cho phiếu #{story['booking']}").click()
    dialog = page.get_by_role("dialog")
    # Đặng Văn Sơn's class C expires 31/03/2029, so the 2008 law issued it (a 2024 C or D expires from
    # 2030): under that law the 16-seat car needs D (the 2024 law's D1 would be wrong for him); the
    # fleet refuses the pair and names the class under his licence's system
    # picked in the open list once the dialog has settled (a click into a list still zooming in missed
    # under load in a fresh-clone run)
    # `.first`: the select's box (labelled as its combobox is), which a chosen value does not cover
    pick(page, dialog.get_by_label("Chọn xe").first, "81A-000.12")
    pick(page, dialog.get_by_label("Chọn lái xe").first, "Đặng Văn Sơn")
    dialog.get_by_role("button", name="Điều xe").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Xe cần giấy phép hạng D; lái xe có hạng C.")
    check_page(page)
    pick(page, dialog.get_by_label("Chọn lái xe").first, "Phan Văn Hùng")
    dialog.get_by_role("button", name="Điều xe").click()
    expect(page.get_by_text(re.compile(rf"Đã điều xe 81A-000\.12 cho phiếu #{story['booking']}"))).to_be_visible()
    booking = platform.client("doixe.vp").get(f"/fleet/bookings/{story['booking']}").json()
    assert (booking["status"], booking["driver_id"]) == ("dispatched", 10)
    for path, name in (("/xe/bao-duong", "dispatcher-maintenance"), ("/xe/hieu-suat", "dispatcher-utilization")):
        page.goto(platform.gateway + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_page(page, screenshots, name)
    context.close()


def test_driver_completes_it_on_a_phone(platform, browser, screenshots):
    context, page = login(browser, platform.gateway, "laixe.hung", phone=True, path="/xe/chuyen-cua-toi")
    expect(page).to_have_url(re.compile(r"/xe/chuyen-cua-toi$"))
    trip = page.get_by_test_id(f"trip-{story['booking']}")
    expect(trip).to_be_visible()
    # on a phone the menu opens from a button in the header, and nothing lies over the page's title
    menu, title = page.get_by_role("button", name="Mở danh mục"), page.get_by_role("heading", level=1)
    expect(menu).to_be_visible()
    button, heading = menu.bounding_box(), title.bounding_box()
    assert button["y"] + button["height"] <= heading["y"], (button, heading)
    check_page(page, screenshots, "driver-trips-phone")
    menu.click()
    expect(page.get_by_role("menuitem", name="Chuyến xe của tôi")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menuitem", name="Chuyến xe của tôi")).to_be_hidden()
    trip.get_by_role("button", name="Xuất phát").click()
    dialog = page.get_by_role("dialog")
    start_km = int(dialog.get_by_label("Số công-tơ-mét lúc đi (km)").input_value())
    dialog.get_by_role("button", name="Xuất phát").click()
    expect(trip.get_by_text("Đang đi")).to_be_visible()
    trip.get_by_role("button", name="Hoàn thành chuyến").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Số công-tơ-mét lúc về (km)").fill(str(start_km + 120))
    dialog.get_by_label("Nhiên liệu đã đổ (lít)").fill("14")
    dialog.get_by_label("Tiền nhiên liệu (₫)").fill("322000")
    check_page(page)
    dialog.get_by_role("button", name="Hoàn thành").click()
    expect(trip.get_by_text("Hoàn thành")).to_be_visible()
    context.close()


def test_the_boards_transport_budget_shows_the_charge(platform, browser, screenshots):
    line = eventually(lambda: (b := transport_budget(platform, "BTC"))["spent_vnd"] > story["budget_before"] and b,
                      timeout=30)
    context, page = login(browser, platform.gateway, "truongban.btc", path="/ngan-sach")
    row = page.get_by_role("row").filter(has_text="Vận chuyển, xe công")
    expect(row).to_contain_text(vnd(line["spent_vnd"]))
    expect(row).to_contain_text(vnd(line["available_vnd"]))
    check_page(page, screenshots, "unit-head-budgets")
    context.close()


def test_an_expense_over_the_budget_is_refused_with_its_figures(platform, browser):
    line = transport_budget(platform, "BTC")
    asked = line["available_vnd"] + 50_000_000
    context, page = login(browser, platform.gateway, "chuyenvien.btc", path="/de-nghi/de-nghi-chi/moi")
    pick(page, "Khoản mục", "Vận chuyển, xe công")
    page.get_by_label("Số tiền").fill(str(asked))
    today = page.get_by_label("Ngày chi")
    today.click()
    today.fill(dt.datetime.now(OFFICE).strftime("%d/%m/%Y"))
    today.press("Enter")
    page.get_by_label("Nội dung").fill("Thuê xe đưa đoàn đi cơ sở")
    page.get_by_role("button", name="Gửi đề nghị chi").click()
    alert = page.get_by_role("alert").filter(has_text="Ngân sách không đủ")
    expect(alert).to_contain_text(f"đề nghị {vnd(asked)}, chỉ còn khả dụng {vnd(line['available_vnd'])}")
    check_page(page)
    context.close()


def test_another_board_cannot_see_the_booking(platform, browser, screenshots):
    url = f"/de-nghi/dat-xe/{story['booking']}"
    # typed by hand before logging in: the login page brings them back to it, and it is not found
    context, page = login(browser, platform.gateway, "chuyenvien.btgdv", path=url)
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    expect(page.get_by_text("Không tìm thấy")).to_be_visible()
    check_page(page)
    page.goto(platform.gateway + "/de-nghi")
    expect(page.get_by_role("table").first).to_be_visible()
    expect(page.get_by_text(f"#{story['booking']}", exact=True)).to_have_count(0)
    expect(page.get_by_text(story["purpose"])).to_have_count(0)
    page.goto(platform.gateway + "/tim-kiem?q=" + story["purpose"].split()[-1])
    expect(page.get_by_text(re.compile("Không tìm thấy kết quả"))).to_be_visible()
    expect(page.get_by_text(story["purpose"])).to_have_count(0)
    context.close()


def test_logout_ends_the_session(platform, browser):
    context, page = login(browser, platform.gateway, "chuyenvien.btc")
    cookies = {c["name"]: c["value"] for c in context.cookies() if c["httpOnly"]}
    assert cookies, "the session cookie is HttpOnly"
    assert requests.get(platform.gateway + "/api/v1/auth/me", cookies=cookies, timeout=10).status_code == 200
    page.get_by_test_id("who").click()
    page.get_by_role("menuitem", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login$"))
    assert requests.get(platform.gateway + "/api/v1/auth/me", cookies=cookies, timeout=10).status_code == 401
    # and the console sends whoever comes back to the login page
    page.goto(platform.gateway + "/de-nghi")
    page.wait_for_url(re.compile(r"/login\?next="))
    context.close()


@pytest.mark.parametrize("username, shot", [("bithu", "leadership-inbox"), ("kiemtra.ubkt", "auditor-home")])
def test_other_roles_land_on_an_accessible_page(platform, browser, screenshots, username, shot):
    context, page = login(browser, platform.gateway, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, screenshots, shot)
    context.close()
