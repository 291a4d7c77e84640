"""The container files agree with each other and with the app, without Docker: Dockerfile,
docker-compose.yml (+ the GPU override), deploy/nginx.conf, the launcher's flags, requirements.txt
and .streamlit/config.toml. (A one-off run of nginx 1.30 on deploy/nginx.conf checked the syntax,
the sticky cookie and the WebSocket upgrade; Docker itself is checked where a daemon answers.)"""

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import tomllib

yaml = pytest.importorskip("yaml")

from playground import launch

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- reading the files


def _compose(name="docker-compose.yml") -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            rows.append((word.upper(), rest.strip()))
    return rows


def _nginx(text: str) -> list:
    """nginx.conf as nested lists: a directive is ``[name, args]``, a block ``[name, args, children]``."""
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};]+', re.sub(r"#[^\n]*", "", text))
    stack, current, words = [], [], []
    for token in tokens:
        if token == ";":
            current.append([words[0], words[1:]])
            words = []
        elif token == "{":
            block = [words[0], words[1:], []]
            current.append(block)
            stack.append(current)
            current, words = block[2], []
        elif token == "}":
            assert not words, f"unterminated directive {words}"
            current = stack.pop()
        else:
            words.append(token.strip("'\""))
    assert not stack and not words, "unbalanced braces in nginx.conf"
    return current


def _find(entries: list, name: str, args: list | None = None) -> list:
    return [e for e in entries if e[0] == name and (args is None or e[1] == args)]


def _one(entries: list, name: str, args: list | None = None):
    found = _find(entries, name, args)
    assert len(found) == 1, f"expected one {name} {args or ''}, found {len(found)}"
    return found[0]


