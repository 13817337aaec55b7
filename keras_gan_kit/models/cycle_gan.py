"""`CycleGAN`: unpaired image-to-image translation, trained with fit()."""

import keras
import numpy as np
from keras import ops

from keras_gan_kit import datasets
from keras_gan_kit.models import data_checks
from keras_gan_kit.models import network_checks
from keras_gan_kit.models.image_history import ImageHistory
from keras_gan_kit.models.translation_gan import TranslationGAN
from keras_gan_kit.models.translation_gan import check_weight
from keras_gan_kit.models.translation_gan import mean_absolute_difference
from keras_gan_kit.stabilizers import base as stabilizer_base

# The options of GAN.compile that add stabilizers.
_STABILIZER_OPTIONS = (
    "gradient_penalty",
    "weight_clipping",
    "augment",
    "instance_noise",
    "stabilizers",
)


_PAPER = (
    "The paper uses cycle_weight=10 and identity_weight=0.5 (relative to "
    "it); 0 turns a term off."
)


def _flat(logits):
    return ops.reshape(logits, (-1,))


@keras.saving.register_keras_serializable(package="keras_gan_kit")
class CycleGAN(TranslationGAN):
    """Unpaired image-to-image translation (CycleGAN), trained with `fit()`.

    Two translators, `generator_ab` (A to B) and `generator_ba` (B to A),
    and a discriminator per domain. The generators' loss is the adversarial
    loss of each translation, plus `cycle_weight` times the L1 distance of
    each image to its round trip (A to B to A, B to A to B), plus
    `identity_weight * cycle_weight` times the L1 distance of each
    translator's output on an image of its own target domain to that image
    (which keeps colours and what needs no change). The discriminators learn
    from a history of `history_size` past translations. The defaults are
    the paper's: the least-squares loss (`compile()`'s default here),
    cycle weight 10, identity weight 0.5, a history of 50.

    It is a `GAN` whose generator is one functional model holding both
    translators (inputs `[images_a, images_b]`; outputs the two
    translations, the two round trips and, with an identity term, the two
    identity mappings) and whose discriminator holds both discriminators,
    so the training step is `GAN`'s: one optimizer updates both
    discriminators, one both generators, and the generator EMA averages
    both translators.

    `fit(images_a, images_b)` takes two unpaired arrays of any sizes: one
    epoch is one pass over the larger set (`datasets.UnpairedBatches`,
    reshuffled per epoch from the seed, so resumption stays exact), the
    smaller set cycled. A dataset of `(images_a, images_b)` batches works
    too. The logs hold `d_loss`, `g_loss`, `cycle`, `identity`,
    `real_score`, `fake_score` (the discriminators' mean outputs through
    a sigmoid) and `loss`. `translate(images)` goes from A to B,
    `translate(images, direction="ba")` back.

    The stabilizers of `compile` (gradient penalties, augmentation,
    instance noise, weight clipping, LeCam) act on both discriminators:
    they see the real (or translated) images of domain A then those of
    domain B as one batch, so the two domains' images must have one
    shape.

    Paper: [Zhu et al. 2017](https://arxiv.org/abs/1703.10593).

    Args:
        generator_ab: A built `keras.Model` from domain A's images to B's,
            such as `builders.resnet_translator`.
        generator_ba: One from B's images to A's, with another name.
        discriminator_a: A built `keras.Model` judging A's images: one
            logit per image or a map of them (last axis 1), such as
            `builders.patchgan_discriminator`.
        discriminator_b: One judging B's images, with another name.
        cycle_weight: Weight of the cycle-consistency term.
            Defaults to `10.0`.
        identity_weight: Weight of the identity term, relative to
            `cycle_weight`; 0 for none (required when the domains have
            different channels). Defaults to `0.5`.
        history_size: Generated images kept per domain for the
            discriminators; 0 for none. Defaults to `50`.
        seed: Seed of the model's random numbers (the history's draws).
            Defaults to `None`.
        name: Name of the model. Defaults to `"cycle_gan"`.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit import builders

    def translator(name):
        return builders.resnet_translator(
            (16, 16, 1), filters=4, num_blocks=1, name=name
        )

    def critic(name):
        return builders.patchgan_discriminator(
            (16, 16, 1), filters=4, normalization="instance", name=name
        )

    model = keras_gan_kit.CycleGAN(
        translator("a_to_b"), translator("b_to_a"), critic("d_a"), critic("d_b")
    )
    model.compile()
    a = np.random.uniform(-1, 1, (12, 16, 16, 1)).astype("float32")
    b = np.random.uniform(-1, 1, (8, 16, 16, 1)).astype("float32")
    history = model.fit(a, b, batch_size=4, verbose=0)
    print(sorted(history.history)[:3])
    # ['cycle', 'd_loss', 'fake_score']
    print(model.translate(a[:2], direction="ab").shape)
    # (2, 16, 16, 1)
    ```
    """

    translate_call = "model.translate(images, direction='ab')"

    def __init__(
        self,
        generator_ab,
        generator_ba,
        discriminator_a,
        discriminator_b,
        cycle_weight=10.0,
        identity_weight=0.5,
        history_size=50,
        seed=None,
        name="cycle_gan",
    ):
        networks = (
            generator_ab,
            generator_ba,
            discriminator_a,
            discriminator_b,
        )
        shapes = _check_four(*networks)
        cycle_weight = check_weight("cycle_weight", cycle_weight, _PAPER)
        identity_weight = check_weight(
            "identity_weight", identity_weight, _PAPER
        )
        if identity_weight and shapes[0][-1] != shapes[1][-1]:
            raise ValueError(
                f"The identity term maps each domain's images through the "
                f"translator into it, so it needs the same channels on both "
                f"sides; domain A has {shapes[0][-1]} and B {shapes[1][-1]}. "
                "Pass identity_weight=0."
            )
        if (
            isinstance(history_size, bool)
            or not isinstance(history_size, int | np.integer)
            or history_size < 0
        ):
            raise ValueError(
                f"history_size must be an integer >= 0; got {history_size!r}."
            )
        generator = _generator_pair(
            generator_ab, generator_ba, shapes, bool(identity_weight)
        )
        discriminator = _discriminator_pair(
            discriminator_a, discriminator_b, shapes
        )
        super().__init__(generator, discriminator, seed=seed, name=name)
        # The four networks as given (the pair models hold the same
        # objects, so their weights are tracked once).
        self._networks = networks
        self.cycle_weight = cycle_weight
        self.identity_weight = identity_weight
        self.history_size = int(history_size)
        self.history_a, self.history_b = (
            ImageHistory(self, history_size, shape, f"history_{domain}")
            for domain, shape in zip("ab", shapes)
        )

    def check_networks(self, generator, discriminator, latent_dim):
        """The pair models are checked when they are made; no latent."""
        del generator, discriminator, latent_dim
        return None

    def compile(self, *args, loss="least_squares", **kwargs):
        """`GAN.compile`, with the least-squares loss by default (the
        paper's).

        The stabilizer options work as for `GAN`, on both discriminators:
        augmentation and instance noise transform each domain's images, a
        gradient penalty is taken on the images of both domains, ADA and
        LeCam follow the logits of both. They need the two domains'
        images to have one shape (they are judged as one batch)."""
        given = [
            key
            for key in _STABILIZER_OPTIONS
            if kwargs.get(key) is not None and kwargs.get(key) != []
        ]
        shape_a, shape_b = (
            tuple(network.inputs[0].shape[1:]) for network in self._networks[:2]
        )
        if given and shape_a != shape_b:
            raise ValueError(
                f"CycleGAN's stabilizers ({given}) judge both domains' "
                f"images as one batch, so they need one shape; domain A's "
                f"are {shape_a} and B's {shape_b}. Remove them, or translate "
                "between images of one shape."
            )
        super().compile(*args, loss=loss, **kwargs)

    @property
    def generator_ab(self):
        """The translator from domain A to B."""
        return self.generator.get_layer(self._networks[0].name)

    @property
    def generator_ba(self):
        """The translator from domain B to A."""
        return self.generator.get_layer(self._networks[1].name)

    @property
    def discriminator_a(self):
        """The discriminator of domain A's images."""
        return self.discriminator.get_layer(self._networks[2].name)

    @property
    def discriminator_b(self):
        """The discriminator of domain B's images."""
        return self.discriminator.get_layer(self._networks[3].name)

    # ------------------------------------------------------------------
    # The hooks of the training step
    # ------------------------------------------------------------------

    def metric_names(self):
        names = super().metric_names()
        return names[:2] + ["cycle", "identity"] + names[2:]

    def unpack_batch(self, data):
        """Returns `(images_a, images_b)`."""
        images_a, images_b, _ = keras.utils.unpack_x_y_sample_weight(data)
        return images_a, images_b

    def generator_inputs(self, batch_size, real_batch):
        """The generators translate the batch's images of both domains."""
        del batch_size
        return [real_batch[0], real_batch[1]]

    def _judge(self, images_a, images_b):
        outputs = self.discriminator(
            [
                self.discriminator_view(images_a),
                self.discriminator_view(images_b),
            ],
            training=True,
        )
        return [ops.cast(output, "float32") for output in outputs]

    def discriminator_inputs(self, images, labels):
        """The pair discriminator's inputs from one batch holding domain
        A's images then as many of domain B's (how the stabilizers see
        the two domains)."""
        del labels
        half = ops.shape(images)[0] // 2
        return [images[:half], images[half:]]

    def validity_logits(self, outputs):
        """Both discriminators' logits, A's then B's, one per patch."""
        return ops.concatenate([_flat(output) for output in outputs], 0)

    def _stabilized(self, player, loss, aux, images, logits, inputs):
        """`loss` plus the stabilizers' terms, which see each side's images
        of both domains as one batch (A's, then B's)."""
        if not self.stabilizers:
            return loss, aux
        real, fake = (
            None if pair is None else ops.concatenate(list(pair), 0)
            for pair in images
        )
        real_logits, fake_logits = (
            None if pair is None else self.validity_logits(pair)
            for pair in logits
        )
        batch = stabilizer_base.DiscriminatorBatch(
            (real, None), (fake, None), real_logits, fake_logits, inputs
        )
        return self.regularize_loss(player, loss, aux, batch)

    def compute_discriminator_loss(self, real_batch, outputs, inputs):
        """Each discriminator's loss on its domain's real images and on
        translations into it drawn through the history, plus the
        stabilizers' terms."""
        fake_b = self.history_b.query(outputs[0], self.seed_generator)
        fake_a = self.history_a.query(outputs[1], self.seed_generator)
        real_a, real_b = self._judge(*real_batch)
        judged_a, judged_b = self._judge(fake_a, fake_b)
        d_loss = self.adversarial_discriminator_loss(
            real_a, judged_a
        ) + self.adversarial_discriminator_loss(real_b, judged_b)
        aux = {
            "real_logits": self.validity_logits([real_a, real_b]),
            "fake_logits": self.validity_logits([judged_a, judged_b]),
        }
        return self._stabilized(
            "discriminator",
            d_loss,
            aux,
            (real_batch, (fake_a, fake_b)),
            ((real_a, real_b), (judged_a, judged_b)),
            inputs,
        )

    def compute_generator_loss(self, real_batch, outputs, inputs):
        """Both translations' adversarial losses, plus the weighted cycle
        and identity terms, plus the stabilizers' terms."""
        images_a, images_b = real_batch
        fake_b, fake_a, round_a, round_b = outputs[:4]
        judged_a, judged_b = self._judge(fake_a, fake_b)
        real_a = real_b = None
        if self.loss_fn.generator_needs_real_logits:
            real_a, real_b = self._judge(images_a, images_b)
        g_loss = self.loss_fn.generator_loss(
            judged_a, real_a
        ) + self.loss_fn.generator_loss(judged_b, real_b)
        cycle = mean_absolute_difference(
            round_a, images_a
        ) + mean_absolute_difference(round_b, images_b)
        g_loss = g_loss + self.cycle_weight * cycle
        identity = ops.zeros((), "float32")
        if self.identity_weight:
            same_b, same_a = outputs[4:]
            identity = mean_absolute_difference(
                same_a, images_a
            ) + mean_absolute_difference(same_b, images_b)
            g_loss = g_loss + self.cycle_weight * self.identity_weight * (
                identity
            )
        real_logits = None if real_a is None else (real_a, real_b)
        return self._stabilized(
            "generator",
            g_loss,
            {"cycle": cycle, "identity": identity},
            (None if real_a is None else real_batch, (fake_a, fake_b)),
            (real_logits, (judged_a, judged_b)),
            inputs,
        )

    # ------------------------------------------------------------------
    # Data and sampling
    # ------------------------------------------------------------------

    def fit(self, x=None, y=None, *args, **kwargs):
        """Trains on two unpaired image sets; see `keras.Model.fit`.

        Args:
            x: Domain A's images, or a dataset of `(images_a, images_b)`
                batches.
            y: Domain B's images (with arrays), of any number.
            *args: `batch_size`, `epochs`, ... as in `keras.Model.fit`.
            **kwargs: As in `keras.Model.fit`.

        Returns:
            The `keras.callbacks.History`.
        """
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            self.check_training_data(x, y)
            batch_size = args[0] if args else kwargs.pop("batch_size", None)
            args = args[1:]
            batches = datasets.UnpairedBatches(
                x, y, batch_size or 32, seed=self.seed or 0
            )
            kwargs["shuffle"] = False
            kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + [
                batches.epoch_callback()
            ]
            return super().fit(batches, None, None, *args, **kwargs)
        return super().fit(x, y, *args, **kwargs)

    def check_training_data(self, x, y=None):
        """Checks a batch of each domain against its translator."""
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
                raise ValueError(
                    "CycleGAN.fit() takes two arrays, fit(images_a, "
                    f"images_b); received {type(x).__name__} and "
                    f"{type(y).__name__}. Pass both domains' images, or a "
                    "dataset of (images_a, images_b) batches."
                )
            batch = (x, y)
        else:
            batch = data_checks.peek_batch(x)
            if batch is None:
                return
            if batch[1] is None:
                raise ValueError(
                    "CycleGAN.fit() received one domain's images only. Pass "
                    "fit(images_a, images_b), or a dataset of (images_a, "
                    "images_b) batches."
                )
        value_range = network_checks.output_range(self.generator_ab)
        for images, network in zip(batch, self._networks[:2]):
            if len(images) == 0:
                raise ValueError(
                    "CycleGAN.fit() received an empty image set; each "
                    "domain needs at least one batch of images."
                )
            data_checks.check_images(
                images, tuple(network.inputs[0].shape), value_range
            )

    def translate(self, images, direction="ab", batch_size=None, use_ema=None):
        """Translates images with a translator in inference mode.

        Args:
            images: Images of the source domain, `(n, height, width,
                channels)`, on the training scale.
            direction: `"ab"` (A to B) or `"ba"` (B to A). Defaults to
                `"ab"`.
            batch_size: Images per forward pass. Defaults to `None` (128).
            use_ema: Use the EMA translators (`None`: when attached).
                Defaults to `None`.

        Returns:
            A NumPy array of translated images.
        """
        return self.translate_with(
            self.translator(direction, use_ema), images, batch_size
        )

    directions = ("ab", "ba")

    def translator(self, direction="ab", use_ema=None):
        """The translator of `direction`: `"ab"` (A to B) or `"ba"` (B to
        A), the EMA copy when `use_ema` (`None`: when attached)."""
        self.check_direction(direction)
        network = self._networks[0 if direction == "ab" else 1]
        return self.sampling_generator(use_ema).get_layer(network.name)

    network_keys = (
        "generator_ab",
        "generator_ba",
        "discriminator_a",
        "discriminator_b",
    )

    def constructor_networks(self):
        return dict(zip(self.network_keys, self._networks))

    def get_config(self):
        return super().get_config() | {
            "cycle_weight": self.cycle_weight,
            "identity_weight": self.identity_weight,
            "history_size": self.history_size,
        }


