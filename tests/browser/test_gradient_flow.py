"""The Train page's gradient flow in a real browser: the deep-sigmoid preset trains, the panel shows
the per-layer gradient norms, the histograms and the diagnosis with its fix (and the screenshot)."""

from playwright.sync_api import expect

from tests.browser.conftest import open_app, press, save_screenshot


def test_deep_sigmoid_preset_shows_vanishing_gradients_and_a_fix(page, screenshot_dir):
    open_app(page, "train?train_n=100&train_epochs=10&train_dataset=circle")
    press(page, "train_gf_2d_deep_sigmoid")
    heading = page.get_by_role("heading", name="Gradient flow", exact=True)
    expect(heading).to_be_visible(timeout=120_000)
    diagnosis = page.get_by_text("the first layers hardly learn")
    expect(diagnosis).to_be_visible()
    expect(page.locator(".st-key-train_gf_fix_2d button")).to_have_text("Fix: activation → ReLU, initialisation → He")
    heading.scroll_into_view_if_needed()
    page.mouse.wheel(0, -40)
    page.wait_for_timeout(500)
    save_screenshot(page, screenshot_dir, "gradient_flow")
