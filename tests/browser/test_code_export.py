"""The Convolution lab's "The same in code" expander in a real browser: opened, it shows the page's
setup as code (its settings and its input made with tfdl.data) with a download button; the screenshot
for the README (docs/screenshots/code_export.png)."""

from playwright.sync_api import expect

from tests.browser.conftest import open_app, save_screenshot, wait_for_run


def test_convolution_code_expander_shows_the_setup_as_code(page, screenshot_dir):
    open_app(page, "convolution?s=2&p=1&pmode=reflect&d=2")
    box = page.locator(".st-key-conv_code")
    box.locator("summary").click()
    wait_for_run(page)
    code = box.locator('[data-testid="stCode"]').first
    expect(code).to_contain_text("digit_image(0, 8)", timeout=30_000)
    expect(code).to_contain_text("stride=2, padding=1, dilation=2, padding_mode='reflect'")
    expect(box.locator('[data-testid="stDownloadButton"]')).to_contain_text("Download the code (.py)")
    box.locator("summary").evaluate("e => e.scrollIntoView({block: 'start'})")  # the code and its download button
    page.mouse.wheel(0, -260)  # and the settings' values above it
    page.wait_for_timeout(300)
    save_screenshot(page, screenshot_dir, "code_export")
