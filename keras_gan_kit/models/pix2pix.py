"""`Pix2Pix`: paired image-to-image translation, trained with fit()."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit.models import data_checks
from keras_gan_kit.models import network_checks
from keras_gan_kit.models.translation_gan import TranslationGAN
from keras_gan_kit.models.translation_gan import check_weight
from keras_gan_kit.models.translation_gan import mean_absolute_difference


def _shape(tensor):
    return tuple(tensor.shape)


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class Pix2Pix(TranslationGAN):
    """Paired image-to-image translation (pix2pix), trained with `fit()`.

    The generator maps a source image to a target image (edges to a photo,
    grey to colour); the discriminator judges (source, image) pairs,
    concatenated on the channel axis, patch by patch. The generator's loss
    is the adversarial loss plus `l1_weight` times the mean absolute
    difference to the target, which keeps the translation on the target
    while the adversarial term sharpens it.

    It is a `GAN` whose hooks change what conditioning means: the source
    image plays the part of the class label (`generator_inputs` is the
    source, `generated_labels` hands it to the discriminator, the L1 term
    is the `auxiliary_loss`), so the training step, the stabilizers (the
    augmentation and the noise apply to the source and the image of a pair
    together), the generator EMA, mixed precision and exact resumption are
    the ones of `GAN`. There are no latent vectors: pix2pix's noise is the
    generator's dropout.

    `fit(source, target)` takes two arrays of paired images, or a dataset
    of `(source, target)` batches. The logs hold `d_loss`, `g_loss`
    (adversarial plus weighted L1), `l1`, `real_score`, `fake_score` and
    `loss`. `translate(source)` returns the translations as NumPy.

    Paper: [Isola et al. 2017](https://arxiv.org/abs/1611.07004).

    Args:
        generator: A built `keras.Model` from source images
            `(batch, height, width, source_channels)` to target images
            `(batch, height, width, target_channels)`, such as
            `builders.unet_generator`.
        discriminator: A built `keras.Model` from pairs
            `(batch, height, width, source_channels + target_channels)`,
            source first, to logits: one per image or a map of them (last
            axis 1), such as `builders.patchgan_discriminator(...,
            source_channels=...)`.
        l1_weight: Weight of the L1 term in the generator's loss.
            Defaults to `100.0` (the paper's).
        seed: Seed of the model's random numbers (augmentation, noise).
            Defaults to `None`.
        name: Name of the model. Defaults to `"pix2pix"`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit import builders

    generator = builders.unet_generator((16, 16, 1), filters=4)
    discriminator = builders.patchgan_discriminator(
        (16, 16, 1), source_channels=1, filters=4
    )
    model = keras_gan_kit.Pix2Pix(generator, discriminator, seed=0)
    model.compile()
    source = np.random.uniform(-1, 1, (8, 16, 16, 1)).astype("float32")
    history = model.fit(source, -source, batch_size=4, verbose=0)
    print(sorted(history.history)[:3])
    # ['d_loss', 'fake_score', 'g_loss']
    print(model.translate(source[:2]).shape)
    # (2, 16, 16, 1)
    ```
    """

    translate_call = "model.translate(source_images)"

    def __init__(
        self,
        generator,
        discriminator,
        l1_weight=100.0,
        seed=None,
        name="pix2pix",
    ):
        super().__init__(generator, discriminator, seed=seed, name=name)
        self.l1_weight = check_weight(
            "l1_weight",
            l1_weight,
            "The paper uses 100; 0 trains with the adversarial loss alone.",
        )

    def check_networks(self, generator, discriminator, latent_dim):
        """Checks that the generator translates images the discriminator
        judges in pairs; there is no latent size."""
        del latent_dim
        network_checks.check_built_models(generator, discriminator)
        for role, network in (
            ("generator", generator),
            ("discriminator", discriminator),
        ):
            if len(network.inputs) != 1 or len(network.outputs) != 1:
                raise ValueError(
                    f"The Pix2Pix {role} {network.name!r} has "
                    f"{len(network.inputs)} inputs and "
                    f"{len(network.outputs)} outputs; expected one of each. "
                    "Build them with builders.unet_generator and "
                    "builders.patchgan_discriminator(source_channels=...)."
                )
        source = _shape(generator.inputs[0])
        target = _shape(generator.outputs[0])
        pair = _shape(discriminator.inputs[0])
        if len(source) != 4 or len(target) != 4:
            raise ValueError(
                f"The Pix2Pix generator must map images to images, "
                f"(batch, height, width, channels); {generator.name!r} maps "
                f"{source} to {target}. Use builders.unet_generator."
            )
        expected = target[1:3] + (source[3] + target[3],)
        if not network_checks.shapes_compatible(pair[1:], expected):
            raise ValueError(
                f"The Pix2Pix discriminator {discriminator.name!r} takes "
                f"{pair}, but it judges a source {source} and a translation "
                f"{target} concatenated on the channel axis: expected "
                f"(None,) + {expected}. Build it with "
                f"builders.patchgan_discriminator({target[1:]}, "
                f"source_channels={source[3]})."
            )
        network_checks.check_discriminator_head(discriminator)
        return None

    # ------------------------------------------------------------------
    # The hooks of the training step
    # ------------------------------------------------------------------

    def metric_names(self):
        names = super().metric_names()
        return names[:2] + ["l1"] + names[2:]

    def unpack_batch(self, data):
        """Returns `(targets, sources)`: the source plays a label's part."""
        sources, targets, _ = keras.utils.unpack_x_y_sample_weight(data)
        return targets, sources

    def generator_inputs(self, batch_size, real_batch):
        """The generator's input is the batch's source images."""
        del batch_size
        return real_batch[1]

    def generated_labels(self, generator_inputs):
        """A translation's condition is its source image."""
        return generator_inputs

    def judged_inputs(self, images, sources):
        """The discriminator judges (source, image) pairs, concatenated on
        the channel axis: the stabilizers' augmentation and noise move
        both images of a pair together, and R1 is taken on the pair."""
        pairs = ops.concatenate(
            [ops.cast(sources, images.dtype), images], axis=-1
        )
        return pairs, None

    def auxiliary_loss(
        self, player, real_batch, fake_batch, real_outputs, fake_outputs
    ):
        """The generator's L1 distance to the targets, weighted."""
        del real_outputs, fake_outputs
        if player != "generator":
            return None, {}
        l1 = mean_absolute_difference(fake_batch[0], real_batch[0])
        return self.l1_weight * l1, {"l1": l1}

    # ------------------------------------------------------------------
    # Data and sampling
    # ------------------------------------------------------------------

    def check_training_data(self, x, y=None):
        """Checks the first batch of paired images: both given, of the
        generator's input and output shapes, on the generator's scale."""
        batch = data_checks.peek_batch(x)
        if batch is None:
            return
        sources, targets = batch
        if y is not None:
            targets = data_checks.peek_batch(y)[0]
        if targets is None:
            raise ValueError(
                "Pix2Pix.fit() needs the target of every source image; it "
                "received sources only. Pass fit(source, target) with two "
                "arrays of paired images, or a dataset of (source, target) "
                "batches (datasets.paired_folder makes one)."
            )
        if len(sources) != len(targets):
            raise ValueError(
                f"Pix2Pix.fit() received {len(sources)} source images and "
                f"{len(targets)} targets; each source needs its target. "
                "Pass arrays of the same length."
            )
        data_checks.check_images(
            sources, tuple(self.generator.inputs[0].shape), None
        )
        data_checks.check_images(
            targets,
            tuple(self.generator.outputs[0].shape),
            network_checks.output_range(self.generator),
        )

    def translate(self, images, batch_size=None, use_ema=None):
        """Translates source images with the generator in inference mode.

        Args:
            images: Source images, `(n, height, width, channels)`, on the
                scale the model was trained on.
            batch_size: Images per forward pass. Defaults to `None` (128).
            use_ema: Use the EMA generator (`None`: when one is attached).
                Defaults to `None`.

        Returns:
            A NumPy array of translated images.
        """
        return self.translate_with(
            self.sampling_generator(use_ema), images, batch_size
        )

    def discriminator_logits(self, images, labels=None, batch_size=None):
        """The discriminator's mean logit per (source, image) pair.

        Args:
            images: Candidate translations.
            labels: Their source images (required).
            batch_size: Pairs per forward pass. Defaults to `None` (128).

        Returns:
            A float NumPy array of shape `(n,)`.
        """
        if labels is None:
            raise ValueError(
                "Pix2Pix's discriminator judges (source, image) pairs; pass "
                "the source images as labels=..."
            )
        pairs = np.concatenate(
            [np.asarray(labels, "float32"), np.asarray(images, "float32")],
            axis=-1,
        )
        return super().discriminator_logits(pairs, batch_size=batch_size)

    def get_config(self):
        return super().get_config() | {"l1_weight": self.l1_weight}
