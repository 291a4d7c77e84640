"""The caps every page applies to what one request may compute, whatever its link says.

One classroom server serves thirty students; a link can ask for anything. Each cap is checked
before the work starts (sizes are estimated, models are traced without weights by
``tfdl.models.model_footprint``) and a request over it gets a message in the user's language.
"""

from __future__ import annotations

# Architectures: the input fields' ranges, and the largest model the page builds. VGG19 at its
# default 224×224×3 (144 M parameters, 0.54 GiB of weights) is the largest model of the course.
MAX_SIDE, MAX_CHANNELS = 1024, 16
MAX_MODEL_PARAMS = 150_000_000
MAX_ACTIVATION_BYTES = 512 * 2**20  # the outputs of every layer for one image, float32

# Convolution lab: padding per side (inputs are at most 32 cells a side; "?p=3000" once computed a
# 6006×6006 output for 30 s and 5 GB).
MAX_PADDING = 16

# Training, everywhere in the app (Train page, the Inside page's own CNN, Sequences): the estimated
# CPU seconds of one run (tfdl.training_cost.estimate_fit_cost; the seq2seq model's own measured
# tfdl.experiments.estimate_seq2seq_seconds), checked by playground.common.training_budget before
# it starts. 500 epochs of the 2-D net at batch 1 are 100,000 steps: about five minutes here, and
# the server's two cores are shared by the whole class. The Activations page's experiments are fixed
# designs with at most 30 epochs (3–23 CPU s each, measured): they need no estimate.
MAX_TRAIN_SECONDS = 90

# Sequences: the typed or linked text of the gate traces and of the decoder (a link held 50,000
# digits once and the server crashed).
MAX_SEQUENCE_CHARS = 64

# Pictures a student uploads or draws (playground/drawing.py): the file size, in MB as Streamlit counts
# them (MiB), is `server.maxUploadSize` in .streamlit/config.toml (a test keeps the two equal) and
# tfdl.data.read_image's byte cap; its pixel cap (4096², read from the header before decoding) stops
# a small file that would decode to gigabytes.
MAX_UPLOAD_MB = 5
