"""The tfdl playground: a Streamlit app (run ``tfdl-playground`` or ``streamlit run playground/app.py``)."""
