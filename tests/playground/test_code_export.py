"""Each page's "The same in code" expander, opened, shows the page's setup as code (its numbers:
tests/test_codegen_runs.py runs the generated code)."""

from tests.playground.pages import open_page


def test_architectures_and_optimisers_pages_show_their_setup_as_code():
    at = open_page(
        "architectures", query={"arch_model": "lenet5", "arch_h": "40"}, state={"arch_code": True}, timeout=120
    )
    assert not at.exception
    code = at.code[0].value
    assert "model = create_model('lenet5', input_shape=(40, 32, 1))" in code and "model.count_params()" in code

    at = open_page("optimizers", state={"opt_code": True, "opt_steps": 20}, timeout=120)
    assert not at.exception
    code = [c.value for c in at.code if "trajectories" in c.value][0]
    assert "steps=20" in code and "run(optimizers, surface" in code
    assert "make_optimizer('SGD', learning_rate=" in code  # the default race starts with SGD


def test_train_page_shows_the_2d_run_as_code_in_russian():
    at = open_page(
        "train", state={"train_code": True, "train_epochs": 7, "train_hidden": "5, 3"}, lang="ru", timeout=120
    )
    assert not at.exception
    code = at.code[0].value
    assert "model = build_mlp((5, 3), 'tanh', 'xavier'" in code
    assert "epochs=7" in code and "make_toy2d('circle', n_samples=400" in code
    assert "То же в коде" in [e.label for e in at.expander]
