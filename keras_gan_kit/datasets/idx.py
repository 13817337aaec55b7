"""The idx format of MNIST and Fashion-MNIST, and their published checksums.

MNIST and Fashion-MNIST are published as four idx files each. Whatever
container a copy comes in (Keras's `mnist.npz`, the `.gz` files, the
unpacked files), its arrays re-encode to the same idx bytes, so one set of
checksums, the MD5s the authors publish for the unpacked files, checks them
all.
"""

import gzip
import hashlib
import os
import struct
import zlib

import numpy as np

# The MD5 of each unpacked idx file, as published with the datasets.
PUBLISHED_MD5 = {
    "mnist": {
        "x_train": "6bbc9ace898e44ae57da46a324031adb",
        "y_train": "a25bea736e30d166cdddb491f175f624",
        "x_test": "2646ac647ad5339dbf082846283269ea",
        "y_test": "27ae3e4e09519cfbb04c329615203637",
    },
    "fashion_mnist": {
        "x_train": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "y_train": "9018921c3c673c538a1fc5bad174d6f9",
        "x_test": "8181f5470baa50b63fa0f6fddb340f0a",
        "y_test": "15d484375f8d13e6eb1aabb0c3f46965",
    },
}

# The file names of the published idx files, by Keras key.
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}

_UNSIGNED_BYTE = 0x08


def encode_idx(array):
    """The idx bytes of a uint8 array: a 4-byte magic number, the
    dimensions as big-endian int32, then the values."""
    array = np.asarray(array)
    header = struct.pack(">HBB", 0, _UNSIGNED_BYTE, array.ndim)
    header += b"".join(struct.pack(">I", size) for size in array.shape)
    return header + np.ascontiguousarray(array, dtype="uint8").tobytes()


def idx_md5(array):
    """The MD5 of `array` written as an unpacked idx file."""
    return hashlib.md5(encode_idx(array)).hexdigest()


def verify(arrays, dataset, source):
    """Checks each array of `arrays` (a dict keyed like `keras.datasets`)
    against the published checksums of `dataset`; raises a `ValueError`
    naming `source` on a mismatch."""
    for key, array in arrays.items():
        expected = PUBLISHED_MD5[dataset].get(key)
        if expected is None:
            continue
        found = idx_md5(array)
        if found != expected:
            raise ValueError(
                f"{key} of {source} does not match the published {dataset} "
                f"checksum (idx MD5 {found}, expected {expected}): the file "
                "is corrupt, truncated or not the official data. Download "
                "it again; to load a modified copy on purpose, pass "
                "verify=False."
            )


def read_idx(path):
    """Reads one idx file, gzipped (`.gz`) or not, into a uint8 array.

    Raises:
        ValueError: The file is missing, not idx, truncated or corrupt.
    """
    path = os.fspath(path)
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise ValueError(f"idx file not found: {path!r}.") from None
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(
            f"{path!r} is corrupt or truncated ({error}). Download it again."
        ) from None
    if len(data) < 4 or data[:2] != b"\0\0" or data[2] != _UNSIGNED_BYTE:
        raise ValueError(
            f"{path!r} is not an idx file of unsigned bytes (it starts with "
            f"{data[:4]!r}); expected a file such as "
            "train-images-idx3-ubyte.gz."
        )
    ndim = data[3]
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise ValueError(f"{path!r} is truncated inside its header.")
    shape = struct.unpack(f">{ndim}I", data[4:header_size])
    expected = int(np.prod(shape))
    if len(data) - header_size != expected:
        raise ValueError(
            f"{path!r} holds {len(data) - header_size} values after its "
            f"header; its header announces shape {shape} ({expected} "
            "values). The file is truncated or corrupt: download it again."
        )
    return np.frombuffer(data, dtype="uint8", offset=header_size).reshape(shape)


def find_idx_file(folder, key):
    """The path of `key`'s idx file in `folder` (`.gz` or unpacked), or
    `None`."""
    for name in (IDX_FILES[key] + ".gz", IDX_FILES[key]):
        # Some mirrors write "t10k-images.idx3-ubyte"; accept both.
        for candidate in (name, name.replace("-idx", ".idx")):
            path = os.path.join(folder, candidate)
            if os.path.exists(path):
                return path
    return None
