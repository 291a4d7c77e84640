"""The app frame: navigation, home page, the English/Russian switch."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "playground" / "app.py")


def test_app_opens_on_home_in_english():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "tfdl playground"
    assert at.sidebar.radio(key="lang").value == "en"


def test_language_switch_translates_home():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == "Песочница tfdl"
    assert at.query_params["lang"] in ("ru", ["ru"])


def test_language_from_shared_link():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception and at.title[0].value == "Песочница tfdl"
