"""The Autoencoders and Transfer learning pages' code: the ``tfdl.experiments`` call each page makes."""

from __future__ import annotations

__all__ = ["autoencoder_code", "transfer_code"]


def autoencoder_code(size: int, latent_dim: int, epochs: int, noise_level: float, seed: int) -> str:
    """Python that trains the Autoencoders page's pair (:func:`tfdl.experiments.train_autoencoders`).

    Formula: ``x̂ = D(E(x))``, trained on the binary cross-entropy between ``x`` and ``x̂``; the denoising
    one (Vincent et al. 2008) sees corrupted inputs and the clean target.

    Args:
        size, latent_dim, epochs, noise_level, seed: the page's image size, code size, epochs, training
            noise of the denoising autoencoder and seed.

    Returns:
        str: lines of Python; they print the test MSE of the autoencoder and of the denoising one.

    Example:
        >>> autoencoder_code(16, 8, 10, 0.3, 0).splitlines()[2]
        'trained = train_autoencoders(16, latent_dim=8, epochs=10, noise_level=0.3, seed=0)'
    """
    return "\n".join(
        [
            "from tfdl.experiments import train_autoencoders",
            "",
            f"trained = train_autoencoders({int(size)}, latent_dim={int(latent_dim)}, epochs={int(epochs)}, "
            f"noise_level={float(noise_level)!r}, seed={int(seed)})",
            "print(trained.test_error['plain'])  # test MSE, autoencoder",
            "print(trained.test_error['denoising'])  # test MSE, denoising autoencoder",
            "z = trained.plain.get_layer('encoder')(trained.x_test[:1])  # the code of the first test digit",
            "print(z.shape)",
        ]
    )


def transfer_code(
    shots: int, epochs: int, pretrain: int, fine_tune_epochs: int, fine_tune_layers: int, seed: int
) -> str:
    """Python that repeats the Transfer learning page: :func:`tfdl.experiments.pretrain_source` on digits 0–4,
    then :func:`tfdl.experiments.transfer_vs_scratch` on a few images of 5–9.

    Args:
        shots: images per class of 5–9; epochs: epochs on them; pretrain: pretraining epochs on 0–4.
        fine_tune_epochs, fine_tune_layers: phase 2 (0 epochs: none) and the layers it unfreezes.
        seed: the seed of both calls.

    Returns:
        str: lines of Python; they print the source network's accuracy on 0–4 and the final and mean
        validation accuracies on 5–9 of transfer and scratch.

    Example:
        >>> transfer_code(3, 15, 5, 0, 1, 0).splitlines()[2]
        'base = pretrain_source(epochs=5, seed=0)  # the small CNN on every training image of 0–4'
    """
    return "\n".join(
        [
            "from tfdl.experiments import pretrain_source, transfer_vs_scratch",
            "",
            f"base = pretrain_source(epochs={int(pretrain)}, seed={int(seed)})"
            "  # the small CNN on every training image of 0–4",
            "print(base.accuracy)  # the source network on 0–4",
            f"result = transfer_vs_scratch(base.model, {int(shots)}, epochs={int(epochs)}, "
            f"fine_tune_epochs={int(fine_tune_epochs)},",
            f"                             fine_tune_layers={int(fine_tune_layers)}, seed={int(seed)})",
            "print(result.final())  # accuracy on the test images of 5–9 after the last epoch",
            "print(result.mean_accuracy())  # the mean over the epochs (the area under the curve)",
        ]
    )
