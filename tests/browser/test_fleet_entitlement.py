"""The console's car entitlement page (NĐ 72/2023 Art 11, Art 3.4) in Chromium against the real
platform: the fleet office sees the cars held and entitled the API reports and a car due for
replacement with its reason; the leadership sees the same, records an exception by its decision
number and withdraws one (its cars stop counting; a stale second withdrawal is refused in
Vietnamese). And the console's layout: money never wraps ("₫" on the line of its digits) at 1366 px
and on a phone, the odometer's column header stays on one line, and the leadership dashboard's card
titles are whole at 1366 px. axe-core on every page.
"""
from __future__ import annotations

import datetime as dt
import uuid

from console import check_page, login
from playwright.sync_api import expect

OFFICE = dt.timezone(dt.timedelta(hours=7))
YEAR = dt.datetime.now(OFFICE).year
story: dict = {}


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.text[:500]}"
    return resp.json()


def ready(page, screenshots=None, name: str | None = None) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".ant-spin-spinning")).to_have_count(0)
    check_page(page, screenshots, name)


# every amount on the page: its text and how many lines it takes (client rectangles of its text)
MONEY_LINES = """() => [...document.querySelectorAll('.money')].filter(e => e.offsetParent !== null).map(e => {
  const range = document.createRange(); range.selectNodeContents(e);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return {text: e.textContent, lines: tops.size};
})"""

# every card title: its text and whether it is cut (an ellipsis hides its end)
CARD_TITLES = """() => [...document.querySelectorAll('.ant-card-head-title')].map(e =>
  ({text: e.textContent, cut: e.scrollWidth > e.clientWidth + 1}))"""


def flag_a_car_for_replacement(platform) -> dict:
    """A pool car with a repair estimate above 30 % of its cost (NĐ 72/2023 Art 3.4.c), through
    the API: the demo's cars are all young and within their kilometres."""
    fleet = platform.client("doixe.vp")
    cars = ok(fleet.get("/fleet/vehicles", params={"pool": "true", "status": "available", "limit": 200}))["items"]
    car = next(c for c in reversed(cars) if c.get("original_cost_vnd"))
    estimate = car["original_cost_vnd"] * 2 // 5
    car = ok(fleet.patch(f"/fleet/vehicles/{car['id']}", {"repair_estimate_vnd": estimate}))
    assert car["replacement"]["due"], car
    return car


def test_the_fleet_office_sees_held_entitled_and_a_car_due_for_replacement(platform, browser, screenshots):
    car = flag_a_car_for_replacement(platform)
    figures = ok(platform.client("doixe.vp").get("/fleet/car-entitlement"))
    assert car["id"] in figures["replacement_due"]
    context, page = login(browser, platform.gateway, "doixe.vp")
    page.get_by_role("menuitem", name="Định mức xe công").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Định mức xe công của Văn phòng")
    for key in ("held", "entitled", "limit", "needed"):
        expect(page.get_by_test_id(f"entitlement-{key}")).to_have_text(str(figures[key]))
    expect(page.get_by_test_id(f"replacement-{car['plate']}")).to_be_visible()
    expect(page.get_by_test_id(f"replacement-{car['plate']}-reasons")).to_have_text(
        f"Dự toán sửa chữa {vnd(car['repair_estimate_vnd'])} trên 30% nguyên giá {vnd(car['original_cost_vnd'])}"
        " (điểm c khoản 4 Điều 3 NĐ 72/2023).")
    # every term of the entitlement with its source; no exception form for the fleet office
    for line in figures["breakdown"]:
        expect(page.get_by_role("row").filter(has_text=line["rule"]).first).to_contain_text(line["source"])
    expect(page.get_by_role("button", name="Ghi quyết định")).to_have_count(0)
    ready(page, screenshots, "fleet-car-entitlement")
    story["car"] = car
    context.close()


