"""Home: what each page of the playground teaches."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground.common import tr
from playground.page_table import PAGES, page_summary, page_title

st.title(tr("tfdl playground", "Песочница tfdl"))
st.write(tr(
    "Change one thing and see what follows. Every page is backed by the `tfdl` library, "
    "so what you see here is what you can import in your own code.",
    "Меняйте одну вещь и смотрите, что изменится. Каждая страница опирается на библиотеку "
    "`tfdl`: всё, что вы видите здесь, можно импортировать в свой код.",
))

PAGES_DIR = Path(__file__).resolve().parent
for slug, title, text in [(p.slug, page_title(p.slug), page_summary(p.slug)) for p in PAGES[1:]]:
    path = PAGES_DIR / f"{slug}.py"
    if not path.exists():
        continue
    try:  # a real link when the app's navigation knows the page
        st.page_link(str(path), label=title)
        st.caption(text)
    except StreamlitAPIException:  # the page run on its own (e.g. in a test)
        st.markdown(f"**{title}** — {text}")

st.divider()
st.markdown(tr(
    "**Students:** start with the Convolution lab and change one setting at a time. "
    "**Teachers:** every page keeps its settings in the address bar — copy the link to share "
    "exactly what you show. **Engineers:** everything shown is computed by `tfdl` functions "
    "and layers you can import into your own code.",
    "**Студентам:** начните с лаборатории свёртки и меняйте по одной настройке. "
    "**Преподавателям:** каждая страница хранит настройки в адресной строке — скопируйте "
    "ссылку, чтобы поделиться ровно тем, что показываете. **Инженерам:** "
    "всё показанное считают функции и слои `tfdl`, которые можно импортировать в свой код.",
))
