"""Issue 15's features in a real browser, each checked against the library's own numbers (a page
never shows something other than what it computes), each saving its README screenshot:
the parameter audit and the receptive-field tracer (Architectures), the beam-search tree
(Sequences › Seq2seq), the interpretation sanity check (Inside) and Stop / Resume / compare (Train)."""

import re

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOT_SIZE, open_app, press, save_screenshot, type_into, wait_for_run

LONG = 120_000  # ms


def _open_expander(page, label: str):
    """Open the lazy expander labelled ``label`` (its content is built by the rerun this starts)."""
    expander = page.get_by_test_id("stExpander").filter(has_text=label).first
    expander.locator("summary").first.click()
    wait_for_run(page)
    return expander


def _metric(scope, label: str) -> str:
    metric = scope.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _ru(n: int) -> str:
    """A count as the Russian interface writes it: groups of three with a narrow no-break space."""
    return f"{n:,}".replace(",", "\u202f")


def _shoot(page, element, screenshot_dir, name: str, below_header: int = 70) -> None:
    """The README's 1280 × 800 window with ``element`` ``below_header`` pixels from its top, saved as
    ``name.png``."""
    page.set_viewport_size(SCREENSHOT_SIZE)
    page.mouse.move(1270, 400)  # no chart toolbar from a hover over the shot
    element.evaluate(
        """(e, offset) => { e.scrollIntoView({block: 'start'}); let p = e.parentElement;
        while (p && !(['auto', 'scroll'].includes(getComputedStyle(p).overflowY) && p.scrollHeight > p.clientHeight))
            p = p.parentElement;
        (p || document.scrollingElement).scrollBy(0, -offset); }""",
        below_header,
    )
    page.wait_for_timeout(500)
    save_screenshot(page, screenshot_dir, name)


def test_parameter_audit_reconciles_three_totals_in_russian(page, screenshot_dir):
    from tfdl.audit import TORCHVISION_TOTALS, model_formulas, reconcile
    from tfdl.models import create_model, without_weights

    with without_weights():
        model = create_model("resnet18", input_shape=(224, 224, 3))
        r = reconcile(model, TORCHVISION_TOTALS["resnet18"])
        every = model_formulas(model)
    rows = [row for row in every if row["count"]]
    open_app(page, "architectures?lang=ru&arch_model=resnet18")
    box = _open_expander(page, "Аудит параметров")
    expect(box.get_by_test_id("stMetric").first).to_be_visible(timeout=LONG)
    assert _metric(box, "Всего в Keras") == _ru(r.total)
    assert _metric(box, "Обучаемые") == _ru(r.trainable)
    assert _metric(box, "torchvision") == _ru(r.reference) == _ru(11_689_512)
    text = box.inner_text()
    assert f"Всего в Keras − {_ru(r.reference)} = {_ru(r.total - r.reference)}, из них:" in text
    assert [d.code for d in r.differences] == ["bn_moving_statistics"]  # 20 BN layers' moving mean and variance
    assert f"{_ru(r.differences[0].count)} — скользящие среднее и дисперсия BatchNormalization" in text
    assert f"({r.differences[0].layers} слоёв)" in text
    caption = f"({len(rows)} из {len(every)})"
    assert caption in text
    _shoot(page, box, screenshot_dir, "parameter_audit")


def _field_reference(model, layer: str, row: int, col: int, side: int) -> dict:
    """The cell's field per axis from ``tfdl.shapes.receptive_field`` over the layer stack (not the
    tracer's own code): size, jump, the whole field and the part inside the ``side`` × ``side`` input."""
    from tfdl.receptive import layer_stack
    from tfdl.shapes import receptive_field

    stack = layer_stack(model, layer)
    out = {}
    for axis, index in (("rows", row), ("cols", col)):
        spec = [
            {k: item[k][axis == "cols"] for k in ("kernel_size", "stride", "padding", "dilation")} for item in stack
        ]
        last = receptive_field(spec, input_size=side)[-1]
        centre, half = last["start"] + index * last["jump"], (last["size"] - 1) / 2
        out[axis] = (last["size"], last["jump"], int(centre - half), int(centre + half))
    return out


