"""The tree of hypotheses beam search considered, as Graphviz DOT (for ``st.graphviz_chart``).

Input is the :class:`tfdl.decoding.BeamTree` of ``beam_search(..., return_tree=True)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from tfdl.viz.sequences import _texts

__all__ = ["BEAM_TREE_TEXTS", "beam_tree_dot"]

BEAM_TREE_TEXTS = {
    "log_p": "log p",
    "score": "score",
    "more": "+{n} pruned",
    "caption": "beam width k = {k}; score = log p / length^α with α = {alpha}; grey: pruned; "
    "double border: finished at </s>; blue: the final beams (#1 = best)",
}


def _quote(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace(" ", "␣")


def beam_tree_dot(
    tree,
    token_names: Sequence[str] | Callable[[int], str],
    number: Callable[[float], str] | None = None,
    pruned_per_parent: int = 2,
    texts: Mapping[str, str] | None = None,
) -> str:
    """Draw a beam-search tree: each node is a token with its ``log p`` and ``score``.

    Formula: a child's ``log p`` is its parent's plus ``log p(token | path, x)``;
    ``score = log p / length^α``. Kept nodes are black, pruned ones grey and dashed (only the
    ``pruned_per_parent`` best of each parent are drawn, the rest counted in a ``+n`` node),
    finished ones (``</s>``) have a double border, and the final beams and the edges leading to
    them are blue, marked ``#1`` (best) … ``#k`` and given ``class="final"`` (in SVG output).

    Args:
        tree: a :class:`tfdl.decoding.BeamTree`.
        token_names: a token's text, by id (a list such as ``tokenizer.itos``, or a function).
        number: formats numbers (e.g. with a decimal comma); default ``f"{v:.2f}"``.
        pruned_per_parent: how many pruned children of each expanded node to draw.
        texts: overrides of :data:`BEAM_TREE_TEXTS` (``log_p``, ``score``, ``more`` with
            ``{n}``, ``caption`` with ``{k}`` and ``{alpha}``).

    Returns:
        DOT text (``digraph { ... }``).

    Example:
        >>> from tfdl.decoding import BeamNode, BeamTree
        >>> t = BeamTree([BeamNode(0, 0, 1, None, 0.0, 0.0, True), BeamNode(1, 1, 2, 0, -0.1, -0.1, True, True)],
        ...              1, 1.0, [1])
        >>> print('class="final"' in beam_tree_dot(t, ["<pad>", "<s>", "</s>"]))
        True

    Paper: Sutskever, Vinyals & Le, NeurIPS 2014; Wu et al., 2016 (length normalisation).
    """
    texts = _texts(BEAM_TREE_TEXTS, texts)
    num = number or (lambda v: f"{v:.2f}")
    name = token_names if callable(token_names) else (lambda t: token_names[t])
    on_final_path, rank = set(), {}
    for r, leaf in enumerate(tree.final, 1):
        rank[leaf] = r
        node = tree.nodes[leaf]
        while node is not None:
            on_final_path.add(node.id)
            node = tree.nodes[node.parent] if node.parent is not None else None
    caption = texts["caption"].format(k=tree.beam_width, alpha=num(tree.length_penalty))
    lines = [
        "digraph {",
        f'rankdir=LR; labelloc=t; label="{_quote(caption).replace("␣", " ")}"; fontsize=11;',
        "node [shape=box style=rounded fontsize=10]; edge [arrowsize=0.5];",
    ]
    children: dict[int, list] = {}
    for n in tree.nodes:
        if n.parent is not None:
            children.setdefault(n.parent, []).append(n)
    shown = [tree.nodes[0]]
    for n in tree.nodes:
        if not n.kept or n.finished or n.id not in children:
            continue
        kids = children[n.id]
        # <pad> and <s> (log p = −∞: beam search never emits them) are not drawn among the pruned
        pruned = sorted((c for c in kids if not c.kept and math.isfinite(c.log_prob)), key=lambda c: -c.log_prob)
        shown += [c for c in kids if c.kept] + pruned[:pruned_per_parent]
        if len(pruned) > pruned_per_parent:
            more = texts["more"].format(n=len(pruned) - pruned_per_parent)
            lines.append(f'm{n.id} [label="{_quote(more).replace("␣", " ")}" shape=plaintext fontcolor=gray60];')
            lines.append(f"n{n.id} -> m{n.id} [color=gray80 style=dashed];")
    for n in shown:
        label = _quote(name(n.token))
        if n.parent is not None:
            label += f"\\n{texts['log_p']} {num(n.log_prob)}\\n{texts['score']} {num(n.score)}"
        attrs = [f'label="{label}"']
        if not n.kept:
            attrs.append('color=gray70 fontcolor=gray60 style="rounded,dashed"')
        if n.finished:
            attrs.append("peripheries=2")
        if n.id in rank:
            attrs += [
                'class="final"',
                f'xlabel="#{rank[n.id]}"',
                "penwidth=2.5",
                'color="#2171b5"',
                'style="rounded,filled"',
                'fillcolor="#deebf7"',
            ]
        lines.append(f"n{n.id} [{' '.join(attrs)}];")
        if n.parent is not None:
            edge = (
                'color="#2171b5" penwidth=2'
                if n.id in on_final_path
                else ("" if n.kept else "color=gray80 style=dashed")
            )
            lines.append(f"n{n.parent} -> n{n.id} [{edge}];")
    lines.append("}")
    return "\n".join(lines)
