"""Exponential moving average of the generator's weights."""

import keras


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class GeneratorEMA(keras.callbacks.Callback):
    """Keeps an exponential moving average (EMA) of the generator.

    Attaches the average to the GAN as soon as `fit()` hands the model to
    its callbacks (before `BackupAndRestore` loads a backup), and from then
    on every training step updates it inside the compiled step, on every
    backend, with no Python work per step: `a <- decay * a + (1 - decay) * w`
    for each trainable weight `w`. The average is saved and restored with
    the GAN; `generate()`, `SampleGrid`, `GeneratorCheckpoint` and
    `GANHealthMonitor`'s diversity use it unless told `use_ema=False`.
    See `GAN.enable_generator_ema`.

    Paper: [Yazici et al. 2019](https://arxiv.org/abs/1806.04498).

    Args:
        decay: Weight of the old average, in (0, 1). Defaults to `0.999`.
        start_step: Generator updates before averaging starts; until then
            the average copies the weights. Defaults to `0`.

    Examples:

    ```python
    import keras_gan_kit

    ema = keras_gan_kit.callbacks.GeneratorEMA(decay=0.99)
    print(ema.get_config())
    # {'decay': 0.99, 'start_step': 0}
    ```
    """

    def __init__(self, decay=0.999, start_step=0):
        super().__init__()
        if not 0.0 < float(decay) < 1.0:
            raise ValueError(f"decay must be in (0, 1); received {decay}.")
        self.decay = float(decay)
        self.start_step = int(start_step)

    def set_model(self, model):
        super().set_model(model)
        if not hasattr(model, "enable_generator_ema"):
            raise ValueError(
                "GeneratorEMA needs a keras_gan_kit GAN or ConditionalGAN; "
                f"received a {type(model).__name__}."
            )
        model.enable_generator_ema(decay=self.decay, start_step=self.start_step)

    def get_config(self):
        return {"decay": self.decay, "start_step": self.start_step}