def _pick(page, select, option: str, tries: int = 3) -> None:
    """Choose ``option`` in the selectbox ``select``; a list opened while the page still reruns can close
    under the click, so the list is opened again (at most ``tries`` times) until the choice shows."""
    for _ in range(tries):
        wait_for_run(page)
        select.locator("input").click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
            continue
        wait_for_run(page)
        if select.locator("input").input_value() == option:
            return
    raise AssertionError(f"{option} could not be chosen")


def test_receptive_field_tracer_follows_the_chosen_cell(page, screenshot_dir):
    """A slider and a click on the layer's output grid pick the cell; the numbers follow."""
    from tfdl.models import create_model

    model = create_model("resnet20", input_shape=(32, 32, 3))
    layer = "stage2_block1_conv2"
    open_app(page, "architectures?arch_model=resnet20")
    box = _open_expander(page, "Receptive field of one output cell")
    layer_box = box.locator(".st-key-arch_rf_layer")
    expect(layer_box).to_be_visible(timeout=LONG)
    _pick(page, layer_box, layer)

    def shown(row: int, col: int) -> None:
        ref = _field_reference(model, layer, row, col, 32)
        (size, jump, top, bottom), (_s, _j, left, right) = ref["rows"], ref["cols"]
        expect(box.get_by_text(f"Cell ({row}, {col}) of")).to_be_visible(timeout=LONG)
        text = box.inner_text()
        clip = lambda v: min(max(v, 0), 31)
        assert (
            f"sees rows {clip(top)}…{clip(bottom)} and columns {clip(left)}…{clip(right)} of the 32 × 32 input; "
            f"its whole field is rows {top}…{bottom}, columns {left}…{right}."
        ) in text
        assert _metric(box, "Field size") == f"{size} × {size}" and _metric(box, "Jump") == f"{jump} × {jump}"

    shown(8, 8)  # the middle cell of the 16 × 16 output: all of its field is inside the picture
    thumb = box.locator(".st-key-arch_rf_col_" + layer + "_16").get_by_role("slider")
    thumb.press("Home")  # the left edge: the field hangs over the zero padding
    wait_for_run(page)
    shown(8, 0)
    assert _metric(box, "Padding offset") == "-9; -9"  # start 1 − (21 − 1)/2
    grid = box.locator(".st-key-arch_rf_cell canvas.tfdl-cellgrid")  # the layer's 16 × 16 output cells
    expect(grid).to_be_visible(timeout=LONG)
    side = grid.bounding_box()
    grid.click(position={"x": side["width"] * 12.5 / 16, "y": side["height"] * 3.5 / 16})  # cell (3, 12)
    wait_for_run(page)
    shown(3, 12)
    for key, value in (("row", "3"), ("col", "12")):  # the sliders follow the click
        thumb = box.locator(f".st-key-arch_rf_{key}_{layer}_16").get_by_test_id("stSliderThumbValue")
        expect(thumb).to_have_text(value, timeout=LONG)
    _shoot(page, layer_box, screenshot_dir, "receptive_field")


SEQ_LINK = "sequences?lang=ru&seq_n_train=300&seq_epochs=2&seq_units=16&seq_max_len=4&seq_beam=2"


def _table(page, testid_index: int = 0) -> list[list[str]]:
    """The rows of a visible ``st.dataframe`` as text (its grid keeps an accessible table in the DOM)."""
    grid = page.get_by_test_id("stDataFrame").locator("visible=true").nth(testid_index)
    return [[c.text_content() for c in row.locator("td, th").all()] for row in grid.locator("tr").all()]


def _path_tokens(svg, mark: str) -> list[str]:
    """The tokens from the root to the final node marked ``mark`` (``#1``), read from the SVG: node titles
    (``n12``), edge titles (``n3->n12``) and each node's first text (its token)."""
    graph = svg.evaluate("""s => ({
        nodes: Object.fromEntries([...s.querySelectorAll('g.node')].map(g => [g.querySelector('title').textContent,
            [...g.querySelectorAll('text')].map(t => t.textContent)])),
        edges: [...s.querySelectorAll('g.edge title')].map(t => t.textContent.split('->'))})""")
    parent = {child: up for up, child in graph["edges"]}
    node = next(n for n, texts in graph["nodes"].items() if mark in texts)
    tokens = []
    while node in parent:
        tokens.append(graph["nodes"][node][0] if graph["nodes"][node][0] != mark else graph["nodes"][node][1])
        node = parent[node]
    return tokens[::-1]


