"""Console entry point ``tfdl-playground``: starts the Streamlit app from the repository root.

Runs ``python -m streamlit run playground/app.py`` in the folder that holds ``.streamlit/``, so
the hardened server settings in ``.streamlit/config.toml`` apply. Extra arguments pass through
(``tfdl-playground --server.port 8600``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    args = list(sys.argv[1:] if argv is None else argv)
    cmd = [sys.executable, "-m", "streamlit", "run", str(root / "playground" / "app.py"), *args]
    return subprocess.call(cmd, cwd=root)


if __name__ == "__main__":
    raise SystemExit(main())
