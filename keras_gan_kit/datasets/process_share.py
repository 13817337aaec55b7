"""One process's share of every batch, for data parallel over processes."""

import keras
import numpy as np

from keras_gan_kit.datasets.batches import ShuffledBatches


class _OrderedBatches(ShuffledBatches):
    """Batches of arrays in their order, every epoch (`fit`'s
    `shuffle=False`)."""

    def set_epoch(self, epoch):
        self.epoch = int(epoch)
        self._order = np.arange(len(self.images))


class ProcessShare(keras.utils.PyDataset):
    """Process `index`'s rows of every batch of `batches`, one of `count`
    processes that train on each batch together.

    Batch `i` of the share is rows `index * b` to `(index + 1) * b` of
    batch `i` of `batches`, `b` its size over `count`: the processes
    together see every batch whole, and process 0's rows come first, as
    one process would see them. A `ShuffledBatches` (and so
    `ImageFolderStream`, `PairedFolderStream`, `UnpairedBatches`) reads
    only this process's rows; any other `keras.utils.PyDataset` is read
    whole and sliced. `keras_gan_kit.distribution.data_parallel()` gives
    `fit` each process's share by itself; this class is for loops of
    your own.

    Args:
        batches: A `keras.utils.PyDataset` of global batches: arrays, or
            tuples of arrays with one first axis.
        index: This process's index, from 0.
        count: How many processes share each batch.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.datasets import ProcessShare, ShuffledBatches

    batches = ShuffledBatches(np.arange(8.0), batch_size=4, seed=0)
    first, second = ProcessShare(batches, 0, 2), ProcessShare(batches, 1, 2)
    print(np.concatenate([first[0], second[0]]).tolist() == batches[0].tolist())
    # True
    ```
    """

    def __init__(self, batches, index, count):
        if not isinstance(batches, keras.utils.PyDataset):
            raise ValueError(
                "ProcessShare takes a keras.utils.PyDataset of global "
                f"batches; received {type(batches).__name__}. Wrap arrays "
                "in keras_gan_kit.datasets.ShuffledBatches first."
            )
        if not 0 <= int(index) < int(count):
            raise ValueError(
                f"index must be in [0, count) = [0, {count}); received "
                f"index={index}."
            )
        # Read as the global batches would be (threads or processes).
        super().__init__(
            workers=batches.workers,
            use_multiprocessing=batches.use_multiprocessing,
            max_queue_size=batches.max_queue_size,
        )
        self.batches = batches
        self.index = int(index)
        self.count = int(count)

    @classmethod
    def from_arrays(cls, x, y, batch_size, shuffle, seed, index, count):
        """The share of `fit(x, y, batch_size, shuffle)`'s batches: in
        order, or shuffled every epoch in the order drawn from
        `(seed, epoch)`, the same on every process."""
        batches = (ShuffledBatches if shuffle else _OrderedBatches)(
            x, y, batch_size=batch_size, seed=seed, drop_remainder=False
        )
        return cls(batches, index, count)

    def __len__(self):
        return len(self.batches)

    def _share(self, rows):
        """This process's part of `rows` (an array of a batch's rows, or
        of its size)."""
        size = len(rows)
        if size % self.count:
            raise ValueError(
                f"Data-parallel training splits every batch evenly over "
                f"{self.count} processes, but received a batch of {size} "
                f"images. Use a batch size divisible by {self.count}, and "
                "data whose last batch is full too "
                "(datasets.ShuffledBatches drops the last partial batch)."
            )
        part = size // self.count
        return rows[self.index * part : (self.index + 1) * part]

    def __getitem__(self, index):
        batches = self.batches
        if isinstance(batches, ShuffledBatches):
            rows = batches._rows(index)
            if isinstance(rows, tuple):  # one order per domain
                return batches._gather(tuple(self._share(r) for r in rows))
            return batches._gather(self._share(rows))
        return keras.tree.map_structure(self._share, batches[index])

    def on_epoch_begin(self):
        self.batches.on_epoch_begin()

    def on_epoch_end(self):
        self.batches.on_epoch_end()
