"""`pip install .` (not editable) gives a working `sopc`.

The wheel must carry the templates and schemas (they live at the top of the
repository and are force-included into the package), and the installed
command must work from a folder that is not the source tree, so nothing can
leak in from the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sopc

REPO = Path(__file__).resolve().parent.parent
EXAMPLES_TODAY = "2026-11-20"  # the examples' review dates are checked against a fixed day
MODELINE = "# yaml-language-server: $schema="
WHEEL_FILES = [
    "sopc/templates/new/sop.yaml.j2",
    "sopc/templates/init/sopc.yaml.j2",
    "sopc/schemas/sop.schema.json",
    "sopc/schemas/sopc.schema.json",
]


def run(
    *args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_wheel_installs_a_working_sopc(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "SOPC_DEBUG"}
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    # build the wheel from the repository, as `pip install .` would
    dist = tmp_path / "dist"
    ok(
        run(
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            dist,
            REPO,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
    )
    (wheel,) = dist.glob("sopc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [name for name in WHEEL_FILES if name not in names]
    assert missing == [], f"the wheel lacks {missing}"

    # a fresh virtual environment; dependencies come from the package index
    venv = tmp_path / "venv"
    ok(run(sys.executable, "-m", "venv", venv, cwd=tmp_path, env=env))
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    ok(
        run(
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            wheel,
            cwd=tmp_path,
            env=env,
            timeout=600,
        )
    )
    sopc_cmd = bin_dir / "sopc"

    # everything from here runs in an empty folder, away from the source tree
    work = tmp_path / "work"
    work.mkdir()

    location = ok(run(python, "-c", "import sopc; print(sopc.__file__)", cwd=work, env=env))
    installed = Path(location.strip()).resolve()
    assert installed.is_relative_to(venv.resolve()), installed
    assert not installed.is_relative_to(REPO), installed

    assert ok(run(sopc_cmd, "--version", cwd=work, env=env)).strip() == f"sopc {sopc.__version__}"

    ok(run(sopc_cmd, "init", "proj", cwd=work, env=env))
    project = work / "proj"
    assert (project / "sopc.yaml").is_file()
    assert (project / "schemas" / "sop.schema.json").is_file()
    ok(run(sopc_cmd, "check", "proj", cwd=work, env=env))

    ok(run(sopc_cmd, "new", "CS-002", "--title", "测试", cwd=project, env=env))
    written = project / "sops" / "CS-002.sop.yaml"
    assert written.is_file()
    text = written.read_text(encoding="utf-8")
    assert text.startswith(MODELINE), text[:200]
    assert "测试" in text
    ok(run(sopc_cmd, "check", "proj", cwd=work, env=env))

    ok(run(sopc_cmd, "schema", "--out", "s", cwd=work, env=env))
    for name in ("sop.schema.json", "sopc.schema.json"):
        assert (work / "s" / name).is_file(), name
        assert (work / "s" / name).stat().st_size > 0

    ok(run(sopc_cmd, "check", "--today", EXAMPLES_TODAY, REPO / "examples", cwd=work, env=env))
