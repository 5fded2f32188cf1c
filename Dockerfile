# The API and loader image (docker-compose.yml). Runs as a non-root user; the bundled article is included.

# The pages' front-end assets (the reader's timeline, /docs, /redoc): npm packages pinned in web/package-lock.json,
# copied by scripts/build-web.sh as `make venv` does outside Docker.
FROM node:20-slim AS web
WORKDIR /src
COPY web/package.json web/package-lock.json web/.npmrc web/
COPY scripts/build-web.sh scripts/
RUN mkdir -p graph_service/static && bash scripts/build-web.sh

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY graph_service graph_service
COPY --from=web /src/graph_service/static/vendor graph_service/static/vendor
COPY loaders loaders
COPY queries queries
COPY timeline_kg timeline_kg
COPY data data
COPY docs docs
RUN pip install --no-cache-dir -e . && useradd --create-home app
USER app
EXPOSE 8000
CMD ["timeline-kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
