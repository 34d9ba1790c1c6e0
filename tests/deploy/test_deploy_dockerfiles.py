"""The Dockerfile of each package: parses, copies files that exist and reach the build, runs the
package's own code, as a non-root user, with no secret baked in; the gateway's also builds the web
console in a Node stage and ships only its files; and .dockerignore keeps the build context clean
without hiding what the build needs."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from deploy_helpers import PACKAGES, ROOT, assert_command_runs_package_code, run

BUILDINGBLOCKS = ROOT / "libs" / "buildingblocks"
WEB = ROOT / "web"
CONSOLE_STAGE = "console"  # the gateway's Node stage that builds web/ (issue 11)
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def parse_dockerfile(path: Path) -> list[Stage]:
    """Stages of a Dockerfile, each with its (INSTRUCTION, arguments) in order."""
    logical, current = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    assert not current, f"{path}: the last instruction ends with a line continuation"
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        assert keyword in INSTRUCTIONS, f"{path}: unknown instruction {keyword}"
        if keyword == "FROM":
            words = args.split()
            stages.append(Stage(words[0], words[2] if len(words) == 3 and words[1].upper() == "AS" else None))
            continue
        assert stages, f"{path}: {keyword} before FROM"
        stages[-1].instructions.append((keyword, args.strip()))
    return stages


def env_of(stage: Stage) -> dict[str, str]:
    values = {}
    for args in stage.all("ENV"):
        for word in shlex.split(args):
            key, _, value = word.partition("=")
            values[key] = value
    return values


def copy_sources(args: str) -> tuple[list[str], str, dict[str, str]]:
    """(sources, destination, flags) of a COPY, in either shell or JSON form."""
    words = json.loads(args) if args.startswith("[") else shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return words[:-1], words[-1], flags


# --- .dockerignore (Docker's rules: patterns from the context root, ** any depth, ! re-includes)

def _pattern_regex(pattern: str) -> re.Pattern:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i:end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def dockerignore_patterns() -> list[tuple[bool, re.Pattern]]:
    patterns = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negate = line.startswith("!")
            patterns.append((negate, _pattern_regex(line.lstrip("!").strip("/"))))
    return patterns


def ignored(relative: str, patterns=None) -> bool:
    """True when the path, or a folder above it, is left out of the build context."""
    patterns = patterns if patterns is not None else dockerignore_patterns()
    parts = relative.strip("/").split("/")
    result = False
    for negate, regex in patterns:
        if any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            result = not negate
    return result


def test_dockerignore_matcher_follows_docker_rules():
    patterns = [(False, _pattern_regex("**/tests")), (False, _pattern_regex(".env")),
                (False, _pattern_regex("docs")), (True, _pattern_regex("docs/keep.md"))]
    assert ignored("services/hr/tests/unit/test_x.py", patterns)
    assert ignored("tests", patterns)
    assert not ignored("services/hr/src/hr/testsuite.py", patterns)
    assert ignored(".env", patterns) and not ignored("deploy/.env.example", patterns)
    assert ignored("docs/a.md", patterns) and not ignored("docs/keep.md", patterns)


def test_dockerignore_keeps_out_local_state_and_secrets():
    for path in (".git/config", ".env", ".venv/bin/python", "services/hr/.venv/bin/python",
                 "var/hr.db", "services/hr/tests/unit/test_rules.py", "libs/buildingblocks/tests/conftest.py",
                 "services/hr/src/hr/__pycache__/x.cpython-311.pyc", "deploy/kubernetes/secrets/hr.env"):
        assert ignored(path), f"{path} would be sent to the Docker daemon"


# --- each package's Dockerfile -----------------------------------------------------------------

def source_files(folder: Path) -> list[Path]:
    """The files of a package's src/ tree, without caches and the metadata of an editable install."""
    return [p for p in (folder / "src").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not any(part.endswith(".egg-info") for part in p.parts)]


