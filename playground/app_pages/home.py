"""Home: what each page of the playground teaches (its list is playground.page_table)."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground.i18n import _
from playground.page_table import PAGES, page_summary, page_title
from playground.state import sync_params

st.title(_("tfdl playground"))
st.write(_("Change one thing and see what follows. Every page is backed by the `tfdl` library, "
           "so what you see here is what you can import in your own code."))

PAGES_DIR = Path(__file__).resolve().parent
for entry in PAGES[1:]:
    path = PAGES_DIR / f"{entry.slug}.py"
    if not path.exists():
        continue
    title, text = page_title(entry.slug), page_summary(entry.slug)
    try:  # a real link when the app's navigation knows the page
        st.page_link(str(path), label=title, icon=entry.icon)
        st.caption(text)
    except StreamlitAPIException:  # the page run on its own (e.g. in a test)
        st.markdown(f"**{title}** — {text}")

st.divider()
st.markdown(_(
    "**Students:** start with the Convolution lab and change one setting at a time. "
    "**Teachers:** every page keeps its settings in the address bar — copy the link to share "
    "exactly what you show. **Engineers:** everything shown is computed by `tfdl` functions "
    "and layers you can import into your own code."))

sync_params([])  # the link keeps the language