def _check_four(generator_ab, generator_ba, discriminator_a, discriminator_b):
    """Checks the four networks; returns the shapes of A's and B's images."""
    network_checks.check_built_models(generator_ab, discriminator_a)
    network_checks.check_built_models(generator_ba, discriminator_b)
    four = (generator_ab, generator_ba, discriminator_a, discriminator_b)
    names = [network.name for network in four]
    if len(set(names)) != 4:
        raise ValueError(
            f"CycleGAN's four networks need four names (they live side by "
            f"side in one model); received {names}. Pass name=... to the "
            "builders, for example 'a_to_b', 'b_to_a', 'd_a' and 'd_b'."
        )
    for network in four:
        if len(network.inputs) != 1 or len(network.outputs) != 1:
            raise ValueError(
                f"CycleGAN's network {network.name!r} has "
                f"{len(network.inputs)} inputs and {len(network.outputs)} "
                "outputs; expected one of each."
            )
    shape_a = tuple(generator_ab.inputs[0].shape)[1:]
    shape_b = tuple(generator_ab.outputs[0].shape)[1:]
    expected = {
        "generator_ba's input": (tuple(generator_ba.inputs[0].shape), shape_b),
        "generator_ba's output": (
            tuple(generator_ba.outputs[0].shape),
            shape_a,
        ),
        "discriminator_a's input": (
            tuple(discriminator_a.inputs[0].shape),
            shape_a,
        ),
        "discriminator_b's input": (
            tuple(discriminator_b.inputs[0].shape),
            shape_b,
        ),
    }
    for what, (shape, wanted) in expected.items():
        if len(shape) != 4 or not network_checks.shapes_compatible(
            shape[1:], wanted
        ):
            raise ValueError(
                f"CycleGAN: {what} has shape {shape}, but generator_ab maps "
                f"A's images {shape_a} to B's {shape_b}, so it should be "
                f"(None,) + {wanted}. Build the four networks for these "
                "image shapes."
            )
    network_checks.check_discriminator_head(discriminator_a)
    network_checks.check_discriminator_head(discriminator_b)
    return shape_a, shape_b


def _generator_pair(generator_ab, generator_ba, shapes, identity):
    """One model holding both translators, with every output the
    generators' loss needs."""
    images_a = keras.Input(shapes[0], name="images_a")
    images_b = keras.Input(shapes[1], name="images_b")
    fake_b = generator_ab(images_a)
    fake_a = generator_ba(images_b)
    outputs = [fake_b, fake_a, generator_ba(fake_b), generator_ab(fake_a)]
    if identity:
        outputs += [generator_ab(images_b), generator_ba(images_a)]
    return keras.Model([images_a, images_b], outputs, name="translators")


def _discriminator_pair(discriminator_a, discriminator_b, shapes):
    images_a = keras.Input(shapes[0], name="images_a")
    images_b = keras.Input(shapes[1], name="images_b")
    return keras.Model(
        [images_a, images_b],
        [discriminator_a(images_a), discriminator_b(images_b)],
        name="discriminators",
    )
