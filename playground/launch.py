"""Console entry point ``tfdl-playground``: starts the Streamlit app from the repository root.

Runs ``python -m streamlit run playground/app.py`` in the folder that holds ``.streamlit/``, so
the hardened server settings in ``.streamlit/config.toml`` apply. Its own flags::

    tfdl-playground --port 8501 --address 0.0.0.0 --max-jobs 4

``--port`` and ``--address`` become Streamlit's ``--server.port`` / ``--server.address``;
``--max-jobs`` becomes ``TFDL_MAX_JOBS``, the number of trainings the server runs at once
(:mod:`playground.jobs`). Every other argument passes through to ``streamlit run``
(``tfdl-playground --server.baseUrlPath dl``).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_JOBS_ENV = "TFDL_MAX_JOBS"  # read by playground.jobs
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"  # one part of a host name
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def port_number(text: str) -> int:
    """``--port``: a whole number from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 65535. Received: {text!r}")
    return value


def listen_address(text: str) -> str:
    """``--address``: an IPv4/IPv6 address or a host name."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if not _HOSTNAME.match(text):
            raise argparse.ArgumentTypeError(
                f"must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name. Received: {text!r}"
            ) from None
    return text


def job_count(text: str) -> int:
    """``--max-jobs``: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1. Received: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from playground.jobs import default_max_jobs

    parser = argparse.ArgumentParser(
        prog="tfdl-playground",
        description="Start the tfdl playground (a Streamlit app) with the hardened settings of .streamlit/config.toml.",
        epilog="Every other argument goes to `streamlit run` unchanged, e.g. --server.baseUrlPath dl "
        "(see `streamlit run --help`). Example for a classroom: "
        "tfdl-playground --address 0.0.0.0 --port 8501 --max-jobs 4",
        allow_abbrev=False,  # --add must not be taken for --address: unknown flags go to Streamlit
    )
    parser.add_argument(
        "--port",
        type=port_number,
        metavar="PORT",
        help="port to serve on, 1-65535 (Streamlit's --server.port; default 8501)",
    )
    parser.add_argument(
        "--address",
        type=listen_address,
        metavar="ADDRESS",
        help="address to listen on (Streamlit's --server.address): 127.0.0.1 for this machine only, 0.0.0.0 "
        "for every network interface (a classroom, a container); default: Streamlit's, every interface",
    )
    parser.add_argument(
        "--max-jobs",
        type=job_count,
        metavar="N",
        help=f"most trainings the server runs at once, for all students together; the others wait in line "
        f"and see their place (sets {MAX_JOBS_ENV}; default: {MAX_JOBS_ENV} if set, else the CPUs this "
        f"process may use, {default_max_jobs()} here)",
    )
    return parser


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our flags, and the arguments left for Streamlit (in their order). Exits with a message on a
    bad value (argparse: status 2)."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    options = rest[: rest.index("--")] if "--" in rest else rest  # after "--": the script's own arguments
    for ours, theirs in (("port", "--server.port"), ("address", "--server.address")):
        if getattr(args, ours) is not None and any(a == theirs or a.startswith(theirs + "=") for a in options):
            parser.error(f"give the {ours} once: --{ours} or {theirs}, not both")
    return args, rest


def streamlit_command(args: argparse.Namespace, rest: list[str]) -> list[str]:
    """``python -m streamlit run playground/app.py`` with our flags first, then the pass-through ones."""
    ours = []
    if args.port is not None:
        ours += ["--server.port", str(args.port)]
    if args.address is not None:
        ours += ["--server.address", args.address]
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "playground" / "app.py"), *ours, *rest]


def environment(args: argparse.Namespace, base: dict | None = None) -> dict:
    """The server's environment: ``base`` (this process's) with ``TFDL_MAX_JOBS`` from ``--max-jobs``
    and ``MALLOC_ARENA_MAX=2`` unless set."""
    env = dict(os.environ if base is None else base)
    # glibc gives each thread its own heap arena (up to 8 per core); a server with a script thread per
    # session then keeps what closed sessions freed, scattered over arenas it never returns. Two
    # arenas: the load test's server came back to +5% of its baseline instead of +13%.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    if args.max_jobs is not None:
        env[MAX_JOBS_ENV] = str(args.max_jobs)
    return env


def server_folder() -> Path:
    """Where the server starts, so that Streamlit finds ``.streamlit/config.toml`` there: the
    repository (a checkout or an editable install), else the copy an installed package keeps in
    ``<prefix>/share/tfdl-playground`` (pyproject's data-files). Without either it says so: the
    server would run with Streamlit's defaults (no upload cap, error details shown)."""
    for folder in (ROOT, Path(sys.prefix) / "share" / "tfdl-playground"):
        if (folder / ".streamlit" / "config.toml").is_file():
            return folder
    print("tfdl-playground: .streamlit/config.toml not found; the server runs with Streamlit's defaults",
          file=sys.stderr)
    return ROOT


def run(cmd: list[str], cwd: Path, env: dict) -> int:
    """Become the server (POSIX ``exec``): Ctrl+C, ``docker stop`` and ``kill`` reach Streamlit itself,
    which shuts down cleanly; a child process would be left running when the launcher is killed.
    Elsewhere, run it as a child and return its exit status."""
    if os.name == "posix":
        os.chdir(cwd)
        os.execve(cmd[0], cmd, env)  # does not return
    return subprocess.call(cmd, cwd=cwd, env=env)


def main(argv: list[str] | None = None) -> int:
    args, rest = parse_args(list(sys.argv[1:] if argv is None else argv))
    return run(streamlit_command(args, rest), server_folder(), environment(args))


if __name__ == "__main__":
    raise SystemExit(main())
