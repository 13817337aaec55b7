"""The history of generated images that CycleGAN's discriminators learn from."""

import keras
from keras import ops


class ImageHistory:
    """A buffer of past generated images, held in the model's variables.

    The discriminator learns from a mix of the newest generated images and
    older ones, which keeps it from chasing the generator's latest move
    (Shrivastava et al. 2017, as CycleGAN uses it). Until the buffer is
    full, each new image is stored and used; then each image is, with
    probability 1/2, swapped for a random stored one (which it replaces),
    or used as it is. The batch is processed at once: images of one batch
    that draw the same slot both read its old image, and one of them is
    stored. The buffer and its count are non-trainable weights of the model
    (saved, restored and resumed with it); the draws come from the model's
    seed generator.

    Paper: [Shrivastava et al. 2017](https://arxiv.org/abs/1612.07828),
    section 2.3; [Zhu et al. 2017](https://arxiv.org/abs/1703.10593),
    section 4.

    Args:
        model: The `keras.Model` that owns the variables.
        size: Number of stored images; 0 turns the buffer off.
        image_shape: `(height, width, channels)` of the images.
        name: Prefix of the variables' names.
    """

    def __init__(self, model, size, image_shape, name):
        self.size = int(size)
        if self.size == 0:
            return
        # One slot more than `size`: the writes of images that keep their
        # slot go to this last one, which is never read.
        self.images = model.add_weight(
            shape=(self.size + 1,) + tuple(image_shape),
            initializer="zeros",
            trainable=False,
            name=f"{name}_images",
        )
        self.count = model.add_weight(
            shape=(),
            initializer="zeros",
            dtype="int32",
            trainable=False,
            name=f"{name}_count",
        )

    def query(self, images, seed_generator):
        """Stores `images` and returns what the discriminator learns from.

        Args:
            images: A batch of generated images (gradients stopped).
            seed_generator: The `keras.random.SeedGenerator` to draw from.

        Returns:
            A batch of the same shape.
        """
        if self.size == 0:
            return images
        batch = ops.shape(images)[0]
        dtype = self.images.dtype
        new = ops.cast(images, dtype)
        filling_slot = self.count + ops.arange(batch, dtype="int32")
        filling = filling_slot < self.size
        swap = ops.logical_and(
            ops.logical_not(filling),
            keras.random.uniform((batch,), seed=seed_generator) < 0.5,
        )
        random_slot = keras.random.randint(
            (batch,), 0, self.size, seed=seed_generator, dtype="int32"
        )
        slot = ops.where(filling, filling_slot, random_slot)
        write = ops.logical_or(filling, swap)
        slot = ops.where(write, slot, self.size)  # the unread last slot
        old = ops.take(self.images, slot, axis=0)
        mask = ops.reshape(swap, (-1,) + (1,) * (len(new.shape) - 1))
        returned = ops.where(mask, old, new)
        self.images.assign(
            ops.scatter_update(self.images, ops.expand_dims(slot, 1), new)
        )
        self.count.assign(ops.minimum(self.count + batch, self.size))
        return ops.cast(returned, images.dtype)
