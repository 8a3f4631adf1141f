"""Start-up (issue #29): a command imports what it uses and no more, the version is known
without importlib.metadata, and `parplan X` registers only X's commands. The time itself is
measured by `python -m bench.startup` (`make bench`), never here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest
from typer.main import get_command

from parplan import __version__
from parplan.cli import app
from parplan.cli.app import COMMAND_MODULES

from .conftest import PLAN_2024, ROOT

# Editing, rendering and their libraries: a read-only view must not load them.
EDITING_OR_RENDERING = (
    "parplan.document.change",
    "parplan.document.edits",
    "parplan.document.tree",
    "parplan.editing",
    "parplan.render.templates",
    "parplan.render.sandbox",
    "parplan.render.export",
    "parplan.documents",
    "parplan.forms",
    "parplan.importing",
    "parplan.diff",
    "parplan.index",
    "parplan.rollup",
    "parplan.storage.parallel",
    "parplan.storage.writes",
    "jinja2",
    "docx",
    "docxtpl",
    "openpyxl",
    "icalendar",
    "holidays",
)

# Loaded only when needed: the PAR INDEX criteria's model for a plan with par_index (2024.yaml
# has none), the written deadlines' patterns for `import`, the json package for JSON output.
LOADED_WHEN_NEEDED = ("parplan.core.criteria", "parplan.core.written", "json")

# Every terminal view draws its tables itself (cli.screen): rich's console, tables and text
# (~200 M instructions to import and lay out) are never loaded; rich's cell widths only for text
# with combining marks or wide characters (not in plans/2024.yaml).
RICH_LAYOUT = ("rich",)

# Runs the console entry point in a fresh interpreter; prints the modules it imported.
PROBE = """
import sys
sys.argv = ["parplan", *sys.argv[1:]]
from parplan.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
modules = sorted(sys.modules)  # before the probe loads json to write them
import json
sys.stderr.write("\\n" + json.dumps(modules))
"""


def imported_by(*argv: str, env: dict[str, str] | None = None) -> list[str]:
    """The modules `parplan ARGV` has imported when it ends (a fresh interpreter)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
    )
    modules: list[str] = json.loads(done.stderr.splitlines()[-1])
    return modules


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(f"{n}.") for n in names)]


@pytest.mark.parametrize(
    "argv",
    [
        ("status", str(PLAN_2024), "--as-of", "2024-06-20"),
        ("check", str(PLAN_2024)),
        ("deadlines", str(PLAN_2024), "--as-of", "2024-06-20"),
        ("indicators", str(PLAN_2024), "--as-of", "2024-06-20"),
    ],
    ids=lambda argv: argv[0],
)
def test_a_read_only_command_loads_no_editing_or_rendering_module(argv: tuple[str, ...]) -> None:
    modules = imported_by(*argv)
    assert "parplan.core.model" in modules  # the probe saw the command run
    assert loaded(modules, EDITING_OR_RENDERING) == []
    assert loaded(modules, LOADED_WHEN_NEEDED) == []
    assert loaded(modules, RICH_LAYOUT) == []
    # and no other command's module: only the one that registers this command
    commands = {m.removeprefix("parplan.cli.") for m in modules if m.startswith("parplan.cli.")}
    others = set(COMMAND_MODULES.values()) - {COMMAND_MODULES[argv[0]]}
    assert commands & others == set()


@pytest.mark.parametrize(
    "argv",
    [
        ("status", str(PLAN_2024), "--by-unit", "--as-of", "2024-06-20"),
        ("rollup", str(PLAN_2024), str(PLAN_2024), "--as-of", "2024-06-20"),
    ],
    ids=lambda argv: "-".join(argv[::3]),
)
def test_the_other_views_load_no_rich(argv: tuple[str, ...]) -> None:
    """``status --by-unit`` and the roll-up draw with ``cli.screen`` as ``status`` does."""
    modules = imported_by(*argv)
    assert "parplan.tracking.dashboard" in modules  # the probe saw the view drawn
    assert loaded(modules, RICH_LAYOUT) == []


# Runs the console entry point; prints the commands Typer built (their parameters read).
BUILT_PROBE = """
import sys
import typer.main
sys.argv = ["parplan", *sys.argv[1:]]
built, build = [], typer.main.get_command_from_info
def recording(command_info, **kwargs):
    built.append(command_info.name or command_info.callback.__name__)
    return build(command_info=command_info, **kwargs)
typer.main.get_command_from_info = recording
from parplan.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n" + " ".join(built))
"""


