"""Architectures page: renders the layer table, totals and graph of small models, reacts to the
model, the input size and the graph detail, shows the builder's message for a bad input size,
compares two models, speaks Russian and opens shared links."""


import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.playground.pages import open_page


def _app(state=None, query=None) -> AppTest:
    return open_page("architectures", state=state, query=query, timeout=240)


def _metric(at, label):
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


def test_default_page_shows_lenet5_table_totals_and_graph():
    at = _app()
    assert not at.exception
    assert _metric(at, "Parameters") == "61,706"          # LeCun et al. 1998, C3 fully connected
    assert _metric(at, "FLOPs / image") == "833.04 k"     # 2 × 416,520 multiply-adds
    table = at.dataframe[0].value
    assert list(table["name"])[:3] == ["input", "c1_conv", "s2_pool"]
    row = table[table["name"] == "c5_conv"].iloc[0]
    assert row["parameters"] == 48_120 and row["output shape"] == "(1, 1, 120)"
    assert abs(table["share of total, %"].sum() - 100) < 1e-6
    assert at.get("graphviz_chart") and "c1_conv" in at.get("graphviz_chart")[0].proto.spec


def test_changing_input_size_changes_shapes_and_bad_size_shows_builder_message():
    at = _app(state={"arch_model": "resnet18", "arch_h": 64, "arch_w": 64, "arch_c": 3})
    assert not at.exception
    table = at.dataframe[0].value
    assert table[table["name"] == "stage5_block2_out"].iloc[0]["output shape"] == "(2, 2, 512)"
    assert _metric(at, "Trainable") == "11,689,512"       # torchvision resnet18
    at.number_input(key="arch_h").set_value(16).run()
    assert not at.exception
    assert at.error and "smallest size that works is (32, 32, 3)" in at.error[0].value
    # the link holds what differs from the defaults (resnet18's default input is 224 × 224 × 3)
    assert at.session_state["_link_query"] == {"arch_model": "resnet18", "arch_h": "16", "arch_w": "64"}


def test_model_switch_resets_input_and_graph_detail_switches():
    at = _app(state={"arch_model": "squeezenet1_1", "arch_h": 48, "arch_w": 48})
    assert not at.exception
    blocks = at.get("graphviz_chart")[0].proto.spec
    assert '"fire2"' in blocks and "fire2_squeeze1x1" not in blocks    # blocks collapsed
    at.radio(key="arch_detail").set_value("layers").run()
    assert "fire2_squeeze1x1" in at.get("graphviz_chart")[0].proto.spec  # every layer, clusters
    at.selectbox(key="arch_model").set_value("lenet5_modern").run()
    assert not at.exception
    assert at.number_input(key="arch_h").value == 32 and at.number_input(key="arch_c").value == 1


def test_compare_two_models_shows_the_ratio():
    at = _app(state={"arch_compare": True, "arch_other": "squeezenet1_1"})
    assert not at.exception
    assert len([m for m in at.metric if m.label == "Parameters"]) == 3
    assert any("squeezenet1_1 has 20.0× the parameters of lenet5" in i.value for i in at.info)


@pytest.mark.parametrize("lang, sentence", [
    ("en", "highway_mlp has 1.5× the parameters of lenet5 but 4.6× fewer FLOPs."),
    ("ru", "У highway_mlp в 1,5 раза больше параметров, чем у lenet5, но в 4,6 раза меньше FLOPs."),  # decimal comma
])
def test_fewer_flops_are_said_as_fewer_in_both_languages(lang, sentence):
    """A ratio below 1 is "n× fewer", never "0.2× the" (or "в 0.2 раза больше")."""
    at = _app(state={"lang": lang, "arch_compare": True, "arch_other": "highway_mlp"})
    assert not at.exception
    assert [i.value for i in at.info if "highway_mlp" in i.value] == [sentence]


def test_a_model_over_the_cap_is_refused_before_it_is_built():
    """vgg16 at 1024×1024 (a link can ask for it) would be 2.2 billion weights: refused, nothing built."""
    at = _app(query={"arch_model": "vgg16", "arch_h": 1024, "arch_w": 1024})
    assert not at.exception and not at.metric
    assert len(at.error) == 1 and at.error[0].value.startswith(
        "vgg16 at 1024×1024×3 would have 2.18 G parameters and 2,296 MiB of activations per image; "
        "this server builds models up to 150.00 M parameters")
    at.number_input(key="arch_h").set_value(224)
    at.number_input(key="arch_w").set_value(224).run()  # its default input is within the caps
    assert not at.error and _metric(at, "Parameters") == "138,357,544"


