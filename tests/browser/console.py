"""Steps a person takes in the console, and the page checks every test makes."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import AXE

DEMO_PASSWORD = "demo-2026"

RUNNING = "document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)"
FINITE_ANIMATIONS_DONE = f"() => {RUNNING}.length === 0"
RUNNING_ANIMATIONS = f"() => {RUNNING}.map(a => `${{a.animationName || a.transitionProperty}} on ${{a.effect.target?.className}}`)"


def login(browser, base: str, username: str, *, phone: bool = False, path: str = "/"):
    """A fresh browser context logged in through the login page; returns (context, page)."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    # bypass_csp: the gateway's CSP (rightly) refuses inline scripts, and axe-core is injected as one
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  is_mobile=phone, has_touch=phone, bypass_csp=True)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_url(re.compile(r"/login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def serious_violations(page) -> list[dict]:
    """axe-core (from web/node_modules) on the page as it stands: the serious and critical ones."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in results if v["impact"] in ("serious", "critical")]


def check_page(page, screenshots=None, name: str | None = None) -> None:
    """No serious or critical accessibility violation; a screenshot when asked."""
    page.wait_for_load_state("networkidle")
    # Ant Design's enter/leave animations leave half-faded elements behind for a moment: wait until no
    # finite animation or transition runs (a spinner's endless one is no reason to wait). Not the
    # motion classes (-enter, -leave, -appear): under load one outlived its animation and the wait
    # for it ran out (30 s on the expense form), and Input.Search's button always has "-enter" in it.
    settled(page)
    # a toast (message.success after a save) fades out after 3 s, and axe measuring it half-faded
    # finds its text too pale: check the page once it has gone
    page.wait_for_function("() => !document.querySelector('.ant-message-notice')", timeout=10_000)
    if screenshots is not None and name:
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    found = serious_violations(page)
    assert not found, f"axe on {page.url}: {found}"


def settled(page) -> None:
    """No finite animation or transition running (a spinner's endless one is no reason to wait)."""
    try:
        page.wait_for_function(FINITE_ANIMATIONS_DONE, timeout=15_000)
        # an animation prepared in one frame starts in the next (Ant Design's -appear, then -appear-active)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_function(FINITE_ANIMATIONS_DONE, timeout=15_000)
    except Exception as error:
        raise AssertionError(f"still animating on {page.url}: {page.evaluate(RUNNING_ANIMATIONS)}") from error


def pick(page, label, option: str, scope=None, multiple: bool = False) -> None:
    """Choose `option` in the Ant Design select labelled `label` (or the select's locator), typed too
    when it searches."""
    settled(page)  # a dialog still zooming in moves the list away from under the click
    (label if not isinstance(label, str) else (scope or page).get_by_label(label)).click()
    page.keyboard.type(option)
    choice = page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter(has_text=option).first
    expect(choice).to_be_visible()
    choice.click()
    if not multiple:  # a single choice closes the list once it is taken
        expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)
