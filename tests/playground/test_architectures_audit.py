"""Architectures › Parameter audit (AppTest): the three totals and their named differences, in
English at torchvision's input (ResNet-18: 9,600 moving statistics) and in Russian at a smaller
input, where the page compares with a PyTorch-style count and says where torchvision's applies."""

from tests.playground.pages import open_page


def _audit(lang, **query):
    return open_page(
        "architectures", query={"arch_model": "resnet18", **query}, state={"arch_audit": True}, lang=lang, timeout=240
    )


def test_parameter_audit_reconciles_keras_trainable_and_torchvision_in_english():
    at = _audit("en")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # Reference: torchvision's ResNet18_Weights.IMAGENET1K_V1 num_params; 2·4,800 BN channels of statistics
    assert metrics["Keras total"] == "11,699,112"
    assert metrics["Trainable"] == metrics["torchvision (PyTorch)"] == "11,689,512"
    texts = [m.value for m in at.markdown]
    assert "**Keras total − 11,689,512 = 9,600**, made of:" in texts
    assert any(
        t.startswith("- **9,600** — BatchNormalization moving mean and variance") and "(20 layers)" in t for t in texts
    )
    table = at.dataframe[-1].value
    stem = table[table["name"] == "stem_conv"].iloc[0]
    assert (stem["formula"], stem["with the numbers"], stem["parameters"]) == ("k·k·C_in·C_out", "7·7·3·64", "9,408")


def test_parameter_audit_in_russian_at_a_small_input():
    at = _audit("ru", arch_h=64, arch_w=64)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Всего в Keras"] == "11\u202f699\u202f112"  # conv and dense counts do not depend on the input
    assert metrics["Без различий ниже"] == "11\u202f689\u202f512"
    assert any("torchvision указывает 11\u202f689\u202f512 параметров для resnet18" in c.value for c in at.caption)
    assert any("(20 слоёв)" in m.value for m in at.markdown)
    assert "с числами" in at.dataframe[-1].value.columns
