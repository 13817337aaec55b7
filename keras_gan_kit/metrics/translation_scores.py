"""Scores of an image-to-image translator on held-out images: paired
(against each source's target) and unpaired (class shares and cycle
reconstruction of both directions)."""

import numpy as np

from keras_gan_kit.metrics.frechet_distance import frechet_distance
from keras_gan_kit.metrics.image_similarity import mean_absolute_error
from keras_gan_kit.metrics.image_similarity import psnr
from keras_gan_kit.metrics.image_similarity import ssim


def center_crop_to(images, extractor):
    """`images` cropped at their center to `extractor.image_shape`'s height
    and width (32-pixel Fashion-MNIST translations to the classifier's 28),
    or unchanged when they already fit or the extractor takes any size."""
    shape = getattr(extractor, "image_shape", None)
    images = np.asarray(images)
    if shape is None or tuple(images.shape[1:3]) == tuple(shape[:2]):
        return images
    height, width = shape[:2]
    if images.shape[1] < height or images.shape[2] < width:
        raise ValueError(
            f"The extractor takes {height}x{width} images; received "
            f"{images.shape[1]}x{images.shape[2]}, smaller. Pass an "
            "extractor of this size (or one that resizes, such as "
            "metrics.inception_v3_feature_extractor())."
        )
    top = (images.shape[1] - height) // 2
    left = (images.shape[2] - width) // 2
    return images[:, top : top + height, left : left + width]


def paired_translation_scores(
    outputs, targets, extractor=None, real_features=None, fid_samples=None
):
    """How closely translations match their targets.

    L1 (mean absolute difference), PSNR and SSIM of every output against
    its target, on the [-1, 1] scale; with an `extractor`, also the FID of
    the outputs' features against `real_features` (the targets' own when
    `None`). Images larger than the extractor's input are cropped at their
    center to it.

    Args:
        outputs: `(n, height, width, channels)` translations in [-1, 1].
        targets: Their targets, the same shape.
        extractor: A `FeatureExtractor` for the FID, or `None` for no FID.
            Defaults to `None`.
        real_features: Features of real target images to compare with;
            `None` extracts those of `targets`. Defaults to `None`.
        fid_samples: Use the first this many outputs (and targets) for the
            FID; `None` uses all. Defaults to `None`.

    Returns:
        A dict with `"l1"`, `"psnr"`, `"ssim"` and, with an extractor,
        `"fid"`, each a float.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import paired_translation_scores

    targets = np.zeros((2, 8, 8, 1), "float32")
    scores = paired_translation_scores(targets + 0.1, targets)
    print(sorted(scores), round(scores["l1"], 3))
    # ['l1', 'psnr', 'ssim'] 0.1
    ```
    """
    scores = {
        "l1": mean_absolute_error(outputs, targets),
        "psnr": psnr(outputs, targets),
        "ssim": ssim(outputs, targets),
    }
    if extractor is not None:
        count = fid_samples or len(outputs)
        if real_features is None:
            real_features = extractor.features(
                center_crop_to(targets[:count], extractor)
            )
        fake = extractor.features(center_crop_to(outputs[:count], extractor))
        scores["fid"] = frechet_distance(real_features, fake)
    return scores


def unpaired_translation_scores(
    model, sources, target_classes, extractor, real_features=None
):
    """How well a two-way translator (a `CycleGAN`) changes the class and
    keeps the rest.

    For each direction of `sources` (`"ab"`: images of domain A, `"ba"`:
    of domain B): the share of translations the `extractor`'s classifier
    assigns to `target_classes[direction]`, the L1 of translating there
    and back against the source (cycle reconstruction, [-1, 1] scale),
    and, where `real_features[direction]` is given, the FID of the
    translations against those real images of the target domain. Images
    larger than the extractor's input are cropped at their center to it.

    Args:
        model: Anything with `translate(images, direction=...)` for
            `"ab"` and `"ba"`.
        sources: `{"ab": images_a, "ba": images_b}`; either may be left
            out.
        target_classes: `{"ab": class of B, "ba": class of A}`: the class
            index each direction should reach.
        extractor: A `FeatureExtractor` with class logits, such as
            `metrics.domain_feature_extractor("fashion_mnist")`.
        real_features: `{direction: features of real target-domain
            images}` for the FIDs; `None` or a missing direction skips
            that FID. Defaults to `None`.

    Returns:
        A dict of floats: `"{direction}_class_share"`,
        `"{direction}_cycle_l1"` and, with real features,
        `"{direction}_fid"`.

    Examples:

    ```python
    import numpy as np
    from keras_gan_kit.metrics import domain_feature_extractor
    from keras_gan_kit.metrics import unpaired_translation_scores

    class Unchanged:  # a translator that leaves every image as it is
        def translate(self, images, direction="ab"):
            return images

    images = np.full((4, 28, 28, 1), -1.0, "float32")
    scores = unpaired_translation_scores(
        Unchanged(),
        {"ab": images},
        {"ab": 9},
        domain_feature_extractor("fashion_mnist"),
    )
    print(sorted(scores), scores["ab_cycle_l1"])
    # ['ab_class_share', 'ab_cycle_l1'] 0.0
    ```
    """
    real_features = real_features or {}
    scores = {}
    for direction, source in sources.items():
        if direction not in target_classes:
            raise ValueError(
                f"No target class for direction {direction!r}; received "
                f"target_classes for {sorted(target_classes)}. Give the "
                "class index each direction of `sources` should reach."
            )
        back = "ba" if direction == "ab" else "ab"
        translated = np.asarray(model.translate(source, direction=direction))
        round_trip = model.translate(translated, direction=back)
        features, logits = extractor.features_and_logits(
            center_crop_to(translated, extractor)
        )
        scores[f"{direction}_class_share"] = float(
            np.mean(np.argmax(logits, axis=1) == target_classes[direction])
        )
        scores[f"{direction}_cycle_l1"] = mean_absolute_error(
            round_trip, source
        )
        if direction in real_features:
            scores[f"{direction}_fid"] = frechet_distance(
                real_features[direction], features
            )
    return scores