@pytest.mark.slow
def test_alexnet_vs_squeezenet_is_about_50x():
    at = _app(state={"arch_model": "alexnet", "arch_h": 227, "arch_w": 227, "arch_c": 3,
                     "arch_compare": True, "arch_other": "squeezenet1_0"})
    assert not at.exception
    assert any("alexnet has 50.0× the parameters of squeezenet1_0" in i.value for i in at.info)


def test_russian_and_shared_link():
    at = open_page("architectures", timeout=240, run=False)
    at.session_state["lang"] = "ru"
    at.query_params["arch_model"] = "highway_mlp"
    at.query_params["arch_detail"] = "stage"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Архитектуры"
    assert at.selectbox(key="arch_model").value == "highway_mlp"
    assert at.radio(key="arch_detail").value == "stage"
    assert any(m.label == "Параметры" for m in at.metric)


def test_russian_error_is_a_russian_sentence_with_the_same_numbers():
    at = _app(state={"lang": "ru", "arch_model": "resnet18", "arch_h": 16, "arch_w": 64, "arch_c": 3})
    assert not at.exception and len(at.error) == 1
    text = at.error[0].value
    assert text.startswith("`input_shape` слишком мал для resnet18") and "(32, 32, 3)" in text
    assert "(16, 64, 3)" in text and "Received" not in text
    assert not at.metric  # no totals of a model that was not built


def test_a_typed_size_out_of_range_is_clamped_with_a_notice_in_the_users_language():
    for lang, notice in (("en", "Height: 5000 is outside 1…1024; the page uses 1024."),
                         ("ru", "Высота: 5000 вне диапазона 1…1024; страница считает с 1024.")):
        at = _app(state={"lang": lang, "arch_model": "lenet5"})
        at.number_input(key="arch_h").set_value(5000).run()
        assert not at.exception
        assert at.number_input(key="arch_h").value == 1024  # the box shows what the page computes with
        assert [w.value for w in at.warning] == [notice]
        assert at.session_state["_link_query"]["arch_h"] == "1024"


def test_a_link_out_of_range_is_clamped_and_an_unknown_model_falls_back():
    at = _app(query={"arch_model": "no_such_net", "arch_c": "99", "arch_detail": "everything"})
    assert not at.exception
    assert at.selectbox(key="arch_model").value == "lenet5"
    assert at.number_input(key="arch_c").value == 16 and at.radio(key="arch_detail").value == "block"


def test_russian_graph_words_and_idea_come_from_the_catalogue():
    at = _app(state={"lang": "ru", "arch_model": "squeezenet1_1", "arch_h": 48, "arch_w": 48})
    assert not at.exception
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "(4 слоя)" in dot and "параметров" in dot and " params" not in dot and "layers)" not in dot
    idea = next(m.value for m in at.markdown if m.value.startswith("**squeezenet1_1**"))
    assert "SqueezeNet 1.1: стем 3×3 на 64 фильтра" in idea


def test_the_page_holds_no_inline_russian_and_no_old_helpers():
    from tests.playground.pages import page_path

    source = open(page_path("architectures"), encoding="utf-8").read()
    assert not re.search("[а-яА-ЯёЁ]", source)
    for old in ("tr(", "guarded(", "show_error(", "localize_figure(", "st.error(", "_RU"):
        assert old not in source, old
    assert len(source.splitlines()) <= 200


def test_russian_units():
    at = _app(state={"lang": "ru", "arch_model": "lenet5"})
    assert not at.exception
    assert _metric(at, "FLOPs на изображение") == "833,04 тыс."  # Russian decimal comma (issue 13)
    assert _metric(at, "Память активаций") == "0,0352 МиБ"
    assert _metric(at, "Параметры") == "61\u202f706"  # thousands: narrow no-break space, not "61,706"
    at = _app(state={"arch_model": "lenet5"})  # English as before
    assert _metric(at, "Activation memory").endswith(" MiB")


def test_small_activation_memory_keeps_significant_digits():
    # LeNet-5 at 32×32×1: 1,024 + 4,704 + 1,176 + 1,600 + 400 + 120 + 120 + 84 + 10 = 9,238
    # float32 outputs = 36,952 bytes = 0.0352 MiB (one decimal showed "0.0 MiB")
    at = _app(state={"arch_model": "lenet5"})
    assert not at.exception
    assert _metric(at, "Activation memory") == "0.0352 MiB"
