"""Data-parallel training on Keras's distribution engines."""

from keras_gan_kit import backend


def data_parallel(devices=None):
    """A context that trains GANs data-parallel over several devices.

    Build, compile and fit the GAN inside it. Each device holds a copy of
    both networks and runs the training step on its slice of every batch;
    gradients and logged values are averaged over the whole batch, and the
    latent vectors are the ones one device would draw for it, so two
    devices with a batch of 256 train like one device with a batch of 256
    (batch-norm statistics aside on TensorFlow and PyTorch, see the
    multi-device guide). `fit(batch_size=...)` is the global batch: the
    images of one step over every device and process; each process reads
    only its share of every batch (`datasets.ProcessShare`).

    - JAX: `keras.distribution.DataParallel` over `devices`; over every
      process's devices when `keras.distribution.initialize()`'s
      variables (`KERAS_DISTRIBUTION_JOB_ADDRESSES`,
      `KERAS_DISTRIBUTION_NUM_PROCESSES`,
      `KERAS_DISTRIBUTION_PROCESS_ID`) describe several processes (the
      context joins them), or after that call.
    - TensorFlow: `tf.distribute.MirroredStrategy` over `devices` (by
      default every GPU, else every logical CPU), or
      `tf.distribute.MultiWorkerMirroredStrategy` when the `TF_CONFIG`
      environment variable describes a cluster.
    - PyTorch: one process per device, started by `torchrun
      --nproc-per-node N` (or any launcher that sets `RANK`, `WORLD_SIZE`,
      `MASTER_ADDR` and `MASTER_PORT`); the context joins their
      `torch.distributed` process group (NCCL on GPUs, Gloo on CPUs), and
      each process trains on its slice of every global batch, gradients
      averaged over the processes. Without a launcher it is one process.

    Args:
        devices: Device names such as `["gpu:0", "gpu:1"]` or
            `["cpu:0", "cpu:1"]`; `None` takes every local accelerator
            (JAX: every device of every host; PyTorch: the device of the
            process's `LOCAL_RANK`, and only `None` is accepted).
            Defaults to `None`.

    Returns:
        A context manager that yields the backend's object: the
        `keras.distribution.DataParallel` on JAX, the `tf.distribute`
        strategy on TensorFlow, a process group (`rank`, `world_size`)
        on PyTorch.

    Raises:
        ValueError: for an unknown device name, for a cluster in
            `TF_CONFIG` together with explicit `devices`, for `devices`
            on PyTorch, or for a launcher's environment without its
            address.

    Examples:

    ```python
    import numpy as np
    import keras_gan_kit
    from keras_gan_kit import builders

    with keras_gan_kit.distribution.data_parallel():
        gan = keras_gan_kit.GAN(
            builders.mlp_generator(latent_dim=4, image_shape=(2, 2, 1)),
            builders.mlp_discriminator(image_shape=(2, 2, 1)),
        )
        gan.compile()
        images = np.zeros((8, 2, 2, 1), "float32")
        history = gan.fit(images, batch_size=4, verbose=0)
    print(sorted(history.history)[0])
    # d_loss
    ```
    """
    if devices is not None:
        if isinstance(devices, str) or not all(
            isinstance(device, str) for device in devices
        ):
            raise ValueError(
                "devices must be a list of device names such as "
                f"['gpu:0', 'gpu:1']; received {devices!r}."
            )
        devices = list(devices)
        if not devices:
            raise ValueError(
                "devices is empty; pass device names such as "
                "['gpu:0', 'gpu:1'], or None for every local device."
            )
    return backend.current.data_parallel(devices)


def process_index():
    """This process's index among the processes that train together.

    0 for one process; under `torchrun` (PyTorch), with several JAX
    processes joined (`keras.distribution.initialize()`) or with a
    cluster in
    `TF_CONFIG` inside `data_parallel()` (TensorFlow), this process's rank.

    Returns:
        An int from 0.

    Examples:

    ```python
    import keras_gan_kit

    print(keras_gan_kit.distribution.process_index())
    # 0
    ```
    """
    return backend.current.process_index()


def is_first_process():
    """Whether this process is the one that writes files: the first of
    the processes that train together, or the only one.

    The library's callbacks (grids, plots, logs, checkpoints, backups)
    write only from it; use it for files of your own.

    Returns:
        A bool.

    Examples:

    ```python
    import keras_gan_kit

    if keras_gan_kit.distribution.is_first_process():
        print("writing")
    # writing
    ```
    """
    return backend.current.process_index() == 0


__all__ = ["data_parallel", "is_first_process", "process_index"]
