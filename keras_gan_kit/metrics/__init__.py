"""Sample-quality metrics that work offline: FID, KID, precision and
recall, a classifier score, conditional accuracy and a memorization check,
on pluggable feature
extractors (bundled MNIST / Fashion-MNIST classifiers, or InceptionV3).

Each metric is a streaming `keras.metrics.Metric` and each has a pure
function on feature arrays (`frechet_distance`, `kernel_distance`, ...).
"""

from keras_gan_kit.metrics.classifier_score import ClassifierScore
from keras_gan_kit.metrics.classifier_score import classifier_score
from keras_gan_kit.metrics.conditional_accuracy import ConditionalAccuracy
from keras_gan_kit.metrics.conditional_accuracy import conditional_accuracy
from keras_gan_kit.metrics.domain_classifiers import domain_classifier
from keras_gan_kit.metrics.evaluation import evaluate
from keras_gan_kit.metrics.feature_extractor import FeatureExtractor
from keras_gan_kit.metrics.feature_extractor import domain_feature_extractor
from keras_gan_kit.metrics.frechet_distance import FrechetDistance
from keras_gan_kit.metrics.frechet_distance import frechet_distance
from keras_gan_kit.metrics.frechet_distance import (
    frechet_distance_from_statistics,
)
from keras_gan_kit.metrics.image_similarity import mean_absolute_error
from keras_gan_kit.metrics.image_similarity import psnr
from keras_gan_kit.metrics.image_similarity import ssim
from keras_gan_kit.metrics.inception import InceptionV3FeatureExtractor
from keras_gan_kit.metrics.inception import inception_v3_feature_extractor
from keras_gan_kit.metrics.kernel_distance import KernelDistance
from keras_gan_kit.metrics.kernel_distance import kernel_distance
from keras_gan_kit.metrics.memorization import memorization_check
from keras_gan_kit.metrics.memorization import nearest_neighbors
from keras_gan_kit.metrics.memorization import save_memorization_grid
from keras_gan_kit.metrics.precision_recall import PrecisionRecall
from keras_gan_kit.metrics.precision_recall import precision_recall
from keras_gan_kit.metrics.translation_scores import paired_translation_scores
from keras_gan_kit.metrics.translation_scores import unpaired_translation_scores

__all__ = [
    "ClassifierScore",
    "ConditionalAccuracy",
    "FeatureExtractor",
    "FrechetDistance",
    "InceptionV3FeatureExtractor",
    "KernelDistance",
    "PrecisionRecall",
    "classifier_score",
    "conditional_accuracy",
    "domain_classifier",
    "domain_feature_extractor",
    "evaluate",
    "frechet_distance",
    "frechet_distance_from_statistics",
    "inception_v3_feature_extractor",
    "kernel_distance",
    "mean_absolute_error",
    "memorization_check",
    "nearest_neighbors",
    "paired_translation_scores",
    "precision_recall",
    "psnr",
    "save_memorization_grid",
    "ssim",
    "unpaired_translation_scores",
]
