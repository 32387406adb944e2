"""
The container image recipe (Dockerfile, .dockerignore) and the wheel it installs.

No Docker engine is needed: the Dockerfile is parsed into instructions and checked,
and the wheel `pip install .` would build is built here and listed, so package data
(templates, migrations) cannot silently go missing from the image.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
# What the image build copies into the builder stage (see the Dockerfile).
PACKAGE_SOURCES = (
    "pyproject.toml", "README.md", "bot", "intents", "cluster", "alerts", "deploys", "templates", "bodies",
)  # fmt: skip


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuations joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, rest = full.partition(" ")
        out.append((keyword.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, rest))
    return result


def test_multi_stage_on_python_311_slim() -> None:
    parsed = instructions()
    args = dict(re.match(r"(\w+)=(\S+)", rest).groups() for k, rest in parsed if k == "ARG" and "=" in rest)  # type: ignore[union-attr]
    froms = [rest.split()[0] for k, rest in parsed if k == "FROM"]
    assert len(froms) >= 2, "builder and runtime stages expected"
    resolved = [re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), f) for f in froms]
    assert all(image == "python:3.11-slim" for image in resolved), resolved
    runtime = stages()[-1]
    assert any(k == "COPY" and "--from=builder" in rest and "/opt/venv" in rest for k, rest in runtime)


def test_project_is_installed_non_editable_into_a_venv() -> None:
    builder = stages()[0]
    runs = " ".join(rest for k, rest in builder if k == "RUN")
    assert "python -m venv /opt/venv" in runs
    assert re.search(r"pip install \.(\s|$)", runs)
    assert "-e" not in re.findall(r"pip install (\S+)", runs)


def test_runs_as_non_root_uid_10001() -> None:
    runtime = stages()[-1]
    users = [rest for k, rest in runtime if k == "USER"]
    assert users, "the runtime stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid == "10001"


def test_port_entrypoint_cmd_and_environment() -> None:
    runtime = stages()[-1]
    assert ("EXPOSE", "3000") in runtime
    entry = [rest for k, rest in runtime if k == "ENTRYPOINT"]
    cmd = [rest for k, rest in runtime if k == "CMD"]
    assert entry and json.loads(entry[-1]) == ["klepaas"]
    assert cmd and json.loads(cmd[-1]) == ["serve"]
    env = " ".join(rest for k, rest in runtime if k == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env and "PYTHONUNBUFFERED=1" in env


def test_healthcheck_asks_healthz_without_curl() -> None:
    checks = [rest for k, rest in stages()[-1] if k == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/healthz" in checks[0] and "python" in checks[0]
    assert "curl" not in checks[0] and "wget" not in checks[0]


def test_no_remote_add_and_no_baked_secrets() -> None:
    parsed = instructions()
    for keyword, rest in parsed:
        if keyword == "ADD":
            assert not re.search(r"https?://|git@", rest), f"ADD of a remote source: {rest}"
    secret_names = (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "DATABASE_URL",
        "REDIS_URL",
        "GEMINI_API_KEY",
        "OPENAI_API_KEY",
        "KLEPAAS_ALERTMANAGER_TOKEN",
        "GITHUB_WEBHOOK_SECRET",
    )
    for keyword, rest in parsed:
        if keyword in {"ENV", "ARG", "LABEL"}:
            assert not any(name in rest for name in secret_names), f"{keyword} {rest}"
        if keyword in {"COPY", "ADD"}:
            assert ".env" not in rest.split()


def test_dockerignore_keeps_local_state_out_of_the_context() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [p.strip() for p in ignore if p.strip() and not p.startswith("#")]

    def excluded(path: str) -> bool:
        verdict = False
        for pattern in patterns:
            negate = pattern.startswith("!")
            pat = pattern[1:] if negate else pattern
            pat = pat.rstrip("/")
            if (
                fnmatch(path, pat)
                or fnmatch(path, pat + "/*")
                or (pat == "**")
                or fnmatch(path, pat.replace("**/", ""))
            ):
                verdict = not negate
        return verdict

    for path in (".env", ".venv", ".git", "klepaas.db", "tests", ".tools", "build", "bot/__pycache__/x.pyc"):
        assert excluded(path), path
    for path in ("pyproject.toml", "README.md", "bot/cli.py", "templates/help.json.j2"):
        assert not excluded(path), path


# --- the wheel ------------------------------------------------------------------------------


def _build_wheel(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    base = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)]
    result = subprocess.run([*base[:4], "--no-build-isolation", *base[4:]], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        # The venv may lack (a recent enough) setuptools/wheel: let pip build in isolation.
        result = subprocess.run(base, capture_output=True, text=True, timeout=180)
    return result


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean copy of exactly what the image build copies: no stale build/ or egg-info."""
    source = tmp_path_factory.mktemp("wheel-src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PACKAGE_SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, source / name)
    return source


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("wheel-dist")
    result = _build_wheel(source, dist)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = dist.glob("klepaas-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_wheel_carries_templates_and_migrations(source: Path, wheel_names: list[str]) -> None:
    for template in sorted((source / "templates").glob("*.json.j2")):
        assert f"templates/{template.name}" in wheel_names
    assert "bot/messages/sentences.yaml" in wheel_names, "the sentence catalog is package data"
    migrations = sorted((source / "bot" / "storage" / "migrations" / "versions").glob("*.py"))
    assert migrations, "no migration scripts in the repository"
    for migration in migrations:
        assert f"bot/storage/migrations/versions/{migration.name}" in wheel_names
    for path in sorted((source / "bot" / "storage" / "migrations").glob("*")):
        if path.is_file() and path.suffix in {".py", ".mako", ".ini"}:
            assert f"bot/storage/migrations/{path.name}" in wheel_names


def test_wheel_has_every_package_and_the_console_script(source: Path, wheel: Path, wheel_names: list[str]) -> None:
    for package in ("bot", "intents", "cluster", "alerts", "deploys", "templates", "bodies"):
        assert f"{package}/__init__.py" in wheel_names
    for module in sorted((source / "bot").rglob("*.py")):
        relative = module.relative_to(source).as_posix()
        if "__pycache__" not in relative:
            assert relative in wheel_names
    (entry_points,) = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        scripts = archive.read(entry_points).decode()
    assert re.search(r"^klepaas\s*=\s*bot\.app\.cli:main\s*$", scripts, re.MULTILINE), scripts
    assert not [n for n in wheel_names if n.startswith("tests/")]
