# syntax=docker/dockerfile:1
# klepaas container image.
#
#   docker build -t klepaas:0.1.0 .
#   docker run --rm -p 3000:3000 --env-file .env klepaas:0.1.0            # HTTP mode (klepaas serve)
#   docker run --rm --env-file .env klepaas:0.1.0 socket                   # Socket Mode
#   docker run --rm -e DATABASE_URL=postgresql+asyncpg://… klepaas:0.1.0 db upgrade
#
# No secret is baked in: every credential comes from the environment at run time
# (in Kubernetes, from the chart's Secret; see charts/klepaas).

ARG PYTHON_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------
# builder: install the project (non-editable) and its dependencies into a venv
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}"

WORKDIR /src
# Only what the package build needs (see .dockerignore).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY intents ./intents
COPY cluster ./cluster
COPY alerts ./alerts
COPY deploys ./deploys
COPY templates ./templates
COPY bodies ./bodies
# A real (non-editable) install: package data (templates/*.json.j2, bot/storage/migrations/**)
# lands in the venv's site-packages, so /src is not needed at run time.
RUN pip install . \
    && python -c "import bot.app.cli, bot.app.runner, templates, bot.storage.migrations" \
    && klepaas --help >/dev/null

# ---------------------------------------------------------------------------
# runtime: the venv on a clean slim image, running as an unprivileged user
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG UID=10001
ARG GID=10001

LABEL org.opencontainers.image.title="klepaas" \
      org.opencontainers.image.description="A Slack-first bot for operating Kubernetes apps" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="Apache-2.0"

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=3000

RUN groupadd --system --gid "${GID}" klepaas \
    && useradd --system --uid "${UID}" --gid "${GID}" --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin klepaas \
    && mkdir -p /data \
    && chown "${UID}:${GID}" /data

COPY --from=builder /opt/venv /opt/venv

# The working directory holds the default SQLite file (sqlite+aiosqlite:///./klepaas.db);
# in Kubernetes it is an emptyDir, so the root filesystem can stay read-only.
WORKDIR /data
USER 10001:10001

EXPOSE 3000

# No curl in the slim image: ask /healthz with Python's standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4); sys.exit(0 if r.status == 200 else 1)"]

ENTRYPOINT ["klepaas"]
CMD ["serve"]
