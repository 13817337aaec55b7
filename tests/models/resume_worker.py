"""Trains a tiny GAN with AtomicBackupAndRestore; run as a separate process.

    python -m tests.models.resume_worker MODEL BACKUP RESULT.npz EPOCHS [KILL]

MODEL is `gan` (a GAN with batch norm, dropout and a generator EMA),
`conditional_gan` (an AC-GAN ConditionalGAN), both with label noise, or
`stabilized` (a GAN with a lazy R1 penalty, ADA and annealed instance
noise, whose states must resume too), `stylegan2` (StyleGAN2's generator,
with its style mixing, noise inputs and mean style, against R3GAN's
discriminator, trained with R3GAN's objective, the relativistic pairing
loss with lazy R1 and R2, and StyleGAN2's lazy path length
regularization: the path length mean, the mean style and the draws must
resume too), `cycle_gan` (unpaired
translation: its history of images and the order of its two sets must
resume too), or `streamed` (the `gan` model fed
by an `ImageFolderStream` over PNG files with two decoding threads, whose
per-epoch order must resume too).

With KILL_AT, the process kills itself with SIGKILL right after the backup
of epoch KILL_AT is written, as a crash or a pre-empted machine would.
"""

import os
import signal
import sys

import keras
import numpy as np

import keras_gan_kit
from tests.conftest import make_auxiliary_networks
from tests.conftest import make_images
from tests.conftest import make_networks


class KillAfterEpoch(keras.callbacks.Callback):
    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 == self.epoch:
            os.kill(os.getpid(), signal.SIGKILL)


def _image_stream(backup_dir, images):
    """The images as 8-bit PNGs in a folder beside the backup, streamed."""
    from PIL import Image

    folder = f"{backup_dir}_images"
    os.makedirs(folder, exist_ok=True)
    pixels = np.rint((images[..., 0] + 1.0) * 127.5).astype("uint8")
    for index, picture in enumerate(pixels):
        path = os.path.join(folder, f"{index:03d}.png")
        if not os.path.exists(path):
            Image.fromarray(picture).save(path)
    return keras_gan_kit.datasets.ImageFolderStream(
        folder,
        image_size=images.shape[1:3],
        batch_size=8,
        seed=3,
        grayscale=True,
        workers=2,
    )


TRANSLATION_SHAPE = (8, 8, 1)


def _cycle_gan():
    from keras_gan_kit import builders

    shape = TRANSLATION_SHAPE
    nets = [
        builders.resnet_translator(shape, filters=4, num_blocks=1, name=name)
        for name in ("a_to_b", "b_to_a")
    ] + [
        builders.patchgan_discriminator(shape, filters=4, name=name)
        for name in ("d_a", "d_b")
    ]
    return keras_gan_kit.CycleGAN(*nets, history_size=6, seed=4)


MODERN_SHAPE = (8, 8, 1)


def _modern_gan():
    """StyleGAN2's generator against R3GAN's discriminator: one run holds
    the stateful pieces of both architectures' recipes."""
    from keras_gan_kit import builders

    generator = builders.stylegan2_generator(
        latent_dim=4,
        image_shape=MODERN_SHAPE,
        w_dim=4,
        mapping_layers=1,
        channel_base=32,
        max_filters=4,
        seed=7,
    )
    discriminator = builders.r3gan_discriminator(
        image_shape=MODERN_SHAPE, filters=(4, 4), group_channels=4
    )
    return keras_gan_kit.GAN(generator, discriminator)


def _model(kind):
    if kind == "cycle_gan":
        return _cycle_gan()
    if kind == "stylegan2":
        return _modern_gan()
    if kind in ("gan", "stabilized", "streamed"):
        generator, discriminator = make_networks(batch_norm=True, dropout=0.3)
        return keras_gan_kit.GAN(generator, discriminator)
    generator, discriminator = make_auxiliary_networks()
    return keras_gan_kit.ConditionalGAN(generator, discriminator)


