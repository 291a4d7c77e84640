# The tfdl playground as a container: CPU by default.
#   docker build -t tfdl-playground .
#   docker run --rm -p 8501:8501 tfdl-playground                     # http://localhost:8501
# On NVIDIA GPUs, the TensorFlow CUDA wheel (the host needs the NVIDIA driver and container toolkit):
#   docker build --build-arg TENSORFLOW="tensorflow[and-cuda]==2.21.*" -t tfdl-playground:gpu .
#   docker run --rm --gpus all -e TF_FORCE_GPU_ALLOW_GROWTH=true -p 8501:8501 tfdl-playground:gpu
# A class: docker-compose.yml runs several of these behind nginx (README, "Teach with it").
FROM python:3.11-slim

# the TensorFlow requirement: the CPU wheel, or "tensorflow[and-cuda]==2.21.*" (same version as requirements.txt)
ARG TENSORFLOW="tensorflow==2.21.*"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app

# dependencies first: a change to the code does not reinstall TensorFlow
COPY requirements.txt ./
RUN pip install "${TENSORFLOW}" -r requirements.txt

# editable, so the launcher finds .streamlit/config.toml (the hardened settings) next to playground/
COPY pyproject.toml README.md ./
COPY .streamlit ./.streamlit
COPY tfdl ./tfdl
COPY playground ./playground
RUN pip install --no-deps -e . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin tfdl

USER tfdl
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]
# TFDL_MAX_JOBS (or --max-jobs) caps the trainings run at once; default: the CPUs the container may use
CMD ["tfdl-playground", "--address", "0.0.0.0", "--port", "8501"]
