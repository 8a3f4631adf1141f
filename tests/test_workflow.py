"""The example GitHub workflow: its shape, and its shell steps run for real against a git
repository with a base branch and a pull-request branch that adds, changes and deletes plans."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import MINIMAL, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "plans.yml"


def steps() -> dict[str, dict[str, Any]]:
    data = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return {s.get("name", s.get("uses")): s for s in data["jobs"]["check"]["steps"]}


def test_installs_parplan_from_the_repository_it_runs_in() -> None:
    assert steps()["Install parplan from this repository"]["run"].strip() == "pip install ."


def test_scripts_take_github_values_from_the_environment_only() -> None:
    """`${{ … }}` inside a script is pasted into the shell before it runs (injection)."""
    for name, step in steps().items():
        assert "${{" not in step.get("run", ""), name


def test_no_comment_from_a_fork() -> None:
    post = steps()["Post it on the pull request"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in post["if"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """origin/main has a.yaml, b.yaml, gone.yaml; the branch changes a, adds new.yaml and
    deletes gone.yaml; main then moves on (b.yaml changed) after the branch left it."""
    origin = tmp_path / "origin"
    (origin / "plans").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "config", "user.email", "t@example.invalid")
    git(origin, "config", "user.name", "t")
    text = MINIMAL.read_text(encoding="utf-8")
    for name in ("a", "b", "gone"):
        (origin / "plans" / f"{name}.yaml").write_text(text, encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "base")
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "-q", str(origin), str(repo))
    git(repo, "config", "user.email", "t@example.invalid")
    git(repo, "config", "user.name", "t")
    git(repo, "checkout", "-qb", "pr")
    changed = text.replace("number: 1\n", "number: 1\n    note: đổi\n", 1)
    assert changed != text
    (repo / "plans" / "a.yaml").write_text(changed, encoding="utf-8")
    (repo / "plans" / "new.yaml").write_text(text, encoding="utf-8")
    (repo / "plans" / "gone.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    (origin / "plans" / "b.yaml").write_text(changed, encoding="utf-8")
    git(origin, "commit", "-qam", "main moves on")
    return repo


def run_step(repo: Path, name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = steps()[name]["run"]
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True
    )


def test_the_steps_on_a_pull_request(pull_request: Path, tmp_path: Path) -> None:
    github_env, summary = tmp_path / "github_env", tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "BASE_REF": "main",
        "GITHUB_ENV": str(github_env),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    listed = run_step(
        pull_request, "List the plans this pull request adds, changes or deletes", env
    )
    assert listed.returncode == 0, listed.stderr
    # three dots: b.yaml changed on main after the branch left it, so it is not listed
    assert sorted(listed.stdout.split()) == ["plans/a.yaml", "plans/gone.yaml", "plans/new.yaml"]
    env.update(line.split("=", 1) for line in github_env.read_text().splitlines())  # type: ignore[misc]
    checked = run_step(pull_request, "Check the changed plans (annotations on the lines)", env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    changes = run_step(pull_request, "What changed", env)
    assert changes.returncode == 0, changes.stderr
    report = summary.read_text(encoding="utf-8")
    assert "Kế hoạch mới" in report and "Bỏ kế hoạch" in report and "đổi" in report