@pytest.mark.parametrize(
    ("argv", "built"),
    [
        (("status", str(PLAN_2024), "--as-of", "2024-06-20"), "status"),  # views has four
        (("check", str(PLAN_2024)), "check"),  # check has three
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) else v,
)
def test_typer_builds_the_named_command_only(argv: tuple[str, ...], built: str) -> None:
    """A module registers its neighbours too; Typer would read every registered command's
    parameters before running one (~20 million instructions of `status`'s start)."""
    run = [sys.executable, "-c", BUILT_PROBE, *argv]
    done = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stderr.splitlines()[-1] == built


def test_only_command_restores_every_command() -> None:
    """Programs that drive the app (the tests) keep all its commands."""
    from parplan.cli.app import only_command

    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    with only_command("status"):
        assert [c.callback.__name__ for c in app.registered_commands if c.callback] == ["status"]
    assert [c.name or c.callback.__name__ for c in app.registered_commands if c.callback] == names


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_only_command_keeps_the_command_it_names(name: str) -> None:
    """`parplan NAME` runs with NAME alone registered: the name must be found among what the
    modules register (a command's own name, its function's, or a group's), or the console
    entry point would answer "no such command" where the tests' runner does not."""
    from parplan.cli.app import only_command

    with only_command(name):
        assert name in get_command(app).commands  # type: ignore[attr-defined]


def test_the_probe_sees_an_editing_command_load_the_editing_layer() -> None:
    """Not blind: `record --dry-run` does load the editing modules the test above forbids."""
    modules = imported_by("record", "task", "1", "--status", "in_progress", "--dry-run")
    assert "parplan.editing.record" in modules and "parplan.document.change" in modules


