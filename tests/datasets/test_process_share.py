"""Each process's share of every batch: together the shares are the
batch, in order, and a `ShuffledBatches` reads only the share's rows."""

import keras
import numpy as np
import pytest

from keras_gan_kit.datasets import ProcessShare
from keras_gan_kit.datasets import ShuffledBatches
from keras_gan_kit.datasets import UnpairedBatches


class _CountingBatches(ShuffledBatches):
    """Records the rows it reads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = []

    def _gather(self, rows):
        self.read.extend(int(row) for row in rows)
        return super()._gather(rows)


class _Pairs(keras.utils.PyDataset):
    """A PyDataset of its own: (images, labels) of 6 rows."""

    def __len__(self):
        return 2

    def __getitem__(self, index):
        rows = np.arange(6) + 6 * index
        return rows.astype("float32"), rows % 3


def _joined(shares, index):
    parts = [share[index] for share in shares]
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(p) for p in zip(*parts))
    return np.concatenate(parts)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_shares_of_a_batch_are_the_batch_in_order(count):
    images, labels = np.arange(24.0), np.arange(24) % 5
    batches = ShuffledBatches(images, labels, batch_size=6, seed=3)
    shares = [ProcessShare(batches, index, count) for index in range(count)]
    assert len(shares[0]) == len(batches) == 4
    for index in range(len(batches)):
        for ours, expected in zip(_joined(shares, index), batches[index]):
            np.testing.assert_array_equal(ours, expected)


def test_a_shuffled_share_reads_only_its_rows():
    batches = _CountingBatches(np.arange(16.0), batch_size=8, seed=0)
    expected = batches[1]
    batches.read.clear()
    second = ProcessShare(batches, 1, 2)[1]
    np.testing.assert_array_equal(second, expected[4:])
    assert sorted(batches.read) == sorted(int(v) for v in expected[4:])


def test_every_epoch_keeps_the_order_one_process_sees():
    batches = ShuffledBatches(np.arange(12.0), batch_size=4, seed=1)
    shares = [ProcessShare(batches, index, 2) for index in range(2)]
    first_epoch = [_joined(shares, i) for i in range(3)]
    shares[0].on_epoch_end()  # as Keras calls it on the one it reads
    assert batches.epoch == 1
    second_epoch = [_joined(shares, i) for i in range(3)]
    batches.set_epoch(1)
    for ours, expected in zip(second_epoch, [batches[i] for i in range(3)]):
        np.testing.assert_array_equal(ours, expected)
    assert not all(
        np.array_equal(a, b) for a, b in zip(first_epoch, second_epoch)
    )


def test_unpaired_batches_share_both_domains():
    batches = UnpairedBatches(np.arange(8.0), -np.arange(6.0), 4, seed=2)
    shares = [ProcessShare(batches, index, 2) for index in range(2)]
    for index in range(len(batches)):
        for ours, expected in zip(_joined(shares, index), batches[index]):
            np.testing.assert_array_equal(ours, expected)


def test_any_pydataset_is_sliced():
    shares = [ProcessShare(_Pairs(), index, 3) for index in range(3)]
    images, labels = shares[2][1]
    np.testing.assert_array_equal(images, [10.0, 11.0])
    np.testing.assert_array_equal(labels, [1, 2])


@pytest.mark.parametrize("shuffle", [False, True])
def test_arrays_in_order_or_shuffled_from_the_seed(shuffle):
    x, y = np.arange(20.0), np.arange(20) % 4
    shares = [
        ProcessShare.from_arrays(x, y, 10, shuffle, 7, index, 2)
        for index in range(2)
    ]
    seen = np.concatenate([_joined(shares, i)[0] for i in range(2)])
    np.testing.assert_array_equal(np.sort(seen), x)
    # Every process computes the same order from the seed.
    again = ProcessShare.from_arrays(x, y, 10, shuffle, 7, 1, 2)
    np.testing.assert_array_equal(again[0][0], shares[1][0][0])
    assert np.array_equal(seen, x) != shuffle


def test_an_uneven_batch_is_refused():
    share = ProcessShare(ShuffledBatches(np.arange(10.0), batch_size=5), 0, 2)
    with pytest.raises(ValueError, match="batch of 5 images.*divisible by 2"):
        share[0]


@pytest.mark.parametrize(
    "batches, index, count, match",
    [
        (np.arange(4.0), 0, 2, "takes a keras.utils.PyDataset.*ndarray"),
        (_Pairs(), 2, 2, "index must be in \\[0, count\\)"),
    ],
)
def test_bad_arguments_are_refused(batches, index, count, match):
    with pytest.raises(ValueError, match=match):
        ProcessShare(batches, index, count)