def test_the_leadership_sees_it_and_records_an_exception(platform, browser, screenshots):
    car = story.get("car") or flag_a_car_for_replacement(platform)
    leader = platform.client("bithu")
    before = ok(leader.get("/fleet/car-entitlement"))
    context, page = login(browser, platform.gateway, "bithu", path="/lanh-dao/tong-quan")
    # from the dashboard's fleet card
    page.get_by_test_id("fleet-entitlement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Định mức xe công của Văn phòng")
    expect(page.get_by_test_id("entitlement-held")).to_have_text(str(before["held"]))
    expect(page.get_by_test_id("entitlement-entitled")).to_have_text(str(before["entitled"]))
    expect(page.get_by_test_id(f"replacement-{car['plate']}-reasons")).to_contain_text("Dự toán sửa chữa")
    ready(page)
    decision = f"{uuid.uuid4().int % 100000}-QĐ/TU"
    page.get_by_label("Số quyết định").fill(decision)
    page.get_by_label("Số xe được thêm").fill("2")
    page.get_by_label("Ghi chú (không bắt buộc)").fill("Phục vụ đoàn công tác miền núi")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text(f"Đã ghi quyết định số {decision}: thêm 2 xe.")).to_be_visible()
    after = ok(leader.get("/fleet/car-entitlement"))
    assert after["limit"] == before["limit"] + 2 and after["exception_cars"] == before["exception_cars"] + 2
    expect(page.get_by_test_id("entitlement-limit")).to_have_text(str(after["limit"]))
    row = page.get_by_role("row").filter(has_text=decision)
    expect(row).to_contain_text(dt.datetime.now(OFFICE).strftime("%d/%m/%Y"))
    expect(row).to_contain_text("bithu")
    # the same number again: refused, in Vietnamese
    page.get_by_label("Số quyết định").fill(decision)
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_role("alert").filter(has_text=f"Quyết định số {decision} đã được ghi nhận trước đó.")).to_be_visible()
    ready(page, screenshots, "leadership-car-entitlement")
    context.close()


def test_the_leadership_withdraws_an_exception_and_the_figures_change(platform, browser, screenshots):
    leader = platform.client("bithu")
    today = dt.datetime.now(OFFICE).date().isoformat()
    mistaken, expired = (f"{uuid.uuid4().int % 100000}-QĐ/TU" for _ in range(2))
    for decision_no, cars in ((mistaken, 3), (expired, 1)):
        ok(leader.post("/fleet/car-entitlement/exceptions",
                       {"decision_no": decision_no, "extra_cars": cars, "decided_on": today}), 201)
    before = ok(leader.get("/fleet/car-entitlement"))
    context, page = login(browser, platform.gateway, "bithu", path="/xe/dinh-muc")
    expect(page.get_by_test_id("entitlement-limit")).to_have_text(str(before["limit"]))
    expect(page.get_by_test_id(f"exception-{mistaken}-status")).to_have_text("Đang áp dụng")
    ready(page)
    page.get_by_test_id(f"withdraw-{mistaken}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Thu hồi quyết định số {mistaken} (thêm 3 xe)")
    expect(dialog.get_by_role("button", name="Thu hồi")).to_be_disabled()  # no reason yet
    dialog.get_by_label("Lý do thu hồi (bắt buộc)").fill("Ghi nhầm số xe")
    dialog.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text(f"Đã thu hồi quyết định số {mistaken}: không còn tính thêm 3 xe.")).to_be_visible()
    after = ok(leader.get("/fleet/car-entitlement"))
    assert (after["limit"], after["exception_cars"]) == (before["limit"] - 3, before["exception_cars"] - 3)
    assert mistaken not in [e["decision_no"] for e in after["exceptions"]]
    expect(page.get_by_test_id("entitlement-limit")).to_have_text(str(after["limit"]))
    expect(page.get_by_test_id("entitlement-exception-cars")).to_have_text(str(after["exception_cars"]))
    status = page.get_by_test_id(f"exception-{mistaken}-status")
    expect(status).to_contain_text("Đã thu hồi")
    expect(status).to_contain_text("bithu: Ghi nhầm số xe")
    expect(page.get_by_test_id(f"withdraw-{mistaken}")).to_have_count(0)
    # the other one withdrawn meanwhile (another tab): the page's second withdrawal is refused in Vietnamese
    [listed] = [e for e in ok(leader.get("/fleet/car-entitlement/exceptions"))["items"] if e["decision_no"] == expired]
    ok(leader.post(f"/fleet/car-entitlement/exceptions/{listed['id']}/withdraw", {"reason": "Hết hiệu lực"}))
    page.get_by_test_id(f"withdraw-{expired}").click()
    dialog.get_by_label("Lý do thu hồi (bắt buộc)").fill("Hết hiệu lực")
    dialog.get_by_role("button", name="Thu hồi").click()
    expect(dialog.get_by_role("alert")).to_contain_text(
        f"Ngoại lệ theo quyết định số {expired} đã được thu hồi trước đó.")
    dialog.get_by_role("button", name="Đóng").click()
    context.close()