def test_beam_search_tree_shows_the_same_beams_as_the_table_in_russian(page, screenshot_dir):
    from tfdl.viz.formatting import format_number

    open_app(page, SEQ_LINK)
    press(page, "seq_train")
    box = page.locator(".st-key-seq_input input")
    box.fill("314")
    box.press("Enter")
    wait_for_run(page)
    tree_svg = page.get_by_test_id("stGraphVizChart").locator("svg").first
    expect(tree_svg).to_be_visible(timeout=LONG)
    # the table above comes from decode_text(method="beam"), the tree from beam_search(return_tree=True):
    # the tree's best final beam is the table's beam row (log p and score, 4 decimals there, 2 here)
    rows = {row[0]: row for row in _table(page) if row}
    beam_row = rows["лучевой, k=2"]
    log_p, score = (float(v.replace("−", "-").replace(",", ".")) for v in beam_row[2:4])
    num = lambda v: format_number(v, ".2f", locale="ru")
    best = tree_svg.locator("g.node.final").filter(has_text="#1").first.text_content()
    assert f"log p {num(log_p)}" in best and f"оценка {num(score)}" in best, (best, beam_row)
    assert "".join(_path_tokens(tree_svg, "#1")) == beam_row[1] + "</s>"  # the path #1 ends is the table's output
    assert tree_svg.locator("g.node.final").count() == 2  # k final beams, #1 and #2
    second = tree_svg.locator("g.node.final").filter(has_text="#2").first.text_content()
    second_score = float(second.split("оценка")[1].split("#")[0].replace("−", "-").replace(",", "."))
    assert second_score <= score + 0.005  # #1 is the best
    caption = "ширина луча k = 2; оценка = log p / длина^α, α = 1,00"
    assert caption in tree_svg.text_content()
    expect(page.get_by_text("Куда смотрит каждый итоговый луч")).to_be_visible()
    _shoot(page, page.get_by_text("Дерево лучевого поиска").first, screenshot_dir, "beam_tree")
    _shoot(page, page.get_by_text("Дерево лучевого поиска").first, screenshot_dir, "beam_tree")


def _epoch_shown(page) -> int:
    """The epoch the live progress bar says (``epoch k/n, loss …``), 0 before the first."""
    text = page.get_by_test_id("stProgress").first.text_content() or ""
    found = re.search(r"epoch (\d+)/", text)
    return int(found.group(1)) if found else 0


def _train_until_then_stop(page, button: str, epoch: int) -> int:
    """Press ``button`` (Train or Resume), wait until the live bar passes ``epoch``, press Stop;
    returns the last epoch the bar showed before Stop."""
    page.locator(f".st-key-{button} button").first.click()
    page.wait_for_function(
        "n => { const m = /epoch (\\d+)\\//.exec(document.querySelector('[data-testid=\"stProgress\"]')"
        "?.textContent || ''); return m && +m[1] >= n; }",
        arg=epoch,
        timeout=LONG,
    )
    seen = _epoch_shown(page)
    page.locator(".st-key-train_stop button").first.click()
    wait_for_run(page)
    return seen


def _straight_2d_run(epochs: int) -> tuple[float, float]:
    """The Train page's 2-D run (its defaults, XOR, hidden 4, 2) straight for ``epochs`` epochs:
    the last training loss and the test accuracy (``tfdl.training``, the page's seed and calls)."""
    import keras

    import tfdl.training as T
    from tfdl.data import make_toy2d

    (x, y), (xt, yt) = make_toy2d("xor", n_samples=400, noise=0.0, train_ratio=0.5, seed=0)
    model = T.build_mlp((4, 2), "tanh", "xavier", features=("x1", "x2"), seed=0)
    result = T.fit(
        model,
        x,
        y,
        epochs=epochs,
        batch_size=16,
        seed=0,
        optimizer=keras.optimizers.Adam(0.03),
        jit_compile=False,
        reinitialize=True,
        validation_data=(xt, yt),
    )
    return float(result.history["loss"].iloc[-1]), T.evaluate(result.model, xt, yt).accuracy


