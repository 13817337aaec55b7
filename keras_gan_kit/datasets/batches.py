"""Batches reshuffled every epoch from a seed, so a resumed run sees the same
order as an uninterrupted one."""

import keras
import numpy as np


class ShuffledBatches(keras.utils.PyDataset):
    """Batches of images (and labels) in an order fixed by `(seed, epoch)`.

    `fit(x, shuffle=True)` shuffles from a global random state that a
    `BackupAndRestore` backup does not hold, so a resumed run sees other
    batches than an uninterrupted one. Here epoch `e` always uses the
    permutation drawn from `(seed, e)`. Pass `batches.epoch_callback()` to
    `fit` so the epoch number survives a resume, and `shuffle=False`, or
    Keras reorders the batches from its global random state. Works on every
    backend (no `tf.data`).

    Args:
        images: Array of images, first axis the samples.
        labels: Array of labels of the same length, or `None`.
            Defaults to `None`.
        batch_size: Images per batch. Defaults to `128`.
        seed: Seed of the permutations. Defaults to `0`.
        drop_remainder: Drop the last, smaller batch, so every step has
            the same shape (no retracing). Defaults to `True`.
        **kwargs: `keras.utils.PyDataset` arguments (`workers`...).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import ShuffledBatches

    batches = ShuffledBatches(np.arange(10.0), batch_size=4, seed=1)
    print(len(batches), batches[0].shape)
    # 2 (4,)
    ```

    With a GAN: `gan.fit(batches, epochs=10, shuffle=False,
    callbacks=[batches.epoch_callback()])`.
    """

    def __init__(
        self,
        images,
        labels=None,
        batch_size=128,
        seed=0,
        drop_remainder=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        images = np.asarray(images)
        if isinstance(batch_size, bool) or int(batch_size) < 1:
            raise ValueError(
                f"batch_size must be a positive integer; received "
                f"{batch_size!r}."
            )
        if labels is not None:
            labels = np.asarray(labels)
            if len(labels) != len(images):
                raise ValueError(
                    f"Got {len(images)} images but {len(labels)} labels; "
                    "pass one label per image."
                )
        if drop_remainder and len(images) < int(batch_size):
            raise ValueError(
                f"batch_size {batch_size} is larger than the {len(images)} "
                "images, so no full batch exists; pass a smaller batch size "
                "or drop_remainder=False."
            )
        self.images = images
        self.labels = labels
        self.batch_size = int(batch_size)
        self.seed = int(seed)
        self.drop_remainder = bool(drop_remainder)
        self.epoch = 0
        self._order = None

    def __len__(self):
        if self.drop_remainder:
            return len(self.images) // self.batch_size
        return -(-len(self.images) // self.batch_size)

    def set_epoch(self, epoch):
        """Uses epoch `epoch`'s order from now on."""
        if int(epoch) != self.epoch or self._order is None:
            self.epoch = int(epoch)
            self._order = np.random.default_rng(
                [self.seed, self.epoch]
            ).permutation(len(self.images))

    def __getitem__(self, index):
        return self._gather(self._rows(index))

    def _rows(self, index):
        """The rows of `images` in batch `index` (in its order)."""
        if self._order is None:
            self.set_epoch(self.epoch)
        if not 0 <= index < len(self):
            raise IndexError(f"Batch {index} of {len(self)}.")
        return self._batch_rows(index)

    def _batch_rows(self, index):
        start = index * self.batch_size
        return self._order[start : start + self.batch_size]

    def _gather(self, rows):
        """The batch of these rows of `images` (and `labels`)."""
        if self.labels is None:
            return self.images[rows]
        return self.images[rows], self.labels[rows]

    def on_epoch_end(self):
        self.set_epoch(self.epoch + 1)

    def epoch_callback(self):
        """A Keras callback that tells these batches the epoch `fit` is
        at, including after a resume."""
        return _SetEpoch(self)


class _SetEpoch(keras.callbacks.Callback):
    def __init__(self, batches):
        super().__init__()
        self.batches = batches

    def on_epoch_begin(self, epoch, logs=None):
        self.batches.set_epoch(epoch)


class UnpairedBatches(ShuffledBatches):
    """Batches of two unpaired image sets, `(images_a, images_b)`, for
    `CycleGAN`, in an order fixed by `(seed, epoch)`.

    One epoch is one pass over the larger set, so every image of it is seen
    once per epoch; the smaller set is drawn in as many of its own
    permutations, one after another, as it takes to match (every image of
    it seen at least once). The two orders are independent: no image of A
    meets the same image of B every epoch. As with `ShuffledBatches`,
    epoch `e` always uses the orders drawn from `(seed, e)`, so a resumed
    run sees the batches of an uninterrupted one.

    Args:
        images_a: Array of domain A's images.
        images_b: Array of domain B's images; any number.
        batch_size: Images of each domain per batch. Defaults to `128`.
        seed: Seed of the permutations. Defaults to `0`.
        **kwargs: `keras.utils.PyDataset` arguments (`workers`...).

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import UnpairedBatches

    batches = UnpairedBatches(np.zeros((10, 2)), np.ones((4, 2)), 4)
    a, b = batches[1]
    print(len(batches), a.shape, b.shape)
    # 2 (4, 2) (4, 2)
    ```
    """

    def __init__(self, images_a, images_b, batch_size=128, seed=0, **kwargs):
        images_b = np.asarray(images_b)
        super().__init__(images_a, batch_size=batch_size, seed=seed, **kwargs)
        if len(images_b) < self.batch_size:
            raise ValueError(
                f"batch_size {batch_size} is larger than the {len(images_b)} "
                "images of domain B, so no full batch exists; pass a "
                "smaller batch size or more images."
            )
        self.images_b = images_b

    def __len__(self):
        return max(len(self.images), len(self.images_b)) // self.batch_size

    def set_epoch(self, epoch):
        if int(epoch) != self.epoch or self._order is None:
            self.epoch = int(epoch)
            steps = len(self) * self.batch_size
            self._order = [
                self._orders(len(images), steps, domain)
                for domain, images in enumerate((self.images, self.images_b))
            ]

    def _orders(self, count, steps, domain):
        rng = np.random.default_rng([self.seed, self.epoch, domain])
        orders = [rng.permutation(count) for _ in range(-(-steps // count))]
        return np.concatenate(orders)[:steps]

    def _batch_rows(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self._order[0][rows], self._order[1][rows]

    def _gather(self, rows):
        return self.images[rows[0]], self.images_b[rows[1]]
