"""In the browser: sign in, switch language, and the pages need no outside request."""

from __future__ import annotations


def test_sign_in_and_switch_language(page_for, screenshot) -> None:
    page = page_for(None)
    page.goto("/")
    assert "/login" in page.url  # no session: sent to sign in
    screenshot(page, "login")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert page.locator(".flash.error").is_visible()
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "editor-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator(".who").inner_text().startswith("editor")
    page.click("#lang-ko")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "로그아웃" in page.locator("header").inner_text()
    page.click("#lang-en")
    page.wait_for_load_state()
    assert "Sign out" in page.locator("header").inner_text()
    assert page.outside_requests == []


def test_language_follows_the_browser_by_default(page_for) -> None:
    page = page_for(None, locale="ko-KR")
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == "로그인"
