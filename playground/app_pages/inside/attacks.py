"""Inside page: the views that push the input (an FGSM adversarial example, class models)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.common import friendly_errors
from playground.i18n import _, fmt_number
from playground.state import param

GOALS = ["untargeted"] + [str(k) for k in range(10)]
L2S = [0.0, 0.001, 0.01, 0.1, 1.0]


def adversarial(d) -> list[str]:
    """FGSM: every pixel moved by ±ε along the sign of the gradient; the prediction before and after."""
    import tfdl.interpret as I
    from tfdl.viz import interpret as V

    param("in_eps", 0.1, min=0.0, max=0.5)
    param("in_goal", "untargeted", options=GOALS)
    c1, c2 = st.columns(2)
    eps = c1.slider("ε", 0.0, 0.5, key="in_eps", step=0.01)
    goal = c2.selectbox(_("Attack"), GOALS, key="in_goal",
                        format_func=lambda g: _("untargeted") if g == "untargeted" else _("make it a {digit}").format(
                            digit=g))
    with friendly_errors():
        if goal == "untargeted":
            x_adv = I.fgsm(d.model, d.x, y=int(d.y_test[d.index]), epsilon=float(eps))
        else:
            x_adv = I.fgsm(d.model, d.x, target=int(goal), epsilon=float(eps))
        probs_adv = np.asarray(d.model(x_adv[None], training=False))[0]
        st.pyplot(V.adversarial_figure(d.x, x_adv, d.probs, probs_adv,
                                       titles=(_("input"), _("perturbation"), _("adversarial"))))
        st.markdown(_(
            "FGSM with ε = {eps}: prediction {predicted} → **{adversarial}** ({probability}); "
            "every pixel moved by at most ε."
        ).format(eps=fmt_number(eps, "g"), predicted=d.predicted, adversarial=int(np.argmax(probs_adv)),
                 probability=fmt_number(probs_adv.max(), ".0%")))
    return ["in_eps", "in_goal"]


def class_models(d) -> list[str]:
    """argmax_x S_c(x) − λ‖x‖² for every class, by gradient ascent from a blank image."""
    import tfdl.interpret as I
    from tfdl.viz import interpret as V

    param("in_l2", 0.01, options=L2S)
    param("in_steps", 100, min=10, max=300)
    c1, c2 = st.columns(2)
    l2 = c1.select_slider("λ", options=L2S, key="in_l2")
    steps = c2.slider(_("Ascent steps"), 10, 300, key="in_steps", step=10)
    with friendly_errors():
        images = I.class_model_visualization(d.model, list(range(10)), l2=float(l2), steps=int(steps))
        st.pyplot(V.image_grid_figure(images, titles=[str(k) for k in range(10)], ncols=10, cmap="gray",
                                      colorbar_label=_("each image: 0 = its darkest pixel, 1 = its brightest")))
        st.caption(_(
            "argmax_x S_c(x) − λ‖x‖² by gradient ascent from a blank image: "
            "what the network finds most typical of each class."
        ))
    return ["in_l2", "in_steps"]