# every header cell's text and how many lines its text takes (the line boxes of its text nodes: an
# element's own box would count as one more)
HEADER_LINES = """() => [...document.querySelectorAll('th')].filter(e => e.offsetParent !== null).map(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const tops = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange(); range.selectNodeContents(node);
    [...range.getClientRects()].filter(r => r.width > 0).forEach(r => tops.add(Math.round(r.top)));
  }
  return {text: e.textContent, lines: tops.size, card: e.closest('.ant-card')?.querySelector('.ant-card-head-title')?.textContent};
})"""


def test_the_odometer_header_stays_on_one_line(platform, browser):
    """"Công-tơ-mét" breaks at its hyphens in a narrow column unless kept whole."""
    if not story.get("car"):
        flag_a_car_for_replacement(platform)
    for phone in (False, True):
        context, page = login(browser, platform.gateway, "doixe.vp", phone=phone, path="/xe/dinh-muc")
        expect(page.get_by_role("columnheader", name="Công-tơ-mét").first).to_be_visible()
        ready(page)
        headers = [h for h in page.evaluate(HEADER_LINES) if h["text"] == "Công-tơ-mét"]
        assert headers and all(h["lines"] == 1 for h in headers), (phone, headers)
        context.close()


def money_on_one_line(page) -> list[dict]:
    amounts = page.evaluate(MONEY_LINES)
    assert amounts, f"no amount on {page.url}"
    assert all(a["text"].endswith(" ₫") for a in amounts), amounts
    return [a for a in amounts if a["lines"] != 1]


def test_money_never_wraps_at_1366_px_nor_on_a_phone(platform, browser):
    for username, path in (("bithu", "/lanh-dao/tong-quan"), ("ketoan.vp", f"/tai-chinh/du-toan?fiscal_year={YEAR}")):
        for phone in (False, True):
            context, page = login(browser, platform.gateway, username, phone=phone, path=path)
            ready(page)
            expect(page.locator(".money").first).to_be_visible()
            wrapped = money_on_one_line(page)
            assert not wrapped, f"{path} ({'phone' if phone else '1366 px'}): {wrapped}"
            context.close()


def test_the_dashboards_card_titles_are_whole_at_1366_px(platform, browser):
    context, page = login(browser, platform.gateway, "bithu", path="/lanh-dao/tong-quan")
    ready(page)
    spending = f"Chi tiêu theo đơn vị năm {YEAR} (Tài chính, một quy chế)"
    expect(page.locator(".ant-card-head-title").filter(has_text=spending)).to_have_text(spending)
    titles = page.evaluate(CARD_TITLES)
    assert len(titles) >= 4 and not [t for t in titles if t["cut"]], titles
    context.close()
