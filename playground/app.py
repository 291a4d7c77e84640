"""tfdl playground: page setup, the English/Russian switch and the navigation. Pages live in app_pages/."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from playground.common import LANGUAGES, lang, tr  # noqa: E402

st.set_page_config(page_title="tfdl playground", page_icon="🧠", layout="wide")

if "lang" not in st.session_state:
    st.session_state["lang"] = st.query_params.get("lang", "en") if st.query_params.get("lang") in LANGUAGES else "en"
st.sidebar.radio(
    "Language / Язык",
    options=list(LANGUAGES),
    format_func=LANGUAGES.get,
    key="lang",
    horizontal=True,
)
if st.query_params.get("lang") != lang():
    st.query_params["lang"] = lang()

PAGES_DIR = Path(__file__).parent / "app_pages"
PAGES = [
    ("home.py", "Home", "Главная", "🏠"),
    ("convolution.py", "Convolution lab", "Лаборатория свёртки", "🔲"),
    ("architectures.py", "Architectures", "Архитектуры", "🏛️"),
    ("train.py", "Train", "Обучение", "🏋️"),
    ("optimizers.py", "Optimisers", "Оптимизаторы", "⛰️"),
    ("sequences.py", "Sequences", "Последовательности", "🔤"),
    ("inside.py", "Inside a network", "Внутри сети", "🔬"),
    ("activations.py", "Activations & init", "Активации и инициализация", "📈"),
    ("first_principles.py", "First principles", "Основы", "🧮"),
]

pages = [
    st.Page(str(PAGES_DIR / fname), title=tr(en, ru), icon=icon, url_path=fname[:-3], default=(fname == "home.py"))
    for fname, en, ru, icon in PAGES
    if (PAGES_DIR / fname).exists()
]
st.navigation(pages).run()
