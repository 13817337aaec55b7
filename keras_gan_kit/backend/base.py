"""The interface between the training step and a Keras backend.

`keras_gan_kit.models.training_step` is written once in `keras.ops`; what it
cannot write there (taking gradients, applying them, the trainer's calling
convention, data-parallel rules) it asks of a `Backend`. Each backend file
(`tensorflow_backend.py`, `jax_backend.py`, `torch_backend.py`) holds one
subclass, and `keras_gan_kit.backend` picks the one of the active Keras
backend when it is imported, as Keras picks its trainer.

The gradient primitives are four, each one thing the step does:

- `value_and_grad`: a discriminator update's loss and its gradients.
- `forward_and_pullback`: the generator pass that two updates share.
- `value_and_grad_through`: the generator's loss on that pass and its
  gradients, pulled back through it.
- `input_gradients`: the differentiable gradient of a value with respect to
  an input tensor, for gradient penalties.
"""

import abc
import contextlib

from keras import ops

SUPPORTED_BACKENDS = ("tensorflow", "jax", "torch")


# The variables batch normalization updates from each replica's slice.
MOVING_STATISTICS = ("moving_mean", "moving_variance")


def moving_statistics(model):
    """Batch norm's moving statistics among `model`'s variables."""
    return [
        variable
        for variable in model.non_trainable_variables
        if variable.name in MOVING_STATISTICS
    ]


