"""Architectures page: GoogLeNet's auxiliary heads on request, listed with their parameter count."""

import pytest

pytest.importorskip("streamlit")

from tests.playground.pages import open_page


def test_googlenet_aux_heads_are_listed():
    at = open_page(
        "architectures", query={"arch_model": "googlenet", "arch_h": 96, "arch_w": 96, "arch_aux": "true"}, timeout=300
    )
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    heads = table[table.iloc[:, 0].str.startswith("aux")]
    assert {"aux1_predictions", "aux2_predictions", "aux1_fc"} <= set(heads.iloc[:, 0])
    # each head: conv1×1 (512 or 528 → 128), FC 128→1024 (96×96: 6×6 maps → 1×1 after pool 5/3), FC 1024→1000
    expected = sum(c * 128 + 128 + 128 * 1024 + 1024 + 1024 * 1000 + 1000 for c in (512, 528))
    assert int(heads.iloc[:, 3].sum()) == expected
    assert any("auxiliary heads" in c.value for c in at.caption)
