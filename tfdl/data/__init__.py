"""tfdl.data: see the modules in this folder; every public name is re-exported here."""

from tfdl.data.augment import AUGMENTATIONS, augmented_dataset, make_augmenter, test_time_augmentation
from tfdl.data.detections import make_detections
from tfdl.data.digits import digit_image, load_digits
from tfdl.data.images import (
    IMAGE_FITS,
    IMAGE_FORMATS,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    image_bytes_from_data_url,
    image_header,
    read_image,
)
from tfdl.data.loaders import (
    DATASET_CLASSES,
    DATASETS,
    DatasetUnavailableError,
    as_tf_dataset,
    is_cached,
    keras_cache_dir,
    load_dataset,
    load_keras_dataset,
)
from tfdl.data.points import (
    MAX_POINT_CLASSES,
    MAX_POINTS,
    MAX_POINTS_CSV_BYTES,
    POINT_COLUMNS,
    POINT_EXTENT,
    points_csv,
    points_from_rows,
    read_points_csv,
    split_points,
)
from tfdl.data.sequences import (
    SEQUENCE_TASKS,
    CharTokenizer,
    SequenceTask,
    format_date_source,
    make_sequence_task,
    split_by_length,
)
from tfdl.data.shapes_images import SHAPE_CLASSES, ShapesData, draw_shape, make_shapes
from tfdl.data.text_classification import (
    TAGGING_EXAMPLES,
    TAGS,
    TEXT_EXAMPLES,
    TEXT_LANGUAGES,
    TEXT_TASKS,
    TaggingData,
    TextClassificationData,
    make_tagging_task,
    make_text_classification,
    sentence_label,
)
from tfdl.data.toy2d import (
    TOY2D_DATASETS,
    TOY2D_RADIUS,
    make_circle,
    make_gaussians,
    make_moons,
    make_spiral,
    make_toy2d,
    make_xor,
)
from tfdl.data.toy2d_more import (
    MAX_TOY2D_CLASSES,
    TOY2D_ALL,
    TOY2D_MULTICLASS,
    TOY2D_REGRESSION,
    make_arms,
    make_blobs,
    make_multigauss,
    make_plane,
    toy2d_task,
)
from tfdl.data.worked_examples import (
    CONVOLUTIONS,
    DENSE_PARAM_EXAMPLES,
    OUTPUT_SIZE_EXAMPLES,
    PADDING_MODE_EXAMPLES,
    PADDING_MODE_INPUT,
    PADDING_MODE_KERNEL,
    POOLINGS,
    SIZE_CHAIN_28,
    CONV_MATRIX_3x3_2x2,
    WorkedExample,
)

__all__ = [
    "make_detections", "POINT_COLUMNS", "MAX_POINTS", "MAX_POINT_CLASSES", "MAX_POINTS_CSV_BYTES", "POINT_EXTENT",
    "points_from_rows", "read_points_csv", "points_csv", "split_points",
    "load_digits", "digit_image", "DATASETS", "DATASET_CLASSES", "DatasetUnavailableError",
    "keras_cache_dir", "is_cached", "load_keras_dataset", "load_dataset", "as_tf_dataset",
    "SEQUENCE_TASKS", "CharTokenizer", "SequenceTask", "make_sequence_task", "split_by_length",
    "format_date_source", "SHAPE_CLASSES", "ShapesData", "draw_shape", "make_shapes",
    "TOY2D_DATASETS", "TOY2D_RADIUS", "make_circle", "make_xor", "make_gaussians", "make_spiral",
    "make_moons", "make_toy2d", "TOY2D_ALL", "TOY2D_MULTICLASS", "TOY2D_REGRESSION", "MAX_TOY2D_CLASSES",
    "make_blobs", "make_arms", "make_plane", "make_multigauss", "toy2d_task",
    "WorkedExample", "CONVOLUTIONS", "POOLINGS", "PADDING_MODE_INPUT",
    "PADDING_MODE_KERNEL", "PADDING_MODE_EXAMPLES", "CONV_MATRIX_3x3_2x2", "OUTPUT_SIZE_EXAMPLES",
    "SIZE_CHAIN_28", "DENSE_PARAM_EXAMPLES", "read_image", "image_header", "image_bytes_from_data_url",
    "IMAGE_FORMATS", "IMAGE_FITS", "MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS", "AUGMENTATIONS", "augmented_dataset",
    "make_augmenter", "test_time_augmentation",
    "TAGS", "TEXT_LANGUAGES", "TEXT_TASKS", "TaggingData", "TextClassificationData", "make_tagging_task",
    "make_text_classification", "sentence_label", "TEXT_EXAMPLES", "TAGGING_EXAMPLES",
]