def test_stop_keeps_the_epochs_resume_continues_and_two_runs_overlay(page, screenshot_dir):
    open_app(page, "train?train_epochs=3&train_hidden=4&train_dataset=xor")
    press(page, "train_go")  # run #1: three epochs, one hidden layer of 4
    expect(page.get_by_test_id("stMetric").filter(has_text="Epochs")).to_contain_text("3", timeout=LONG)
    type_into(page, "train_epochs", 500)
    hidden = page.locator(".st-key-train_hidden input")
    hidden.fill("4, 2")
    hidden.press("Enter")
    wait_for_run(page)
    first = _train_until_then_stop(page, "train_go", 2)  # run #2: 500 epochs, stopped early
    notice = page.get_by_text(re.compile(r"Stopped at epoch \d+ of 500\."))
    expect(notice).to_be_visible(timeout=LONG)
    k = int(re.search(r"epoch (\d+) of", notice.text_content()).group(1))
    assert k >= first >= 2  # every epoch the bar showed is kept (one more may finish before Stop lands)
    assert _metric(page, "Epochs") == str(k)  # the history holds exactly the finished epochs
    # ... and the model shown is the one after those k epochs, not one that trained on until Stop landed
    # (a straight run of k epochs with the page's seed and settings gives the same loss and accuracy)
    loss, accuracy = _straight_2d_run(k)
    assert _metric(page, "Train loss") == f"{loss:.4g}" and _metric(page, "Test accuracy") == f"{accuracy:.1%}"
    expect(page.locator(".st-key-train_resume button")).to_have_text(f"▶ Resume (epochs {k + 1}–500)")
    # Resume: the same run goes on from epoch k + 1 (the bar counts on from there), then Stop again
    again = _train_until_then_stop(page, "train_resume", k + 1)
    notice = page.get_by_text(re.compile(r"Stopped at epoch \d+ of 500\."))
    expect(notice).to_be_visible(timeout=LONG)
    k2 = int(re.search(r"epoch (\d+) of", notice.text_content()).group(1))
    assert k2 >= again > k and _metric(page, "Epochs") == str(k2)  # one history, numbered on: k + (k2 − k)
    # both runs' losses on one chart, each with its settings in the legend
    expect(page.get_by_text("This session's last runs")).to_be_visible(timeout=LONG)
    legend = page.get_by_test_id("stVegaLiteChart").filter(has_text="#2 ").last.text_content()
    assert "#1 hidden=4, lr=0.03" in legend and "#2 hidden=4, 2, lr=0.03" in legend
    assert f"{k2}.0" in legend  # run #2's curve goes on to its last kept epoch
    _shoot(page, page.get_by_test_id("stMetric").first, screenshot_dir, "stop_resume_compare", below_header=58)


def test_sanity_check_shows_the_librarys_rank_correlations(page, screenshot_dir):
    import numpy as np

    import tfdl.interpret as I
    from tfdl.data import load_digits
    from tfdl.viz.formatting import format_number

    page.goto("/inside?in_size=8&in_epochs=1&in_view=sanity&in_sc_samples=2")  # the server trains meanwhile
    model, accuracy = I.train_digits_cnn(8, 1, 0)  # the page's model: the same seed, deterministic on CPU
    x = load_digits(size=8)[1][0][0]  # test digit #0, the page's default
    predicted = int(np.argmax(np.asarray(model(x[None], training=False))[0]))
    result = I.sanity_check(model, x, class_index=predicted, seed=0, n_samples=2)
    wait_for_run(page)
    caption = page.get_by_text("After every layer is random:")
    expect(caption).to_be_visible(timeout=LONG)
    num = lambda v: format_number(v, ".2f", locale="en")
    titles = {
        "saliency": "saliency",
        "smoothgrad": "SmoothGrad",
        "guided_backprop": "guided backprop",
        "grad_cam": "Grad-CAM",
    }
    final = ", ".join(
        f"{titles[m]} ρ = {num(rho[-1]) if rho[-1] == rho[-1] else 'undefined (a constant map)'}"
        for m, rho in result.correlations.items()
    )
    assert f"After every layer is random: {final}." in caption.text_content()
    assert result.correlations["saliency"][0] == pytest.approx(1.0)  # the trained model against itself
    expect(page.get_by_text(f"Test accuracy: {format_number(accuracy, '.1%', locale='en')}")).to_be_visible()
    expect(page.get_by_text(f"predicted {predicted}")).to_be_visible()
    _shoot(page, page.get_by_text("Sanity check", exact=True).last, screenshot_dir, "sanity_check")
