"""Signals that catch a failing GAN, written into the logs every epoch."""

import warnings

import keras
import numpy as np


def _mean_pairwise_distance(images):
    flat = images.reshape(len(images), -1).astype("float64")
    squared = (flat**2).sum(1)
    distances = squared[:, None] + squared[None, :] - 2.0 * flat @ flat.T
    distances = np.sqrt(np.maximum(distances, 0.0))
    count = len(flat)
    return distances.sum() / (count * (count - 1))


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GANHealthMonitor(keras.callbacks.Callback):
    """Adds GAN health signals to the logs and warns about failure.

    At the end of every epoch, with both networks in inference mode, it
    writes into `logs` (so `History`, `CSVLogger` and `EarlyStopping` see
    them):

    - `d_real_accuracy`: share of real images the discriminator calls real;
    - `d_fake_accuracy`: share of generated images it calls generated;
    - `score_gap`: `real_score - fake_score` of the epoch;
    - `sample_diversity`: mean pairwise distance between generated images
      of a fixed latent batch, divided by that between real images (about 1
      when samples vary as much as the data, near 0 when they collapse).

    It warns once, in plain words, when the discriminator wins outright
    (both accuracies above `win_threshold`) or the samples collapse
    (diversity below `collapse_threshold`), and with
    `stop_on_failure=True` stops training then.

    Args:
        real_images: Real images (and, for a `ConditionalGAN`, pass
            `real_labels` too) to measure against; `num_samples` are used.
        real_labels: Labels of `real_images` for a `ConditionalGAN`.
            Defaults to `None`.
        num_samples: Images of each kind per measurement. Defaults to `256`.
        seed: Seed of the fixed latents. Defaults to `0`.
        win_threshold: Accuracy above which the discriminator "wins".
            Defaults to `0.99`.
        collapse_threshold: Diversity below which samples "collapse".
            Defaults to `0.2`.
        stop_on_failure: Stop training on either failure.
            Defaults to `False`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit

    monitor = keras_gan_kit.callbacks.GANHealthMonitor(
        np.zeros((8, 4, 4, 1), "float32"), num_samples=8
    )
    print(monitor.num_samples, monitor.stop_on_failure)
    # 8 False
    ```
    """

    def __init__(
        self,
        real_images,
        real_labels=None,
        num_samples=256,
        seed=0,
        win_threshold=0.99,
        collapse_threshold=0.2,
        stop_on_failure=False,
    ):
        super().__init__()
        real_images = np.asarray(real_images)
        if real_images.ndim < 2 or len(real_images) < 2:
            raise ValueError(
                "GANHealthMonitor needs at least 2 real images, batch first; "
                f"received an array of shape {real_images.shape}."
            )
        count = min(int(num_samples), len(real_images))
        self.real_images = real_images[:count]
        self.real_labels = (
            None if real_labels is None else np.asarray(real_labels)[:count]
        )
        self.num_samples = count
        self.seed = seed
        self.win_threshold = float(win_threshold)
        self.collapse_threshold = float(collapse_threshold)
        self.stop_on_failure = bool(stop_on_failure)
        self._warned = set()
        self._real_diversity = _mean_pairwise_distance(self.real_images)

    def _generated(self):
        model = self.model
        latent = model.sample_latent(self.num_samples, seed=self.seed)
        if hasattr(model, "num_classes"):
            labels = np.arange(self.num_samples) % model.num_classes
            images = model.generate(labels=labels, latent=latent, use_ema=False)
            return images, labels
        return model.generate(latent=latent, use_ema=False), None

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        model = self.model
        fake_images, fake_labels = self._generated()
        real_logits = model.discriminator_logits(
            self.real_images, self.real_labels
        )
        fake_logits = model.discriminator_logits(fake_images, fake_labels)
        real_accuracy = float(np.mean(real_logits > 0.0))
        fake_accuracy = float(np.mean(fake_logits <= 0.0))
        logs["d_real_accuracy"] = real_accuracy
        logs["d_fake_accuracy"] = fake_accuracy
        if "real_score" in logs and "fake_score" in logs:
            logs["score_gap"] = float(np.asarray(logs["real_score"])) - float(
                np.asarray(logs["fake_score"])
            )
        diversity_images = fake_images
        if model.ema_generator is not None:
            latent = model.sample_latent(self.num_samples, seed=self.seed)
            if fake_labels is None:
                diversity_images = model.generate(latent=latent)
            else:
                diversity_images = model.generate(
                    labels=fake_labels, latent=latent
                )
        diversity = _mean_pairwise_distance(diversity_images) / max(
            self._real_diversity, 1e-12
        )
        logs["sample_diversity"] = float(diversity)

        if min(real_accuracy, fake_accuracy) > self.win_threshold:
            self._fail(
                "discriminator_wins",
                f"Epoch {epoch + 1}: the discriminator tells real from "
                f"generated images apart almost perfectly (accuracy "
                f"{real_accuracy:.2f} on real, {fake_accuracy:.2f} on "
                "generated), so the generator gets little useful gradient. "
                "Try a smaller discriminator learning rate, label smoothing, "
                "dropout or augmentation in the discriminator, or more "
                "generator_steps.",
            )
        if diversity < self.collapse_threshold:
            self._fail(
                "mode_collapse",
                f"Epoch {epoch + 1}: generated images vary only "
                f"{diversity:.2f} times as much as real ones: the generator "
                "is collapsing onto a few outputs. Try a lower learning "
                "rate, a Wasserstein or hinge loss with a gradient penalty, "
                "or restart from an earlier checkpoint.",
            )

    def _fail(self, kind, message):
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(message, RuntimeWarning, stacklevel=2)
        if self.stop_on_failure:
            self.model.stop_training = True

    def get_config(self):
        return {
            "num_samples": self.num_samples,
            "seed": self.seed,
            "win_threshold": self.win_threshold,
            "collapse_threshold": self.collapse_threshold,
            "stop_on_failure": self.stop_on_failure,
        }
