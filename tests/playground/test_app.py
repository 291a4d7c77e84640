"""The app frame: navigation, home page, the English/Russian switch, the one table of page titles."""

import os
import re
import subprocess
import sys
import textwrap

from tests.playground.pages import APP_DIR, ROOT, open_page


def test_app_opens_on_home_in_english():
    at = open_page("app", timeout=60, run=False).run()
    assert not at.exception
    assert at.title[0].value == "tfdl playground"
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.sidebar.radio(key="lang").label == "Language"
    assert at.session_state["_link_query"] == {}  # nothing off its default: a bare link


def test_language_switch_translates_home_and_the_link_keeps_it():
    at = open_page("app", timeout=60, run=False).run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == "Песочница tfdl"
    assert at.sidebar.radio(key="lang").label == "Язык"
    assert at.session_state["_link_query"] == {"lang": "ru"}  # what the address bar holds


def test_language_from_shared_link():
    at = open_page("app", timeout=60, run=False)
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception and at.title[0].value == "Песочница tfdl"


def test_an_unknown_language_in_the_link_falls_back_to_english():
    at = open_page("app", query={"lang": "xx"}, timeout=60)
    assert not at.exception and at.title[0].value == "tfdl playground"
    assert at.sidebar.radio(key="lang").value == "en"


def test_app_runs_from_a_relative_path():
    """``AppTest.from_file("playground/app.py")`` with a relative path (resolved against the calling
    code, here ``python -c`` in the repository root) failed before: app.py built its pages' paths
    from the relative ``__file__`` (``StreamlitPageNotFoundError: ... home.py could not be found``)."""
    code = textwrap.dedent("""
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file("playground/app.py", default_timeout=60).run()
        assert not at.exception, [e.value for e in at.exception]
        print("TITLE", at.title[0].value)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "TITLE tfdl playground" in out.stdout


def test_home_lists_every_page_from_the_table_in_both_languages():
    from playground.page_table import PAGES

    for lang, titles in (("en", [p.title for p in PAGES[1:]]),
                         ("ru", ["Лаборатория свёртки", "Архитектуры", "Обучение", "Оптимизаторы",
                                 "Последовательности", "Внутри сети", "Активации и инициализация", "Основы"])):
        at = open_page("home", lang=lang, timeout=60)
        assert not at.exception
        shown = " ".join(m.value for m in at.markdown)
        for title in titles:
            assert f"**{title}**" in shown, (lang, title)
    assert "Sequences" in [p.title for p in PAGES] and "**Архитектуры** — Все сети курса" in shown


def test_page_title_and_summary_follow_the_language(monkeypatch):
    from playground import i18n, page_table

    assert page_table.page_title("inside") == "Inside a network"
    assert page_table.page_summary("home") == ""
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    assert page_table.page_title("inside") == "Внутри сети"
    assert page_table.page_summary("optimizers").startswith("SGD, моментум")


def test_every_page_takes_its_title_from_the_one_table():
    """Navigation, home list and page headings read playground.page_table (no second copy)."""
    from playground.page_table import PAGES

    for entry in PAGES[1:]:
        source = (APP_DIR / "app_pages" / f"{entry.slug}.py").read_text(encoding="utf-8")
        assert f'st.title(page_title("{entry.slug}"))' in source, entry.slug
        for copy in (f'st.title(_("{entry.title}")', f'st.title(tr("{entry.title}"'):
            assert copy not in source, entry.slug  # the title is written once, in the table


def test_the_frame_holds_no_inline_russian():
    """app.py, the page table and home take their texts from the catalogue (home.po)."""
    for path in (APP_DIR / "app.py", APP_DIR / "page_table.py", APP_DIR / "app_pages" / "home.py"):
        assert not re.search("[а-яА-ЯёЁ]", path.read_text(encoding="utf-8")), path.name
