"""tfdl.data: see the modules in this folder; every public name is re-exported here."""

from tfdl.data.digits import load_digits, digit_image
from tfdl.data.loaders import (
    DATASETS, DATASET_CLASSES, DatasetUnavailableError, keras_cache_dir, is_cached,
    load_keras_dataset, load_dataset, as_tf_dataset
)
from tfdl.data.sequences import (
    SEQUENCE_TASKS, CharTokenizer, SequenceTask, make_sequence_task, split_by_length,
    format_date_source
)
from tfdl.data.shapes_images import SHAPE_CLASSES, ShapesData, draw_shape, make_shapes
from tfdl.data.toy2d import (
    TOY2D_DATASETS, TOY2D_RADIUS, make_circle, make_xor, make_gaussians, make_spiral,
    make_moons, make_toy2d
)
from tfdl.data.worked_examples import (
    WorkedExample, CONVOLUTIONS, POOLINGS, PADDING_MODE_INPUT, PADDING_MODE_KERNEL,
    PADDING_MODE_EXAMPLES, CONV_MATRIX_3x3_2x2, OUTPUT_SIZE_EXAMPLES, SIZE_CHAIN_28,
    DENSE_PARAM_EXAMPLES
)

__all__ = [
    "load_digits", "digit_image", "DATASETS", "DATASET_CLASSES", "DatasetUnavailableError",
    "keras_cache_dir", "is_cached", "load_keras_dataset", "load_dataset", "as_tf_dataset",
    "SEQUENCE_TASKS", "CharTokenizer", "SequenceTask", "make_sequence_task", "split_by_length",
    "format_date_source", "SHAPE_CLASSES", "ShapesData", "draw_shape", "make_shapes",
    "TOY2D_DATASETS", "TOY2D_RADIUS", "make_circle", "make_xor", "make_gaussians", "make_spiral",
    "make_moons", "make_toy2d", "WorkedExample", "CONVOLUTIONS", "POOLINGS", "PADDING_MODE_INPUT",
    "PADDING_MODE_KERNEL", "PADDING_MODE_EXAMPLES", "CONV_MATRIX_3x3_2x2", "OUTPUT_SIZE_EXAMPLES",
    "SIZE_CHAIN_28", "DENSE_PARAM_EXAMPLES"
]
