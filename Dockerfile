# The API and loader image (docker-compose.yml). Runs as a non-root user; the bundled article is included.
# PYTHON_IMAGE: a Debian-like image with Python 3.11+ and its venv module; the official one by default, the local
# stand-in of scripts/docker-images.sh on an engine that cannot pull.
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH
# A virtual environment (Debian's own Python refuses pip installs into the system, PEP 668) holding the
# dependencies first, in a layer of their own: a change to the code does not download them again.
COPY pyproject.toml ./
RUN python3 -m venv /opt/venv \
 && python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
    > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt && rm /tmp/requirements.txt
COPY README.md ./
# graph_service/static/vendor (the pages' npm assets) comes from the build context: `make venv` builds it
# (scripts/build-web.sh); without it the API serves everything but the reader's page, which says how to build it.
COPY graph_service graph_service
COPY loaders loaders
COPY queries queries
COPY timeline_kg timeline_kg
COPY data data
COPY docs docs
RUN pip install --no-cache-dir --no-deps -e . && useradd --create-home app
USER app
EXPOSE 8000
CMD ["timeline-kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
