"""The package's frame: light imports, the registry's errors, the set-up commands and CI."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _fresh_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return set(out.stdout.split())


def test_import_tfdl_and_shapes_do_not_import_tensorflow():
    mods = _fresh_modules("import tfdl, tfdl.shapes")
    assert "tensorflow" not in mods and "keras" not in mods and "streamlit" not in mods


def test_tfdl_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "tfdl").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_lazy_submodule_and_unknown_attribute():
    import tfdl

    assert tfdl.shapes.conv_output_size(28, 3) == 26
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tfdl.nope  # noqa: B018


@pytest.mark.parametrize("package", ["codegen", "data", "embeddings", "experiments", "functional", "interpret",
                                     "layers",
                                     "metrics", "models", "optimizers", "viz"])
def test_package_reexports_every_public_name_of_its_modules(package):
    """Each package ``__init__`` imports its modules' public names explicitly (so IDEs and type
    checkers see them); a module added without its line in ``__init__`` fails here."""
    import importlib
    import pkgutil

    pkg = importlib.import_module(f"tfdl.{package}")
    expected = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"tfdl.{package}.{info.name}")
            expected += list(getattr(module, "__all__", ()))
            for name in getattr(module, "__all__", ()):
                assert getattr(pkg, name) is getattr(module, name), name
    assert len(set(pkg.__all__)) == len(pkg.__all__)  # no name twice
    assert sorted(pkg.__all__) == sorted(expected)
    init = (ROOT / "tfdl" / package / "__init__.py").read_text(encoding="utf-8")
    assert "import_module" not in init and "globals()" not in init  # plain imports only


def test_light_packages_do_not_import_tensorflow():
    mods = _fresh_modules(
        "import tfdl.functional, tfdl.shapes, tfdl.filters, tfdl.data, tfdl.viz")
    assert "tensorflow" not in mods and "keras" not in mods


def test_numpy_modules_do_not_import_tensorflow():
    """The numpy metrics, the argument checks, the initialiser table, the activations and the
    worked examples stay light; the Keras loss still comes from the old path when asked for."""
    mods = _fresh_modules(
        "import tfdl.metrics, tfdl.validation, tfdl.initializers, tfdl.activations,"
        " tfdl.experiments.first_principles, tfdl.data.worked_examples\n"
        "from tfdl.metrics import confusion_matrix, iou, mean_iou, non_max_suppression")
    assert "tensorflow" not in mods and "keras" not in mods
    mods = _fresh_modules("from tfdl.metrics import TripletSemiHardLoss")
    assert "keras" in mods


def test_registry_unknown_name_teaches():
    from tfdl.models import create_model

    with pytest.raises(ValueError, match=r"`name` must be a registered model. Received: name='resnet5000'"):
        create_model("resnet5000")


def test_digits_loader_shapes_split_and_errors():
    from tfdl.data import digit_image, load_digits

    (x_train, y_train), (x_test, y_test) = load_digits(size=28, test_ratio=0.25, seed=1)
    assert x_train.shape[1:] == (28, 28, 1) and x_train.dtype == np.float32
    assert len(x_train) + len(x_test) == 1797 and abs(len(x_test) - 0.25 * 1797) <= 1
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert set(np.unique(y_test)) == set(range(10))  # stratified: every class in the test set
    image, label = digit_image(0)
    # The first scikit-learn digit is a 0 whose top row is [0 0 5 13 9 1 0 0].
    assert label == 0 and image[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    with pytest.raises(ValueError, match="`size` must be an integer >= 8. Received: size=4"):
        load_digits(size=4)
    with pytest.raises(ValueError, match="`test_ratio`"):
        load_digits(test_ratio=1.5)


def _readme_command(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker} -->", 1)[1]
    return re.search(r"```bash\n(.+?)\n```", block).group(1)


def test_ci_runs_exactly_the_readme_test_command(tmp_path):
    """.ci/run extracts the README's line; run it with a stub bash to see the exact command."""
    cmd = _readme_command("test-command")
    assert "python -m tests" in cmd and "pip install" in cmd
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # The awk extraction in .ci/run must select the same line as the README parser above.
    awk = re.search(r"cmd=\$\((awk .+? README\.md)\)", script).group(1)
    got = subprocess.run(["bash", "-c", awk], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    assert got == cmd
    assert "exit \"$rc\"" in script  # pytest's exit code (5 = no tests ran) is passed through


def test_ci_run_fails_when_no_test_ran(tmp_path):
    """Copy .ci/run next to a README whose test command collects nothing: CI must fail (exit 5)."""
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "run").write_text((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    (tmp_path / "README.md").write_text(
        "<!-- test-command -->\n```bash\n" + f"{sys.executable} -m pytest -q -p no:cacheprovider empty_dir\n```\n"
    )
    (tmp_path / "empty_dir").mkdir()
    result = subprocess.run(["bash", ".ci/run"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 5, result.stdout + result.stderr


def test_run_command_launches_the_playground():
    cmd = _readme_command("run-command")
    assert cmd.endswith("tfdl-playground")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["scripts"]["tfdl-playground"] == "playground.launch:main"
    assert meta["project"]["requires-python"] == ">=3.10"


def test_launcher_runs_streamlit_from_the_repo_root(monkeypatch):
    import playground.launch as launch

    seen = {}
    monkeypatch.setattr(launch, "run", lambda cmd, cwd, env: seen.update(cmd=cmd, cwd=cwd) or 0)
    assert launch.main(["--server.port", "8600"]) == 0
    assert seen["cmd"][1:4] == ["-m", "streamlit", "run"]
    assert seen["cmd"][4].endswith("playground/app.py") and seen["cmd"][-2:] == ["--server.port", "8600"]
    assert (Path(seen["cwd"]) / ".streamlit" / "config.toml").exists()


def test_requirements_pins():
    reqs = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for pin in ("tensorflow==2.21.*", "keras==3.15.*", "streamlit==1.67.*"):
        assert pin in reqs
    for name in ("numpy", "pandas", "matplotlib", "scikit-learn"):
        assert re.search(rf"^{name}\b", reqs, re.M)


def test_streamlit_config_is_hardened():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["headless"] is True
    assert cfg["server"]["enableXsrfProtection"] is True and cfg["server"]["enableCORS"] is True
    assert cfg["server"]["maxUploadSize"] == 5
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["showErrorDetails"] == "none"


def test_the_runner_gives_every_test_file_to_exactly_one_chunk():
    from tests.__main__ import chunk_files

    files = [f for _, chunk in chunk_files() for f in chunk]
    assert len(files) == len(set(files))
    assert set(files) == {str(f.relative_to(ROOT)) for f in (ROOT / "tests").rglob("test_*.py")}


@pytest.mark.parametrize(("codes", "expected"), [([0, 0], 0), ([0, 5], 0), ([5, 5], 5), ([0, 1, 5], 1),
                                                 ([5, 2, 1], 2)])
def test_the_runner_fails_with_the_first_failure_and_says_5_only_when_nothing_ran(codes, expected):
    from tests.__main__ import exit_code

    assert exit_code(codes) == expected