class Backend(abc.ABC):
    """What the training step needs from a Keras backend.

    The defaults are those of a backend that runs one process on one
    device with an eager or traced stateful step (TensorFlow and PyTorch);
    a subclass overrides what differs.

    Attributes:
        name: The Keras backend's name.
        joint_discriminator_pass: Whether the discriminator sees the real
            and the generated batch in one call (on their concatenation)
            when it has no batch normalization. True on PyTorch, where
            layers that update their weights in place during the forward
            pass (`keras.layers.SpectralNormalization`) allow one call per
            update.
        phase_transposed_convolutions: Whether the builders compute
            transposed convolutions by phases (`layers.PhaseConv2DTranspose`):
            on JAX, whose XLA CPU gradient of the direct form is slow.
        dense_grouped_convolutions: Whether `layers.GroupedConv2D`
            computes with a dense block-diagonal kernel: on TensorFlow
            and JAX, whose grouped convolutions are slow on CPU
            (`benchmarks/grouped_conv_speed.py`).
        sliced_resampling: Whether `layers.Upsample2D` and `Downsample2D`
            filter with strided slices and sums instead of a depthwise
            convolution: on JAX, whose XLA CPU depthwise convolution and
            its gradients are some 20 times slower (a StyleGAN2 step at 64
            channels: 2.2 s against minutes). TensorFlow and PyTorch are
            faster with the depthwise convolution.

    Examples:

    ```python
    from keras_gan_kit import backend

    print(backend.current.name in backend.SUPPORTED_BACKENDS)
    # True
    ```
    """

    name = None
    joint_discriminator_pass = False
    phase_transposed_convolutions = False
    dense_grouped_convolutions = False
    sliced_resampling = False

    # ------------------------------------------------------------------
    # The trainer's calling convention
    # ------------------------------------------------------------------

    def run_step(self, step, gan, data):
        """Runs `step(gan, data)` as Keras's trainer calls `train_step`
        and returns what the trainer expects back: the logs."""
        return step(gan, data)

    # ------------------------------------------------------------------
    # Gradients
    # ------------------------------------------------------------------

    @abc.abstractmethod
    def value_and_grad(self, function, variables):
        """The value of `function()` and its gradients.

        Args:
            function: Takes no argument, reads `variables` and returns
                `(scalar, aux)`.
            variables: A list of `keras.Variable`.

        Returns:
            `((scalar, aux), gradients)`, one gradient per variable.
        """

    @abc.abstractmethod
    def forward_and_pullback(self, function, variables):
        """A forward pass kept for one later gradient.

        Args:
            function: Takes no argument, reads `variables` and returns a
                tensor.
            variables: A list of `keras.Variable`.

        Returns:
            `(output, pull_back)`: `function()`'s output and an object
            that `value_and_grad_through` takes.
        """

    @abc.abstractmethod
    def value_and_grad_through(self, function, output, pull_back):
        """The value of `function(output)` and its gradients with respect
        to the variables behind `output`.

        Args:
            function: Maps a tensor like `output` to `(scalar, aux)`.
            output: The output of `forward_and_pullback`.
            pull_back: Its pull-back.

        Returns:
            `((scalar, aux), gradients)`, one gradient per variable given
            to `forward_and_pullback`.
        """

    @abc.abstractmethod
    def input_gradients(self, function, inputs):
        """The gradient of `function(inputs)` with respect to `inputs`,
        itself differentiable (double backpropagation, for gradient
        penalties).

        Args:
            function: Maps `inputs` to `(scalar, aux)`.
            inputs: A tensor.

        Returns:
            `(gradient, aux)`, the gradient shaped like `inputs`.
        """

    def apply_gradients(self, optimizer, gradients, variables):
        """Applies `gradients` to `variables` with `optimizer`."""
        optimizer.apply(gradients, variables)

    @abc.abstractmethod
    def no_grad(self):
        """A context in which nothing is recorded for differentiation."""

    def lazily(self, active, compute, skip):
        """`compute()` where `active` (a boolean scalar), else `skip()`:
        a lazy regularizer's conditional. Both return the same structure
        of tensors. By default `ops.cond`, which runs one of them."""
        return ops.cond(active, compute, skip)

    # ------------------------------------------------------------------
    # Data-parallel rules
    # ------------------------------------------------------------------

    @abc.abstractmethod
    def replica_random(self, draw, shape):
        """This replica's random numbers of one draw for the batch.

        A data-parallel step must draw, over its replicas, the numbers one
        device would draw for the global batch; each backend says how its
        replicas see the batch.

        Args:
            draw: A function of a shape that returns a random tensor.
            shape: The shape of this replica's draw; `shape[0]` is its
                batch size.

        Returns:
            A tensor of `shape`, the rows one device would draw for this
            replica's slice of the global batch.
        """

    def data_parallel(self, devices):
        """The backend's data-parallel context; see
        `keras_gan_kit.distribution.data_parallel`."""
        raise ValueError(
            f"Data-parallel training is not available on the {self.name!r} "
            "backend: Keras's PyTorch trainer runs on one device (the GPU "
            "when PyTorch sees one) and Keras has no PyTorch distribution "
            "engine. Train on one device, or set KERAS_BACKEND to 'jax' or "
            "'tensorflow' to train on several; the same GAN code runs "
            "there unchanged."
        )

    def data_shards(self):
        """Into how many slices each batch of `fit` is split: over this
        process's devices (JAX), or over the processes (PyTorch)."""
        return 1

    def process_share(self):
        """`(index, count)`: this process's index among the `count`
        processes that each read their share of every batch of `fit`
        (`(0, 1)` for one process)."""
        return 0, 1

    def sharded_input(self, x):
        """Whether the engine itself gives each process its share of `x`,
        an input `fit` cannot split into shares (a `tf.data.Dataset`
        under Keras's distribution)."""
        del x
        return False

    def share_input(self, share):
        """A context that yields what `fit` takes for `share`, a
        `datasets.ProcessShare` of its batches, while `fit` runs."""
        return contextlib.nullcontext(share)

    def processes_fit(self, model):
        """A context around `fit` of `model` when several processes train
        together, for what the backend's trainer needs then."""
        del model
        return contextlib.nullcontext()

    def launched_processes(self):
        """How many processes a launcher started for this run, from the
        environment it sets (before any process group is joined); 1 where
        none did or the backend has no launcher."""
        return 1

    def process_index(self):
        """This process's index among the processes of a run, from 0."""
        return 0

    def barrier(self):
        """Waits until every process of the run reaches this point; one
        process returns at once."""
        return None

    def alone(self, model):
        """A context in which this process computes with `model` on its
        own (a callback of the first process that samples images), while
        the others go on; nothing to do where each process runs its own
        program (PyTorch, TensorFlow's workers, one process)."""
        del model
        return contextlib.nullcontext()

    def cross_replica_mean(self, value):
        """The mean of `value` over the replicas that each computed it on
        their slice of the batch; `value` itself where the step already
        sees the whole batch (one device, or JAX's one program) or the
        engine aggregates (Keras's metrics under `tf.distribute`)."""
        return value

    def cross_replica_sum(self, value):
        """The sum of `value` over the replicas, like
        `cross_replica_mean`."""
        return value

    # ------------------------------------------------------------------
    # Input pipelines and global random state
    # ------------------------------------------------------------------

    def array_dataset(self, x, y, batch_size, shuffle):
        """A faster input for `fit` on NumPy arrays, or None to let Keras's
        adapter read them."""
        del x, y, batch_size, shuffle
        return None

    def py_dataset(self, batches):
        """A faster input for `fit` on a `keras.utils.PyDataset` read in
        order, or None to let Keras read it."""
        del batches
        return None

    def get_global_rng_state(self):
        """The backend's global random state that Keras layers draw from,
        as a NumPy array, or None where there is none."""
        return None

    def set_global_rng_state(self, state):
        """Restores a state returned by `get_global_rng_state`."""
        del state


class UnsupportedBackend(Backend):
    """The backend of a Keras backend that keras_gan_kit does not train on
    (NumPy, OpenVINO): importing works, training says what to do."""

    def _refuse(self, *args, **kwargs):
        del args, kwargs
        raise ValueError(
            f"keras_gan_kit trains on the TensorFlow, JAX and PyTorch "
            f"backends; the active Keras backend is {self.name!r}. Set "
            "KERAS_BACKEND to 'tensorflow', 'jax' or 'torch' before "
            "importing keras."
        )

    run_step = _refuse
    value_and_grad = _refuse
    forward_and_pullback = _refuse
    value_and_grad_through = _refuse
    input_gradients = _refuse
    no_grad = _refuse
    replica_random = _refuse
    data_parallel = _refuse