def _nginx_http() -> list:
    return _one(_nginx((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")), "http")[2]


def _tensorflow_pin() -> str:
    return re.search(r"^tensorflow==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M).group(1)


def _streamlit_config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- Dockerfile


def test_the_image_is_python_slim_with_the_pinned_tensorflow_and_a_non_root_user():
    rows = _dockerfile()
    assert rows[0] == ("FROM", "python:3.11-slim")
    arg = dict(args.split("=", 1) for word, args in rows if word == "ARG")
    assert arg["TENSORFLOW"].strip('"') == f"tensorflow=={_tensorflow_pin()}"  # the CPU wheel of requirements.txt
    runs = " ".join(args for word, args in rows if word == "RUN")
    assert '"${TENSORFLOW}" -r requirements.txt' in runs and "pip install --no-deps -e ." in runs
    copied = [args.split()[0] for word, args in rows if word == "COPY"]
    assert {".streamlit", "tfdl", "playground", "requirements.txt"} <= set(copied)
    users = [args for word, args in rows if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert [w for w, _ in rows].index("USER") > max(i for i, (w, _) in enumerate(rows) if w == "RUN")


def test_the_image_serves_with_the_launcher_and_checks_its_health_on_the_same_port():
    rows = dict(_dockerfile())
    cmd = json.loads(rows["CMD"])
    assert cmd[0] == "tfdl-playground"
    args, rest = launch.parse_args(cmd[1:])  # the launcher accepts them (exits on a bad value)
    assert args.address == "0.0.0.0" and not rest
    assert rows["EXPOSE"] == str(args.port)
    health = rows["HEALTHCHECK"]
    assert "CMD" in health and f"http://127.0.0.1:{args.port}/_stcore/health" in health


def test_the_build_context_leaves_out_what_the_image_does_not_need():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", "tests"} <= ignored
    needed = {"requirements.txt", "pyproject.toml", "README.md", ".streamlit", "tfdl", "playground"}
    assert not needed & ignored


# ----------------------------------------------------------------------------- docker-compose.yml


def _playground_port(service: dict) -> int:
    args, _rest = launch.parse_args(service["command"][1:])
    return args.port


def test_compose_runs_replicas_of_the_image_that_the_launcher_starts():
    service = _compose()["services"]["playground"]
    assert service["build"]["context"] == "."
    assert service["build"]["args"]["TENSORFLOW"] == f"tensorflow=={_tensorflow_pin()}"
    assert service["command"][0] == "tfdl-playground"
    args, rest = launch.parse_args(service["command"][1:])
    assert args.address == "0.0.0.0" and not rest
    assert [str(p) for p in service["expose"]] == [str(args.port)]
    assert "ports" not in service and "container_name" not in service  # replicas: no fixed port, no fixed name
    assert service["deploy"]["replicas"] >= 2
    assert service.get("init") is True  # stop signals reach the server


def test_compose_caps_the_trainings_of_a_replica_at_its_cpus():
    service = _compose()["services"]["playground"]
    max_jobs = int(service["environment"]["TFDL_MAX_JOBS"])
    assert 1 <= max_jobs <= float(service["deploy"]["resources"]["limits"]["cpus"])
    assert service["deploy"]["resources"]["limits"]["memory"]


def test_compose_health_checks_hit_the_health_endpoint_on_the_served_ports():
    services = _compose()["services"]
    port = _playground_port(services["playground"])
    check = " ".join(services["playground"]["healthcheck"]["test"])
    assert f"http://127.0.0.1:{port}/_stcore/health" in check
    proxy_check = " ".join(services["proxy"]["healthcheck"]["test"])
    listen = _one(_one(_nginx_http(), "server")[2], "listen")[1][0]
    assert f"http://127.0.0.1{'' if listen == '80' else ':' + listen}/_stcore/health" in proxy_check
    for service in services.values():
        assert {"interval", "timeout", "retries"} <= set(service["healthcheck"])
    assert services["proxy"]["depends_on"]["playground"]["condition"] == "service_healthy"


def test_the_proxy_publishes_nginx_and_mounts_its_config():
    proxy = _compose()["services"]["proxy"]
    image, tag = proxy["image"].split(":")
    assert image == "nginx" and tuple(int(p) for p in tag.split("-")[0].split(".")) >= (1, 30)  # sticky, resolve
    published = [str(p) for p in proxy["ports"]]
    assert len(published) == 1
    host_port, container_port = published[0].split(":")[-2:]
    assert int(host_port) and container_port == _one(_one(_nginx_http(), "server")[2], "listen")[1][0]
    mounts = [v.split(":") for v in proxy["volumes"]]
    assert ["./deploy/nginx.conf", "/etc/nginx/nginx.conf", "ro"] in mounts
    assert (ROOT / "deploy" / "nginx.conf").is_file()


def test_the_gpu_override_builds_the_cuda_wheel_of_the_same_tensorflow():
    gpu = _compose("docker-compose.gpu.yml")["services"]["playground"]
    assert gpu["build"]["args"]["TENSORFLOW"] == f"tensorflow[and-cuda]=={_tensorflow_pin()}"
    device = gpu["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]
    assert gpu["environment"]["TF_FORCE_GPU_ALLOW_GROWTH"] == "true"  # replicas share a GPU
    assert gpu["image"] != _compose()["services"]["playground"]["image"]


# ----------------------------------------------------------------------------- deploy/nginx.conf


def test_nginx_sends_each_browser_to_one_replica_of_the_compose_service():
    http = _nginx_http()
    upstream = _one(http, "upstream")
    name, entries = upstream[1][0], upstream[2]
    servers = _find(entries, "server")
    assert len(servers) == 1
    host, port = servers[0][1][0].split(":")
    compose = _compose()["services"]
    assert host in compose and host != "proxy" and int(port) == _playground_port(compose[host])
    # new replicas join: the name is resolved again (needs a zone and Docker's resolver)
    assert "resolve" in servers[0][1] and _find(entries, "zone")
    assert any(d[1][0] == "127.0.0.11" for d in _find(http, "resolver") + _find(entries, "resolver"))
    # sticky per browser, by a cookie (ip_hash would send a classroom behind one NAT address to one replica)
    sticky = _one(entries, "sticky")
    assert sticky[1][0] == "cookie" and "path=/" in sticky[1]
    location = _one(_one(http, "server")[2], "location", ["/"])[2]
    assert _one(location, "proxy_pass")[1] == [f"http://{name}"]


def test_nginx_passes_websockets_the_way_streamlit_accepts_them():
    http = _nginx_http()
    location = _one(_one(http, "server")[2], "location", ["/"])[2]
    headers = {d[1][0].lower(): d[1][1] for d in _find(location, "proxy_set_header")}
    assert _one(location, "proxy_http_version")[1] == ["1.1"]
    assert headers["upgrade"] == "$http_upgrade"
    connection = headers["connection"]
    mapping = _one(http, "map", ["$http_upgrade", connection])[2]
    assert {tuple(d[1]) for d in mapping} == {("upgrade",), ("close",)}
    assert {d[0] for d in mapping} == {"default", ""}
    assert headers["host"] == "$http_host"  # with its port: Streamlit compares the WebSocket's Origin with it
    timeout = _one(location, "proxy_read_timeout")[1][0]
    assert int(timeout.rstrip("s")) >= 600  # an idle student's WebSocket is not cut after nginx's 60 s


def test_nginx_lets_through_the_uploads_streamlit_accepts():
    server = _one(_nginx_http(), "server")[2]
    size = _one(server, "client_max_body_size")[1][0]
    assert size == f"{_streamlit_config()['server']['maxUploadSize']}m"


def test_the_nginx_reader_reads_blocks_and_directives():
    tree = _nginx("a 1; # comment\nb { c 'x y'; d { e; } }")
    assert tree == [["a", ["1"]], ["b", [], [["c", ["x y"]], ["d", [], [["e", []]]]]]]
    with pytest.raises(AssertionError, match="unbalanced"):
        _nginx("b { c;")


# ----------------------------------------------------------------------------- where Docker answers


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not _docker_answers(), reason="no Docker daemon here: the files are checked above without it")
def test_docker_compose_accepts_both_files():
    for files in (["docker-compose.yml"], ["docker-compose.yml", "docker-compose.gpu.yml"]):
        cmd = ["docker", "compose", *[a for f in files for a in ("-f", f)], "config", "--quiet"]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, shlex.join(cmd) + "\n" + proc.stderr
