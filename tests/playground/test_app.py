"""The app frame: navigation, home page, the English/Russian switch."""



from tests.playground.pages import open_page


def test_app_opens_on_home_in_english():
    at = open_page("app", timeout=60, run=False).run()
    assert not at.exception
    assert at.title[0].value == "tfdl playground"
    assert at.sidebar.radio(key="lang").value == "en"


def test_language_switch_translates_home():
    at = open_page("app", timeout=60, run=False).run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == "Песочница tfdl"
    assert at.query_params["lang"] in ("ru", ["ru"])


def test_language_from_shared_link():
    at = open_page("app", timeout=60, run=False)
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception and at.title[0].value == "Песочница tfdl"