def main(kind, backup_dir, result_path, epochs, kill_at=None):
    keras.utils.set_random_seed(11)
    gan = _model(kind)
    stabilizers = {}
    if kind == "stabilized":
        stabilizers = {
            "gradient_penalty": keras_gan_kit.stabilizers.R1Penalty(
                1.0, every_n_steps=2
            ),
            "augment": keras_gan_kit.stabilizers.AdaptiveAugment(
                speed=100, interval=2, initial_probability=0.3, seed=5
            ),
            "instance_noise": keras_gan_kit.stabilizers.InstanceNoise(
                0.05, anneal_steps=40, seed=6
            ),
        }
    if kind == "stylegan2":
        stabilizers = {
            "loss": "relativistic_pairing",
            "gradient_penalty": keras_gan_kit.stabilizers.R1Penalty(
                1.0, every_n_steps=2
            ),
            "stabilizers": [
                keras_gan_kit.stabilizers.R2Penalty(1.0, every_n_steps=2),
                keras_gan_kit.stabilizers.PathLengthPenalty(every_n_steps=2),
            ],
        }

    def adam():
        if kind == "stylegan2":
            # R3GAN's optimizer: beta_2 ramped, the ramp resumed mid-way.
            ramp = keras_gan_kit.schedules.CosineRamp(0.9, 0.99, 12)
            return keras_gan_kit.optimizers.ScheduledAdam(
                1e-3, beta_1=0.0, beta_2=ramp
            )
        return keras.optimizers.Adam(1e-3, beta_1=0.5)

    gan.compile(
        d_optimizer=adam(),
        g_optimizer=adam(),
        label_noise=0.0 if kind in ("cycle_gan", "stylegan2") else 0.05,
        **stabilizers,
    )
    callbacks = [keras_gan_kit.callbacks.AtomicBackupAndRestore(backup_dir)]
    if kind in ("gan", "streamed"):
        # The average is part of the state a resumed run must restore.
        callbacks.append(keras_gan_kit.callbacks.GeneratorEMA(decay=0.9))
    if kill_at is not None:
        callbacks.append(KillAfterEpoch(kill_at))
    images = make_images(40)
    if kind == "stylegan2":
        images = np.tanh(
            np.random.default_rng(0).normal(size=(40,) + MODERN_SHAPE)
        ).astype("float32")
    labels = np.arange(40) % 3 if kind == "conditional_gan" else None
    if kind == "streamed":
        stream = _image_stream(backup_dir, images)
        history = gan.fit(
            stream,
            epochs=epochs,
            shuffle=False,
            verbose=0,
            callbacks=[stream.epoch_callback()] + callbacks,
        )
    elif kind == "cycle_gan":
        # Two unpaired sets: 24 and 16 images.
        images = np.tanh(
            np.random.default_rng(0).normal(size=(40,) + TRANSLATION_SHAPE)
        ).astype("float32")
        history = gan.fit(
            images[:24],
            images[24:],
            batch_size=8,
            epochs=epochs,
            shuffle=False,
            verbose=0,
            callbacks=callbacks,
        )
    else:
        history = gan.fit(
            images,
            labels,
            batch_size=8,
            epochs=epochs,
            shuffle=False,
            verbose=0,
            callbacks=callbacks,
        )
    arrays = {f"w{i}": np.asarray(v) for i, v in enumerate(gan.get_weights())}
    arrays.update(
        {
            f"opt{i}": np.asarray(v.numpy())
            for i, v in enumerate(gan.optimizer.variables)
        }
    )
    arrays["g_loss"] = np.asarray(history.history["g_loss"])
    if kind == "stabilized":
        arrays["augment_p"] = np.asarray(history.history["augment_p"])
    if kind == "stylegan2":
        arrays["path_length_mean"] = np.asarray(
            history.history["path_length_mean"]
        )
    np.savez(result_path, **arrays)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        args[0],
        args[1],
        args[2],
        int(args[3]),
        int(args[4]) if len(args) > 4 else None,
    )