def build_inputs(folder: Path) -> list[str]:
    """Files a wheel build of the folder reads: pyproject, its readme/licence, everything in src/."""
    inputs = [folder / "pyproject.toml"]
    project = tomllib.loads((folder / "pyproject.toml").read_text()).get("project", {})
    readme = project.get("readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    if isinstance(readme, str):
        inputs.append(folder / readme)
    licence = project.get("license")
    if isinstance(licence, dict) and "file" in licence:
        inputs.append(folder / licence["file"])
    inputs += source_files(folder)
    return [p.relative_to(ROOT).as_posix() for p in inputs]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_dockerfile_builds_from_the_root_with_the_shared_library(package):
    assert package.dockerfile.is_file(), f"{package.relative_folder}/Dockerfile is missing"
    stages = parse_dockerfile(package.dockerfile)
    # Python stages only, but for the gateway's console stage (checked below) before them.
    python_stages = [stage for stage in stages if not (package.name == "gateway" and stage.name == CONSOLE_STAGE)]
    assert all(stage.image == "python:3.11-slim" for stage in python_stages), [s.image for s in stages]
    names = {stage.name for stage in stages if stage.name}
    copied = []
    for stage in stages:
        assert not stage.all("ADD"), "COPY, not ADD (no remote downloads, no archive unpacking)"
        for args in stage.all("COPY"):
            sources, _, flags = copy_sources(args)
            if "from" in flags:
                assert flags["from"] in names, f"COPY --from={flags['from']}: no such stage"
                continue
            for source in sources:
                assert (ROOT / source).exists(), f"{package.dockerfile.relative_to(ROOT)}: COPY {source}: no such file"
                assert not ignored(source), f"COPY {source}: left out of the context by .dockerignore"
                copied.append(source.rstrip("/"))
    assert "libs/buildingblocks" in copied, "the shared library is copied in (build context = the root)"
    assert package.relative_folder in copied
    patterns = dockerignore_patterns()
    for path in build_inputs(BUILDINGBLOCKS) + build_inputs(package.folder):
        assert not ignored(path, patterns), f"{path} is needed to build the wheel but .dockerignore drops it"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_runtime_stage_runs_the_web_process_as_non_root(package, code_ports):
    runtime = parse_dockerfile(package.dockerfile)[-1]
    cmd = runtime.all("CMD")
    assert len(cmd) == 1 and cmd[0].startswith("["), "CMD in exec form, so gunicorn receives SIGTERM"
    assert json.loads(cmd[0]) == package.web_command
    assert_command_runs_package_code(package, package.web_command)
    assert not runtime.all("ENTRYPOINT"), "no ENTRYPOINT: compose and Kubernetes set the worker's command"
    user = runtime.all("USER")
    assert user and re.fullmatch(r"[1-9][0-9]*(:[0-9]+)?", user[-1]), "a numeric non-root USER (runAsNonRoot)"
    env = env_of(runtime)
    port, worker_port = code_ports[package.name]
    assert env.get("PORT") == str(port) and env.get("WORKER_PORT") == str(worker_port)
    assert {str(port), str(worker_port)} <= set(" ".join(runtime.all("EXPOSE")).split())
    assert "PROMETHEUS_MULTIPROC_DIR" in env
    secret = re.compile(r"SECRET|PASSWORD|TOKEN|DATABASE_URL|BROKER_URL")
    assert not [k for k in env if secret.search(k)], "secrets come from the environment at run time"
    copied = [copy_sources(args)[0] for args in runtime.all("COPY") if "--from" not in args]
    sources = {source.rstrip("/") for group in copied for source in group}
    for needed in (*package.web_server_files, "alembic.ini", "migrations"):
        assert f"{package.relative_folder}/{needed}" in sources, f"the image lacks {needed}"


def test_gateway_image_builds_and_ships_the_console():
    """Issue 11: the console is built in a Node stage from its lock file and only its built files
    reach the runtime image, where WEB_DIST_DIR names them: compose and Kubernetes serve it with
    nothing added, and nothing is fetched when the container runs."""
    gateway = next(p for p in PACKAGES if p.name == "gateway")
    stages = parse_dockerfile(gateway.dockerfile)
    consoles = [stage for stage in stages if stage.name == CONSOLE_STAGE]
    assert len(consoles) == 1, f"one stage named {CONSOLE_STAGE!r} builds web/"
    (console,) = consoles
    assert re.fullmatch(r"node:20(\.[0-9.]+)?(-[a-z]+)*", console.image), f"Node 20 builds the console, not {console.image}"
    assert stages.index(console) < len(stages) - 1, "the runtime stage is not the Node stage"
    runs = console.all("RUN")
    assert any(re.search(r"\bnpm ci\b", run) for run in runs), "npm ci: exactly what package-lock.json pins"
    assert not any(re.search(r"\bnpm (install|i|update)\b", run) for run in runs), "npm install could drift from the lock file"
    assert any(re.search(r"\bnpm run build\b", run) for run in runs), "the console is built (npm run build)"
    copied = {source.rstrip("/") for args in console.all("COPY") for source in copy_sources(args)[0]}
    assert "web" in copied, "the console's sources (with package-lock.json) are copied in"
    assert (WEB / "package-lock.json").is_file(), "npm ci needs web/package-lock.json"
    build = json.loads((WEB / "package.json").read_text())["scripts"]["build"]
    assert "vite build" in build, build
    workdir = console.all("WORKDIR")[-1].rstrip("/")

    runtime = stages[-1]
    assert runtime.image == "python:3.11-slim", "the runtime image runs Python, without Node"
    shipped = [copy_sources(args) for args in runtime.all("COPY") if f"--from={CONSOLE_STAGE}" in args]
    assert len(shipped) == 1, "the runtime stage copies the built console from the Node stage, and only that"
    (sources, destination, _), = shipped
    assert [s.rstrip("/") for s in sources] == [f"{workdir}/dist"], "only web/dist leaves the Node stage"
    app_dir = runtime.all("WORKDIR")[-1].rstrip("/")
    destination = destination.rstrip("/")
    destination = destination if destination.startswith("/") else f"{app_dir}/{destination}"
    env = env_of(runtime)
    assert env.get("WEB_DIST_DIR") == destination, "WEB_DIST_DIR names where the console's files are"
    assert '"WEB_DIST_DIR"' in (ROOT / "gateway" / "src" / "gateway" / "config.py").read_text(), \
        "the gateway reads WEB_DIST_DIR"
    assert runtime.all("USER") and not runtime.all("USER")[-1].startswith("0"), "the final stage runs as non-root"
    all_runs = " ".join(runtime.all("RUN"))
    assert not re.search(r"\b(npm|node|npx|curl|wget)\b", all_runs), "nothing Node or fetched in the runtime stage"


def test_only_the_gateway_builds_the_console():
    for package in PACKAGES:
        if package.name != "gateway":
            assert all(stage.image.startswith("python:") for stage in parse_dockerfile(package.dockerfile)), package.name


def test_dockerignore_keeps_out_a_local_console_install_and_build():
    """The console is built inside the image from its sources: a local node_modules (another
    platform's binaries, 300 MB) or dist/ (stale files) never reaches the build context."""
    for path in ("web/node_modules/react/index.js", "web/node_modules/.bin/vite", "web/dist/index.html",
                 "web/dist/assets/index-abc123.js", "web/tsconfig.tsbuildinfo"):
        assert ignored(path), f"{path} would be sent to the Docker daemon"
    for path in ("web/package.json", "web/package-lock.json", "web/index.html", "web/src/main.tsx",
                 "web/tsconfig.json", "web/vite.config.ts", "web/scripts/gen-api.mjs"):
        assert not ignored(path), f"{path} is needed to build the console but .dockerignore drops it"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_pip_installs_without_cache_and_no_build_tools(package):
    stages = parse_dockerfile(package.dockerfile)
    for stage in stages:
        for args in stage.all("RUN"):
            if re.search(r"\bpip (install|wheel)\b", args):
                assert "--no-cache-dir" in args, args
    runtime = " ".join(stages[-1].all("RUN"))
    for tool in ("apt-get install", "build-essential", "gcc", "git "):
        assert tool not in runtime, f"the runtime stage installs {tool.strip()}"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_image_gets_the_servers_it_runs(package):
    """gunicorn and alembic (and the PostgreSQL driver) come with the installed wheels."""
    def dependencies(folder: Path) -> set[str]:
        declared = tomllib.loads((folder / "pyproject.toml").read_text())["project"].get("dependencies", [])
        return {re.split(r"[\s<>=!~\[;@]", d, maxsplit=1)[0].lower() for d in declared}

    package_dependencies = dependencies(package.folder)
    assert "office-buildingblocks" in package_dependencies
    available = dependencies(BUILDINGBLOCKS) | package_dependencies
    assert {"gunicorn", "alembic", "psycopg"} <= available


@pytest.mark.parametrize("folder", [BUILDINGBLOCKS] + [p.folder for p in PACKAGES], ids=lambda f: f.name)
def test_wheel_carries_every_file_of_the_source_package(folder, tmp_path):
    """The image installs wheels, not the source tree: data files must make it into the wheel."""
    pytest.importorskip("wheel", reason="building wheels offline needs `wheel` in the virtualenv (pip install wheel)")
    # Built from a copy: setuptools writes build/ and *.egg-info next to the sources.
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.egg-info", "build", ".venv"))
    result = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                  "--quiet", "--wheel-dir", tmp_path / "wheels", copy])
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "wheels").glob("*.whl")
    contents = set(zipfile.ZipFile(wheel).namelist())
    for path in source_files(folder):
        member = path.relative_to(folder / "src").as_posix()
        assert member in contents, f"{path.relative_to(ROOT)} is not in the wheel, so not in the image"
