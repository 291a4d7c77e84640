"""tfdl playground: page setup, the English/Russian switch and the navigation. Pages live in app_pages/."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from playground.common import LANGUAGES  # noqa: E402
from playground.page_table import PAGES, page_title  # noqa: E402
from playground.state import note_run  # noqa: E402

st.set_page_config(page_title="tfdl playground", page_icon="🧠", layout="wide")
note_run()  # every run counts, so a page's settings know when the user comes back from another page

if "lang" not in st.session_state:
    st.session_state["lang"] = st.query_params.get("lang", "en") if st.query_params.get("lang") in LANGUAGES else "en"
st.sidebar.radio(
    "Language / Язык",
    options=list(LANGUAGES),
    format_func=LANGUAGES.get,
    key="lang",
    horizontal=True,
)

PAGES_DIR = Path(__file__).parent / "app_pages"

pages = [
    st.Page(str(PAGES_DIR / f"{p.slug}.py"), title=page_title(p.slug), icon=p.icon, url_path=p.slug,
            default=(p.slug == "home"))
    for p in PAGES
    if (PAGES_DIR / f"{p.slug}.py").exists()
]
st.navigation(pages).run()
