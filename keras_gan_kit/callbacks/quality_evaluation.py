"""Sample-quality metrics (FID, KID, ...) written into the logs during
training."""

import keras

from keras_gan_kit.metrics import evaluation


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class QualityEvaluation(keras.callbacks.Callback):
    """Scores the generator every few epochs and writes the scores to `logs`.

    The real statistics are computed once, at the first evaluation (or
    loaded beforehand into metric objects with `load_real_statistics`).
    Each evaluation draws `num_samples` images from the same fixed latents
    (and balanced labels for a `ConditionalGAN`), with the EMA generator
    when one is attached, and puts the results (`fid`, `kid`, `kid_std`,
    `precision`, `recall`, `classifier_score`, `conditional_accuracy`) into
    the epoch's `logs`. Place it before `EarlyStopping`, `CSVLogger` or
    `GeneratorCheckpoint(monitor="fid")` in the callback list, so they see
    the scores; `History` always does.

    Args:
        real_data: Real images in the extractor's range, an array or an
            iterable of batches (or `None` when the metric objects hold
            real statistics already).
        metrics: Names (`"fid"`, `"kid"`, `"precision_recall"`,
            `"classifier_score"`, `"conditional_accuracy"`) or metric
            objects. Defaults to `("fid",)`.
        feature_extractor: For metrics given by name: `"mnist"`,
            `"fashion_mnist"`, `"inception_v3"`, a `FeatureExtractor` or a
            Keras model. Defaults to `None`.
        every_n_epochs: Evaluate after every n-th epoch (and never in
            between, where the keys are absent). Defaults to `1`.
        num_samples: Generated images per evaluation. Defaults to `2000`.
        batch_size: Images per forward pass. Defaults to `128`.
        seed: Seed of the fixed latents. Defaults to `0`.
        use_ema: Sample with the EMA generator (`None`: when attached).
            Defaults to `None`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit

    callback = keras_gan_kit.callbacks.QualityEvaluation(
        np.zeros((300, 28, 28, 1), "float32"),
        metrics=["fid", "kid"],
        feature_extractor="mnist",
        num_samples=500,
    )
    print([type(m).__name__ for m in callback.metrics])
    # ['FrechetDistance', 'KernelDistance']
    ```
    """

    def __init__(
        self,
        real_data=None,
        metrics=("fid",),
        feature_extractor=None,
        every_n_epochs=1,
        num_samples=2000,
        batch_size=128,
        seed=0,
        use_ema=None,
    ):
        super().__init__()
        if int(every_n_epochs) < 1:
            raise ValueError(
                f"every_n_epochs must be a positive integer; received "
                f"{every_n_epochs}."
            )
        self.real_data = real_data
        self.metrics = evaluation.build_metrics(metrics, feature_extractor)
        self.every_n_epochs = int(every_n_epochs)
        self.num_samples = num_samples
        self.batch_size = int(batch_size)
        self.seed = seed
        self.use_ema = use_ema

    def evaluate(self):
        """Scores the model now; returns `{key: float}`."""
        return evaluation.score(
            self.metrics,
            self.model,
            self.real_data,
            self.num_samples,
            seed=self.seed,
            batch_size=self.batch_size,
            use_ema=self.use_ema,
        )

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        scores = self.evaluate()
        if logs is not None:
            logs.update(scores)

    def get_config(self):
        return {
            "metrics": [
                keras.saving.serialize_keras_object(m) for m in self.metrics
            ],
            "every_n_epochs": self.every_n_epochs,
            "num_samples": self.num_samples,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "use_ema": self.use_ema,
        }
