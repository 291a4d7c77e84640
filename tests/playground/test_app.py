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


def test_every_page_takes_its_title_from_the_one_table():
    """Navigation, home list and page headings read playground.page_table (no second copy)."""
    from playground.page_table import PAGES
    from tests.playground.pages import APP_DIR

    for entry in PAGES[1:]:
        source = (APP_DIR / "app_pages" / f"{entry.slug}.py").read_text(encoding="utf-8")
        assert f'st.title(page_title("{entry.slug}"))' in source, entry.slug
        assert f'st.title(tr("{entry.title_en}"' not in source, entry.slug
