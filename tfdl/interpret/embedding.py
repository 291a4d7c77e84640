"""The space a classifier builds: penultimate-layer embeddings, PCA, t-SNE, nearest neighbours.

The layer before the classifier maps each input to a vector in which classes are (nearly)
linearly separable; neighbours there are semantically similar images even when their pixels
differ (Krizhevsky et al., 2012), and a 2-D map by PCA or t-SNE shows the clusters
(van der Maaten & Hinton, 2008).

Example:
    >>> import numpy as np, tfdl
    >>> tfdl.interpret.pca(np.random.rand(50, 8), n_components=2).shape
    (50, 2)
"""

from __future__ import annotations

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.interpret import _probe
from tfdl.validation import deprecated_names, int_min_error

__all__ = ["penultimate_layer", "embeddings", "pca", "tsne", "nearest_neighbors"]


def penultimate_layer(model) -> str:
    """Name of the layer whose output feeds the classifier (the last layer with weights).

    Args:
        model: a built single-input, single-output Keras model.

    Returns:
        the layer name (e.g. ``"fc1"`` for ``… → fc1 → Dense(classes, softmax)``).

    Example:
        >>> penultimate_layer(cnn)
        'fc1'
    """
    _probe.check_model(model)
    layer = model.outputs[0]._keras_history.operation
    while not layer.weights:
        layer = layer.input._keras_history.operation
        if "Input" in layer.__class__.__name__:
            raise TfdlValueError(
                "classifier_no_weights",
                "`model` {model_name!r} has no layer with weights to find a classifier",
                model_name=model.name,
            )
    feeder = layer.input._keras_history.operation
    if "Input" in feeder.__class__.__name__:
        raise TfdlValueError(
            "classifier_no_hidden",
            "The classifier {layer_name!r} of `model` reads the input directly: there is no hidden layer to embed",
            layer_name=layer.name,
        )
    return feeder.name


def embeddings(model, x, layer_name: str | None = None, batch_size: int = 256):
    """Embed inputs with a layer of the model (default: the penultimate one), flattened.

    ``z = φ(x)``: the activations of ``layer_name`` reshaped to vectors.

    Args:
        model: a built single-input, single-output Keras model.
        x: a batch of inputs.
        layer_name: the layer to read; ``None`` = :func:`penultimate_layer`.
        batch_size: examples per forward pass.

    Returns:
        numpy float32 array ``(N, d)``.

    Example:
        >>> embeddings(cnn, np.zeros((5, 8, 8, 1))).shape
        (5, 32)
    """
    from tfdl.interpret.features import layer_activations

    if layer_name is None:
        layer_name = penultimate_layer(model)
    xb, _ = _probe.as_batch(model, x)
    a = layer_activations(model, xb, [layer_name], batch_size=batch_size)[layer_name]
    return a.reshape(len(a), -1).astype("float32")


def _matrix(x, name="x"):
    x = np.asarray(x, dtype="float64")
    if x.ndim != 2 or len(x) == 0:
        raise TfdlValueError(
            "embedding_array_2d",
            "`{name}` must be a non-empty 2-D array (N, d). Received: {name}.shape={shape}",
            name=name, shape=x.shape,
        )
    return x


def pca(x, n_components: int = 2, *, return_explained: bool = False):
    """Principal component analysis by SVD: project centred data onto its top directions.

    ``X_c = X − mean(X) = U Σ Vᵀ``; the projection is ``Z = X_c V_{:, :k} = U_{:, :k} Σ_k`` and
    the explained variance ratios are ``σ_i² / Σ_j σ_j²``. Signs are fixed so that the largest
    entry of each direction ``V_{:, i}`` is positive (SVD leaves them arbitrary).

    Args:
        x: data ``(N, d)``.
        n_components: ``k``, between 1 and ``min(N, d)``.
        return_explained: also return the explained variance ratios.

    Returns:
        ``Z`` ``(N, k)`` (and the ``(k,)`` ratios if asked).

    Example:
        >>> pca(np.random.rand(10, 4), 3).shape
        (10, 3)

    Paper: K. Pearson, "On lines and planes of closest fit to systems of points in space", 1901.
    """
    x = _matrix(x)
    if not isinstance(n_components, (int, np.integer)) or not 1 <= n_components <= min(x.shape):
        raise TfdlValueError(
            "n_components_range",
            "`n_components` must be an integer in [1, {most}] (min of N and d). Received: "
            "n_components={n_components!r}",
            most=min(x.shape), n_components=n_components,
        )
    xc = x - x.mean(axis=0)
    u, sigma, vt = np.linalg.svd(xc, full_matrices=False)
    v = vt[:n_components].T
    signs = np.sign(v[np.abs(v).argmax(axis=0), np.arange(n_components)])
    signs[signs == 0] = 1.0
    z = (xc @ v) * signs
    if not return_explained:
        return z.astype("float32")
    total = float((sigma**2).sum())
    ratios = (sigma[:n_components] ** 2) / total if total > 0 else np.zeros(n_components)
    return z.astype("float32"), ratios


