# The API and loader image (docker-compose.yml). Runs as a non-root user; the bundled article is included.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY graph_service graph_service
COPY loaders loaders
COPY queries queries
COPY timeline_kg timeline_kg
COPY data data
COPY docs docs
RUN pip install --no-cache-dir -e . && useradd --create-home app
USER app
EXPOSE 8000
CMD ["timeline-kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
