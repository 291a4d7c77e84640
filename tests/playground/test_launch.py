"""``tfdl-playground``: its flags become Streamlit's (and TFDL_MAX_JOBS), bad values are refused with
a message before anything starts, other arguments pass through; one real start answers /_stcore/health."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import playground.launch as launch


def _command(argv):
    args, rest = launch.parse_args(argv)
    return launch.streamlit_command(args, rest)[5:], launch.environment(args, base={})


def test_the_flags_become_streamlit_settings_and_the_job_cap():
    cmd, env = _command(["--port", "8600", "--address", "0.0.0.0", "--max-jobs", "3"])
    assert cmd == ["--server.port", "8600", "--server.address", "0.0.0.0"]
    assert env == {"TFDL_MAX_JOBS": "3", "MALLOC_ARENA_MAX": "2"}


def test_without_flags_streamlit_and_the_environment_decide():
    cmd, env = _command([])
    assert cmd == [] and env == {"MALLOC_ARENA_MAX": "2"}  # two heap arenas (see launch.environment)
    args, rest = launch.parse_args([])
    assert launch.environment(args, base={"TFDL_MAX_JOBS": "5", "PATH": "/bin", "MALLOC_ARENA_MAX": "4"}) == {
        "TFDL_MAX_JOBS": "5",
        "PATH": "/bin",
        "MALLOC_ARENA_MAX": "4",
    }


def test_other_arguments_pass_through_in_order_after_ours():
    cmd, _env = _command(["--server.baseUrlPath", "dl", "--port", "9000", "--theme.base=dark", "--", "--port", "1"])
    assert cmd == ["--server.port", "9000", "--server.baseUrlPath", "dl", "--theme.base=dark", "--", "--port", "1"]


def test_the_command_runs_the_app_with_this_python_from_the_repo_root(monkeypatch):
    seen = {}
    monkeypatch.setattr(launch, "run", lambda cmd, cwd, env: seen.update(cmd=cmd, cwd=cwd, env=env) or 0)
    assert launch.main(["--max-jobs", "2", "--port", "8601"]) == 0
    assert seen["cmd"][:4] == [sys.executable, "-m", "streamlit", "run"]
    assert seen["cmd"][4] == str(launch.ROOT / "playground" / "app.py")
    assert (launch.ROOT / ".streamlit" / "config.toml").exists() and seen["cwd"] == launch.ROOT
    assert seen["env"]["TFDL_MAX_JOBS"] == "2" and seen["env"]["PATH"] == os.environ["PATH"]


def test_an_installed_copy_starts_where_its_packaged_config_is(monkeypatch, tmp_path, capsys):
    """A non-editable install has no .streamlit/ beside its packages: the launcher starts the server
    in <prefix>/share/tfdl-playground, where pyproject's data-files put the repository's config."""
    import tomllib

    data_files = tomllib.loads((launch.ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    assert data_files == {"share/tfdl-playground/.streamlit": [".streamlit/config.toml"]}
    site, prefix = tmp_path / "site-packages", tmp_path / "prefix"
    share = prefix / "share" / "tfdl-playground"
    (share / ".streamlit").mkdir(parents=True)
    (share / ".streamlit" / "config.toml").write_text((launch.ROOT / ".streamlit" / "config.toml").read_text())
    monkeypatch.setattr(launch, "ROOT", site)
    monkeypatch.setattr(launch.sys, "prefix", str(prefix))
    assert launch.server_folder() == share
    (share / ".streamlit" / "config.toml").unlink()
    assert launch.server_folder() == site
    assert "config.toml not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "0"], "argument --port: must be a whole number from 1 to 65535. Received: '0'"),
        (["--port", "65536"], "argument --port: must be a whole number from 1 to 65535. Received: '65536'"),
        (["--port", "http"], "argument --port: must be a whole number from 1 to 65535. Received: 'http'"),
        (["--max-jobs", "0"], "argument --max-jobs: must be a whole number >= 1. Received: '0'"),
        (["--max-jobs", "2.5"], "argument --max-jobs: must be a whole number >= 1. Received: '2.5'"),
        (["--address", "a b"], "argument --address: must be an IP address"),
        (["--port", "8600", "--server.port=8601"], "give the port once: --port or --server.port, not both"),
        (["--address", "::", "--server.address", "::1"], "give the address once"),
    ],
)
def test_bad_values_are_refused_with_a_message_before_anything_starts(monkeypatch, capsys, argv, message):
    monkeypatch.setattr(launch, "run", lambda *a, **k: pytest.fail("started despite a bad value"))
    with pytest.raises(SystemExit) as exit_info:
        launch.main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0", "::", "localhost", "playground.example.org"])
def test_addresses_and_host_names_are_accepted(address):
    assert _command(["--address", address])[0] == ["--server.address", address]


def test_help_documents_the_three_flags(capsys):
    with pytest.raises(SystemExit) as exit_info:
        launch.main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for flag in ("--port PORT", "--address ADDRESS", "--max-jobs N", "TFDL_MAX_JOBS", "streamlit run"):
        assert flag in text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_the_server_starts_answers_its_health_check_and_stops_when_told():
    port = _free_port()
    cmd = [sys.executable, "-m", "playground.launch", "--port", str(port), "--address", "127.0.0.1", "--max-jobs", "1"]
    proc = subprocess.Popen(cmd, cwd=launch.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    answer = (response.status, response.read())
                break
            except OSError:
                time.sleep(0.25)
        assert answer == (200, b"ok"), proc.stderr.read().decode() if proc.poll() is not None else "no answer"
        proc.terminate()  # what docker stop and kill send: the server itself gets it (no orphan left)
        proc.wait(20)
        assert not _answers(port)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
