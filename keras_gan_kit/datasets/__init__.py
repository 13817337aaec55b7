"""Datasets: the teaching material's sets by name, your own files (in
memory or streamed), the bundled Fashion-MNIST sample, pixel scaling and
resumable batches."""

from keras_gan_kit.datasets.batches import ShuffledBatches
from keras_gan_kit.datasets.batches import UnpairedBatches
from keras_gan_kit.datasets.image_folder import image_folder
from keras_gan_kit.datasets.image_stream import ImageFolderStream
from keras_gan_kit.datasets.loaders import CIFAR10_CLASSES
from keras_gan_kit.datasets.loaders import FASHION_MNIST_CLASSES
from keras_gan_kit.datasets.loaders import NOTMNIST_CLASSES
from keras_gan_kit.datasets.loaders import cache_dir
from keras_gan_kit.datasets.loaders import list_datasets
from keras_gan_kit.datasets.loaders import load
from keras_gan_kit.datasets.loaders import load_path
from keras_gan_kit.datasets.paired_stream import PairedFolderStream
from keras_gan_kit.datasets.process_share import ProcessShare
from keras_gan_kit.datasets.scaling import scale_images
from keras_gan_kit.datasets.scaling import unscale_images
from keras_gan_kit.datasets.translation_folders import paired_folder
from keras_gan_kit.datasets.translation_folders import unpaired_folders
from keras_gan_kit.datasets.translation_tasks import SNEAKER2BOOT_TARGET_CLASSES
from keras_gan_kit.datasets.translation_tasks import TRANSLATION_TASKS
from keras_gan_kit.datasets.translation_tasks import sobel_edges
from keras_gan_kit.datasets.translation_tasks import translation_task

__all__ = [
    "CIFAR10_CLASSES",
    "FASHION_MNIST_CLASSES",
    "ImageFolderStream",
    "NOTMNIST_CLASSES",
    "PairedFolderStream",
    "ProcessShare",
    "ShuffledBatches",
    "SNEAKER2BOOT_TARGET_CLASSES",
    "TRANSLATION_TASKS",
    "UnpairedBatches",
    "cache_dir",
    "image_folder",
    "list_datasets",
    "load",
    "load_path",
    "paired_folder",
    "scale_images",
    "sobel_edges",
    "translation_task",
    "unpaired_folders",
    "unscale_images",
]
