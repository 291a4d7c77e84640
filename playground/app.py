"""tfdl playground: page setup, the English/Russian switch and the navigation. Pages live in app_pages/.

Paths are resolved from this file (``Path(__file__).resolve()``), so the app runs from any working
directory and under ``AppTest.from_file`` with a relative path. The pages, their titles and icons
come from :mod:`playground.page_table`.

Speed (:mod:`playground.perf`): what the runs imported is frozen out of the garbage collector's
sight, and with ``TFDL_TIMING_LOG=<file>`` each run appends its server time to that file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from playground.perf import freeze_imports, log_run, run_clock  # noqa: E402

RUN_START = run_clock()  # before the app's own imports: a run's server time includes them

from playground.i18n import LANGUAGES, _  # noqa: E402
from playground.page_table import PAGES, page_title  # noqa: E402
from playground.session import register_session  # noqa: E402
from playground.state import finish_run, note_run, remember_settings  # noqa: E402

PAGES_DIR = HERE / "app_pages"
freeze_imports()  # what earlier runs imported (TensorFlow: 450,000 objects) leaves the collector's walks

if st.session_state.get("lang") not in LANGUAGES:
    st.session_state["lang"] = st.query_params.get("lang") if st.query_params.get("lang") in LANGUAGES else "en"

st.set_page_config(page_title=_("tfdl playground"), page_icon="🧠", layout="wide")
register_session()  # a closed tab's models are released (playground.session)
note_run()  # every run counts, so a page's settings know when the user comes back from another page
remember_settings()  # before any page runs: a value typed just before leaving a page is kept
# the label in the interface's language; each option in its own language (i18n.LANGUAGES)
st.sidebar.radio(_("Language"), options=list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)

pages = [
    st.Page(PAGES_DIR / f"{p.slug}.py", title=page_title(p.slug), icon=p.icon, url_path=p.slug,
            default=(p.slug == "home"))
    for p in PAGES
    if (PAGES_DIR / f"{p.slug}.py").exists()
]
page = st.navigation(pages)
page.run()
finish_run()  # reached only when the page's run completed (Streamlit then drops undrawn widgets)
log_run(page.url_path or "home", RUN_START)