def tsne(x, n_components: int = 2, *, perplexity: float = 30.0, seed: int = 0, max_iter: int = 500,
         method: str = "barnes_hut"):
    """t-SNE map of the data (scikit-learn's implementation), initialised by PCA.

    Neighbour probabilities ``p_{j|i} ∝ exp(−‖x_i − x_j‖²/2σ_i²)`` (``σ_i`` set by the
    perplexity) are matched by Student-t similarities ``q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹`` in the map,
    minimising ``KL(P‖Q)``. Local neighbourhoods are kept; global distances are not meaningful.

    Args:
        x: data ``(N, d)``.
        n_components: map dimension (2 or 3).
        perplexity: effective number of neighbours, ``0 < perplexity < N``.
        seed: random seed.
        max_iter: optimisation steps (>= 250).
        method: ``"barnes_hut"`` (O(N log N), for thousands of points) or ``"exact"`` (O(N²), steadier
            for a few hundred).

    Returns:
        numpy float32 array ``(N, n_components)``.

    Example:
        >>> tsne(np.random.rand(40, 5), perplexity=10).shape
        (40, 2)

    Paper: L. van der Maaten, G. Hinton, "Visualizing Data using t-SNE", JMLR 2008.
    """
    from sklearn.manifold import TSNE

    x = _matrix(x)
    if n_components not in (2, 3):
        raise TfdlValueError(
            "n_components_tsne",
            "`n_components` must be 2 or 3. Received: n_components={n_components!r}",
            n_components=n_components,
        )
    if not 0 < perplexity < len(x):
        raise TfdlValueError(
            "perplexity_range",
            "`perplexity` must be in (0, N) with N={n_points} points. Received: perplexity={perplexity!r}",
            n_points=len(x), perplexity=perplexity,
        )
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 250:
        raise int_min_error("max_iter", max_iter, 250)
    if method not in ("barnes_hut", "exact"):
        raise TfdlValueError(
            "tsne_method",
            "`method` must be 'barnes_hut' or 'exact'. Received: method={method!r}",
            method=method,
        )
    model = TSNE(
        n_components=n_components, perplexity=float(perplexity), init="pca",
        random_state=seed, max_iter=int(max_iter), method=method,
    )
    return model.fit_transform(x).astype("float32")


def nearest_neighbors(queries, bank, k: int = 5, *, metric: str = "euclidean", exclude_self: bool = False):
    """The ``k`` nearest rows of ``bank`` to each query, nearest first.

    Euclidean: ``d(q, b) = ‖q − b‖₂`` (via ``‖q‖² + ‖b‖² − 2 q·b``); cosine:
    ``d = 1 − q·b / (‖q‖ ‖b‖)``.

    Args:
        queries: ``(Q, d)`` vectors (or one ``(d,)`` vector).
        bank: ``(N, d)`` vectors to search.
        k: neighbours per query, ``1 <= k <= N`` (``N − 1`` with ``exclude_self``).
        metric: ``"euclidean"`` or ``"cosine"``.
        exclude_self: the queries are rows of ``bank`` in the same order; skip each one's own row.

    Returns:
        ``(indices, distances)``: int64 and float32 arrays ``(Q, k)`` (``(k,)`` for one query).

    Example:
        >>> idx, dist = nearest_neighbors(np.zeros((2, 3)), np.random.rand(10, 3), k=4)
        >>> idx.shape
        (2, 4)
    """
    single = np.ndim(queries) == 1
    q = _matrix(np.atleast_2d(queries), "queries")
    b = _matrix(bank, "bank")
    if q.shape[1] != b.shape[1]:
        raise TfdlValueError(
            "neighbors_dimension",
            "`queries` and `bank` must have the same dimension. Received: {query_dim} and {bank_dim}",
            query_dim=q.shape[1], bank_dim=b.shape[1],
        )
    limit = len(b) - (1 if exclude_self else 0)
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= limit:
        raise TfdlValueError(
            "int_range",
            "`{name}` must be an integer in [{low}, {high}]. Received: {name}={value!r}",
            name="k", low=1, high=limit, value=k,
        )
    if metric == "euclidean":
        d2 = (q**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2.0 * q @ b.T
        d = np.sqrt(np.maximum(d2, 0.0))
    elif metric == "cosine":
        qn = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        bn = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
        d = 1.0 - qn @ bn.T
    else:
        raise TfdlValueError(
            "neighbors_metric",
            "`metric` must be 'euclidean' or 'cosine'. Received: metric={metric!r}",
            metric=metric,
        )
    if exclude_self:
        if len(q) > len(b):
            raise TfdlValueError("exclude_self_rows", "`exclude_self` needs the queries to be the first rows of `bank`")
        d[np.arange(len(q)), np.arange(len(q))] = np.inf
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    dist = np.take_along_axis(d, idx, axis=1)
    if single:
        return idx[0].astype("int64"), dist[0].astype("float32")
    return idx.astype("int64"), dist.astype("float32")


# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.interpret.embedding", {"nearest_neighbours": "nearest_neighbors"})