def test_no_pydantic_plugin_search_and_no_importlib_metadata_of_parplan() -> None:
    """pydantic's documented switch PYDANTIC_DISABLE_PLUGINS is set for the process (so the
    installed packages' entry points are not searched on start); a user's own value is kept.
    `--version` reads parplan.__version__, not the installed metadata."""
    probe = "import os, sys; sys.argv = ['parplan', '--version']\n"
    probe += "from parplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    probe += "print(os.environ['PYDANTIC_DISABLE_PLUGINS'], 'importlib.metadata' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    run = [sys.executable, "-c", probe]
    done = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines() == [f"parplan {__version__}", "__all__ False"]
    kept = subprocess.run(
        run, capture_output=True, text=True, env={**env, "PYDANTIC_DISABLE_PLUGINS": "x"}
    )
    assert kept.stdout.splitlines()[-1] == "x False"


def test_the_version_has_one_home_that_pyproject_reads() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "parplan.__version__"
    from importlib.metadata import version

    assert version("parplan") == __version__  # what pip built from pyproject.toml


def test_every_command_is_registered_by_the_module_the_map_names() -> None:
    """`parplan X` loads COMMAND_MODULES[X] only: the map must name every command's module
    (a command missing from it would still run, after loading every module)."""
    root = get_command(app)
    registered = {
        (c.name or c.callback.__name__.replace("_", "-")): c.callback.__module__
        for c in app.registered_commands
        if c.callback
    }
    for group in app.registered_groups:
        first = group.typer_instance.registered_commands[0].callback  # type: ignore[union-attr]
        registered[group.name or ""] = first.__module__ if first else ""
    assert set(registered) == set(root.commands)  # type: ignore[attr-defined]
    assert {name: f"parplan.cli.{m}" for name, m in COMMAND_MODULES.items()} == registered


def test_no_model_field_has_a_built_in_default_factory() -> None:
    """pydantic reads each default factory's signature when it builds the plan's validator
    (every `check` and `status`); a built-in's (`list`) is parsed from its text, through
    tokenize's patterns: ~25 million instructions of each start. core.fields.new_list is cheap."""
    import inspect

    import parplan.core.criteria
    import parplan.core.model  # noqa: F401
    from parplan.core.fields import Strict

    models, found = [Strict], []
    while models:
        model = models.pop()
        models.extend(model.__subclasses__())
        for name, field in model.model_fields.items():
            if inspect.isbuiltin(field.default_factory) or field.default_factory in (list, dict):
                found.append(f"{model.__name__}.{name}")
    assert found == []


def test_the_plan_models_annotations_are_evaluated_by_python_not_by_pydantic() -> None:
    """core.model and core.sections are written without `from __future__ import annotations`:
    with it, every field's annotation is a string that pydantic compiles and evaluates as each
    class is built (~10 million instructions of every start)."""
    import parplan.core.model
    import parplan.core.sections

    for module in (parplan.core.model, parplan.core.sections):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                hints = vars(value).get("__annotations__", {})
                assert not [n for n, h in hints.items() if isinstance(h, str)], name


# Records the collector's state while `parplan check` starts and once the command runs.
COLLECTOR_PROBE = """
import gc, importlib, sys
sys.argv = ["parplan", "check", sys.argv[1]]
cli = importlib.import_module("parplan.cli.app")
loader = importlib.import_module("parplan.document.loader")
seen = []
load_commands, check_file = cli.load_commands, loader.check_file
def starting(words=()):
    seen.append(("start", gc.isenabled()))
    load_commands(words)
def running(*args, **kwargs):
    seen.append(("run", gc.isenabled(), gc.get_freeze_count() > 0))
    return check_file(*args, **kwargs)
cli.load_commands, loader.check_file = starting, running
try:
    cli.main()
except SystemExit:
    pass
print(seen)
"""


def test_start_up_pauses_the_collector_and_the_command_runs_with_it() -> None:
    """`main` pauses the cyclic collector while the command's module loads and its line is
    parsed (start-up makes only objects that last: ~60 million instructions of its passes);
    the command runs with it on again, what start-up made frozen out of its passes."""
    run = [sys.executable, "-c", COLLECTOR_PROBE, str(PLAN_2024)]
    done = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.splitlines()[-1] == "[('start', False), ('run', True, True)]"


def test_a_program_driving_the_app_keeps_its_collector() -> None:
    """Only `main` pauses: the tests (and scripts) call `app` with the collector as it was."""
    import gc

    from typer.testing import CliRunner

    assert gc.isenabled()
    result = CliRunner().invoke(app, ["check", str(PLAN_2024)])
    assert result.exit_code == 0, result.output
    assert gc.isenabled() and gc.get_freeze_count() == 0


# Lists the dataclasses that parplan's modules imported by `parplan check` define.
DATACLASS_PROBE = PROBE.replace(
    "modules = sorted(sys.modules)",
    "import dataclasses\nmodules = sorted(\n"
    "    f'{name}.{cls}' for name, module in list(sys.modules.items())\n"
    "    if name.startswith('parplan.') for cls, value in vars(module).items()\n"
    "    if isinstance(value, type) and value.__module__ == name\n"
    "    and dataclasses.is_dataclass(value))",
)


def test_the_dataclasses_every_check_builds() -> None:
    """Building a frozen dataclass writes and compiles six methods: ~4 million instructions of
    every start, against ~1 million for a NamedTuple. The simple records a start loads (a
    period's written form, a target kind, a holiday notice, a broken rule, a unit's record, a
    holder, a form's cell problem, a problem, a deadline, a working calendar, a --within, an item
    and its state) are NamedTuples; the dataclasses left are these (a new one is a choice: list it)."""
    done = subprocess.run(
        [sys.executable, "-c", DATACLASS_PROBE, "check", str(PLAN_2024)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert json.loads(done.stderr.splitlines()[-1]) == [
        "parplan.core.errors.CheckResult",
        "parplan.core.periods.Period",
        "parplan.tracking.items.Snapshot",
    ]


def test_a_plan_is_read_without_ruamels_round_trip_machinery() -> None:
    """The C parser loads ruamel.yaml's event and error modules; the package's __init__ (its
    `main`: YAML, loaders, dumpers) runs only when something asks the package for a name."""
    modules = imported_by("check", str(PLAN_2024))
    assert "_ruamel_yaml" in modules and "ruamel.yaml.events" in modules
    assert loaded(modules, ("ruamel.yaml.main", "ruamel.yaml.cyaml")) == []


def test_ruamel_is_whole_when_parplan_writes_yaml() -> None:
    """`export -f yaml` dumps through ruamel.yaml.YAML: the package completes on that first
    name and writes what a process that imported it the usual way writes."""
    from typer.testing import CliRunner

    argv = ["export", str(PLAN_2024), "--format", "yaml"]
    fresh = subprocess.run(
        [sys.executable, "-m", "parplan", *argv], capture_output=True, text=True, cwd=ROOT
    )
    assert fresh.returncode == 0, fresh.stderr
    in_process = CliRunner().invoke(app, argv)
    assert in_process.exit_code == 0
    assert fresh.stdout == in_process.stdout and "version: 1" in fresh.stdout
