"""`ConditionalGAN`: a GAN whose networks also see class labels."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import backend
from keras_gan_kit.models import data_checks
from keras_gan_kit.models import network_checks
from keras_gan_kit.models.gan import GAN
from keras_gan_kit.utils.arrays import check_labels
from keras_gan_kit.utils.arrays import check_num_samples
from keras_gan_kit.utils.sampling import label_classes

LABEL_SAMPLING = ("uniform", "data")


def _labels_for(network, labels):
    """Labels as `network`'s label input (its second) takes them: `(n, 1)`
    or `(n,)`; NumPy stays NumPy."""
    shape = (-1, 1) if len(network.inputs[1].shape) == 2 else (-1,)
    if isinstance(labels, np.ndarray):
        return labels.reshape(shape)
    return ops.reshape(labels, shape)


def _class_loss(labels, class_logits):
    """The mean cross-entropy of an AC-GAN class head."""
    return ops.mean(
        keras.losses.sparse_categorical_crossentropy(
            labels, ops.cast(class_logits, "float32"), from_logits=True
        )
    )


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class ConditionalGAN(GAN):
    """A GAN conditioned on integer class labels, trained with `fit(x, y)`.

    The generator takes `[latent, labels]`. The discriminator either takes
    `[images, labels]` and returns a logit (the teaching material's label
    embedding, or a projection discriminator), or takes images and returns
    `[logits, class_logits]`: the auxiliary classifier of AC-GAN, whose
    cross-entropy both players also minimize, weighted by
    `class_loss_weight`, logged as `d_class_loss` and `g_class_loss`.

    During training the generated images get labels drawn uniformly from
    the classes (`label_sampling="uniform"`) or those of the real batch
    (`"data"`, which follows the data's label frequencies). Everything else
    (compile arguments, losses, saving, exact resumption) is as in `GAN`.

    Papers: [Mirza & Osindero 2014](https://arxiv.org/abs/1411.1784),
    [Odena et al. 2017](https://arxiv.org/abs/1610.09585) (AC-GAN),
    [Miyato & Koyama 2018](https://arxiv.org/abs/1802.05637) (projection).

    Args:
        generator: A built `keras.Model` taking `[latent, labels]`.
        discriminator: A built `keras.Model` as described above.
        num_classes: Number of classes. Read from the generator's
            `Embedding` layer or the AC-GAN class head when `None`.
            Defaults to `None`.
        latent_dim: Size of the latent vector, read from the generator
            when `None`. Defaults to `None`.
        latent_distribution: `"normal"` or `"uniform"`. Defaults to
            `"normal"`.
        label_sampling: `"uniform"` or `"data"`. Defaults to `"uniform"`.
        seed: Seed of the latent and label sampler. Defaults to `None`.
        name: Name of the model. Defaults to `"conditional_gan"`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit import builders

    generator = builders.conditional_generator(
        latent_dim=8, num_classes=3, image_shape=(8, 8, 1), filters=8
    )
    discriminator = builders.conditional_discriminator(
        image_shape=(8, 8, 1), num_classes=3, filters=8
    )
    gan = keras_gan_kit.ConditionalGAN(generator, discriminator)
    gan.compile()
    images = np.random.uniform(-1, 1, (12, 8, 8, 1)).astype("float32")
    labels = np.arange(12) % 3
    history = gan.fit(images, labels, batch_size=4, epochs=1, verbose=0)
    print(gan.num_classes, gan.generate(labels=[0, 2]).shape)
    # 3 (2, 8, 8, 1)
    print(gan.generate_grid(2).shape)
    # (3, 2, 8, 8, 1)
    ```
    """

    def __init__(
        self,
        generator,
        discriminator,
        num_classes=None,
        latent_dim=None,
        latent_distribution="normal",
        label_sampling="uniform",
        seed=None,
        name="conditional_gan",
    ):
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            latent_distribution=latent_distribution,
            seed=seed,
            name=name,
        )
        head_classes = None
        if self.auxiliary_classifier:
            head_classes = discriminator.outputs[1].shape[-1]
        found = [n for n in (head_classes, label_classes(generator)) if n]
        if num_classes is None:
            if not found:
                raise ValueError(
                    "ConditionalGAN could not read the number of classes "
                    "from the networks (no Embedding layer in the generator, "
                    "no AC-GAN class head). Pass num_classes=..."
                )
            num_classes = found[0]
        for value in found:
            if value != num_classes:
                raise ValueError(
                    f"num_classes={num_classes} disagrees with the networks, "
                    f"which are built for {value} classes. Pass "
                    f"num_classes={value} or rebuild the networks."
                )
        if int(num_classes) < 2:
            raise ValueError(
                f"num_classes must be >= 2; received {num_classes}."
            )
        if label_sampling not in LABEL_SAMPLING:
            raise ValueError(
                f"Unknown label_sampling {label_sampling!r}. Expected one of "
                f"{LABEL_SAMPLING}: 'uniform' draws classes evenly, 'data' "
                "uses the real batch's labels (the data's frequencies)."
            )
        self.num_classes = int(num_classes)
        self.label_sampling = label_sampling
        self.class_loss_weight = 1.0

    def check_networks(self, generator, discriminator, latent_dim):
        return network_checks.check_conditional_networks(
            generator, discriminator, latent_dim
        )

    @property
    def auxiliary_classifier(self):
        """Whether the discriminator is an AC-GAN one, whose class loss
        both players also minimize."""
        return network_checks.is_auxiliary_classifier(self.discriminator)

    def metric_names(self):
        names = super().metric_names()
        if self.auxiliary_classifier:
            names += ["d_class_loss", "g_class_loss"]
        return names

    def compile(self, *args, class_loss_weight=1.0, **kwargs):
        """Configures training; see `GAN.compile` for the arguments.

        Args:
            *args: Passed to `GAN.compile`.
            class_loss_weight: Weight of the AC-GAN class loss in both
                players' losses (AC-GAN discriminators only).
                Defaults to `1.0`.
            **kwargs: Passed to `GAN.compile`.

        Examples:

        ```python
        import keras
        import keras_gan_kit

        generator, discriminator = keras_gan_kit.builders.preset(
            "cgan_mnist", discriminator_head="auxiliary"
        )
        cgan = keras_gan_kit.ConditionalGAN(generator, discriminator)
        cgan.compile(
            class_loss_weight=0.5,  # AC-GAN: the class loss at half weight
            loss="hinge",
            d_optimizer=keras.optimizers.Adam(4e-4, beta_1=0.0, beta_2=0.9),
            g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        )
        print(cgan.class_loss_weight, cgan.loss_fn.name)
        # 0.5 hinge
        ```
        """
        if float(class_loss_weight) < 0:
            raise ValueError(
                f"class_loss_weight must be >= 0; received {class_loss_weight}."
            )
        super().compile(*args, **kwargs)
        self.class_loss_weight = float(class_loss_weight)
        self._gan_compile_config["class_loss_weight"] = self.class_loss_weight

    # ------------------------------------------------------------------
    # The step's hooks (see GAN and keras_gan_kit.models.training_step)
    # ------------------------------------------------------------------

    def unpack_batch(self, data):
        images, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        labels = ops.cast(ops.reshape(labels, (-1,)), "int32")
        return images, labels

    def generator_inputs(self, batch_size, real_batch):
        if self.label_sampling == "data":
            labels = real_batch[1]
        else:
            labels = backend.current.replica_random(
                lambda shape: keras.random.randint(
                    shape,
                    0,
                    self.num_classes,
                    seed=self.seed_generator,
                    dtype="int32",
                ),
                (batch_size,),
            )
        return [
            self.latent_batch(batch_size),
            _labels_for(self.generator, labels),
        ]

    def discriminator_inputs(self, images, labels):
        if self.auxiliary_classifier:
            return images
        return [images, _labels_for(self.discriminator, labels)]

    def validity_logits(self, outputs):
        return outputs[0] if self.auxiliary_classifier else outputs

    def generated_labels(self, generator_inputs):
        return ops.reshape(generator_inputs[1], (-1,))

    def auxiliary_loss(
        self, player, real_batch, fake_batch, real_outputs, fake_outputs
    ):
        # AC-GAN: both players also minimize the class head's
        # cross-entropy; the discriminator on real and generated images,
        # the generator on its own.
        if not self.auxiliary_classifier:
            return None, {}
        class_loss = _class_loss(fake_batch[1], fake_outputs[1])
        if player == "discriminator":
            class_loss = _class_loss(real_batch[1], real_outputs[1]) + (
                class_loss
            )
        return self.class_loss_weight * class_loss, {"class_loss": class_loss}

    def metric_values(self, d_loss, g_loss, d_aux, g_aux):
        values = super().metric_values(d_loss, g_loss, d_aux, g_aux)
        if self.auxiliary_classifier:
            values["d_class_loss"] = d_aux["class_loss"]
            values["g_class_loss"] = g_aux["class_loss"]
        return values

    def check_training_data(self, x, y=None):
        batch_labels = data_checks.check_training_data(self, x)
        if isinstance(x, np.ndarray) or y is not None:
            num_images = len(x) if hasattr(x, "__len__") else None
            check_labels(y, self.num_classes, num_images)
        else:
            check_labels(batch_labels, self.num_classes)

    # ------------------------------------------------------------------
    # Sampling
    # ------------------------------------------------------------------

    def generate(
        self,
        num_samples=None,
        labels=None,
        latent=None,
        batch_size=None,
        seed=None,
        use_ema=None,
    ):
        """Generates images of the requested classes, in inference mode.

        Args:
            num_samples: Number of images with uniformly drawn classes,
                when `labels` is not given. Defaults to `None`.
            labels: Class of each image, integers in `[0, num_classes)`.
                Defaults to `None`.
            latent: Latent vectors of shape `(n, latent_dim)`.
                Defaults to `None` (drawn with `seed`).
            batch_size: Images per forward pass. Defaults to `None` (128).
            seed: Seed of the drawn latents and classes. Defaults to `None`.
            use_ema: Use the EMA generator (`None`: when one is attached).
                Defaults to `None`.

        Returns:
            A NumPy array of images.
        """
        if labels is None:
            if num_samples is None and latent is None:
                raise ValueError(
                    "generate() needs labels, num_samples or latent; "
                    "received none. Pass for example labels=[0, 1, 2]."
                )
            count = num_samples if num_samples is not None else len(latent)
            count = check_num_samples(count)
            rng = np.random.default_rng(seed)
            labels = rng.integers(0, self.num_classes, size=count)
        labels = check_labels(labels, self.num_classes, num_samples)
        if latent is None:
            latent = self.sample_latent(len(labels), seed=seed)
        latent = data_checks.check_latent(latent, self.latent_dim, len(labels))
        labels = _labels_for(self.generator, labels)
        images = self.sampling_generator(use_ema).predict(
            [latent, labels], batch_size=batch_size or 128, verbose=0
        )
        return np.asarray(images)

    def discriminator_logits(self, images, labels=None, batch_size=None):
        labels = check_labels(labels, self.num_classes, len(images))
        if self.auxiliary_classifier:
            inputs = images
        else:
            inputs = [images, _labels_for(self.discriminator, labels)]
        outputs = self.discriminator.predict(
            inputs, batch_size=batch_size or 128, verbose=0
        )
        if self.auxiliary_classifier:
            outputs = outputs[0]
        return np.asarray(outputs).reshape(len(images), -1).mean(axis=1)

    def generate_grid(self, num_per_class, seed=None, use_ema=None):
        """One row of generated images per class, sharing latents by column.

        Args:
            num_per_class: Images per class (columns).
            seed: Seed of the latents. Defaults to `None`.
            use_ema: Use the EMA generator (`None`: when one is attached).
                Defaults to `None`.

        Returns:
            A NumPy array of shape `(num_classes, num_per_class) + image_shape`;
            `keras_gan_kit.utils.save_image_grid(path, grid.reshape((-1,) +
            grid.shape[2:]), num_columns=num_per_class)` saves it.
        """
        num_per_class = check_num_samples(num_per_class)
        latent = self.sample_latent(num_per_class, seed=seed)
        latent = np.tile(latent, (self.num_classes, 1))
        labels = np.repeat(np.arange(self.num_classes), num_per_class)
        images = self.generate(labels=labels, latent=latent, use_ema=use_ema)
        return images.reshape(
            (self.num_classes, num_per_class) + images.shape[1:]
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_classes": self.num_classes,
                "label_sampling": self.label_sampling,
            }
        )
        return config
