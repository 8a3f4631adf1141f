"""The package's layout stays readable: the layers themselves are import-linter's contracts
(``lint-imports`` in ``make test``, configured in pyproject.toml); these tests hold what a
contract cannot say: how many loose modules, how long a module, no import cycle at all, one
declaration per option."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parplan"
COMMANDS = PACKAGE / "cli"
RENDERERS = {"__init__.py", "app.py", "options.py", "opening.py", "i18n.py", "screen.py"}
RENDERERS |= {"board.py", "blocks.py", "rollup_tables.py", "check_output.py", "completion.py"}


def test_the_top_level_keeps_at_most_ten_loose_modules() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 10, loose


def test_no_module_over_500_lines_and_no_command_module_over_400() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        command = path.parent == COMMANDS and path.name not in RENDERERS
        if lines > (400 if command else 500):
            long.append(f"{path.relative_to(PACKAGE)}: {lines}")
    assert long == []


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("parplan", exclude_type_checking_imports=True)
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_a_package_init_imports_nothing_of_its_own_but_the_cli_its_commands() -> None:
    """``from parplan.document.change import Change`` runs ``document/__init__`` first: were it
    to import its children, reading a plan would load the editing code (and ``loader`` ->
    ``document`` was a cycle at run time)."""
    eager = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        package = ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        if package in ("parplan", "parplan.cli"):
            continue
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("parplan"):
                eager.append(f"{package}: from {node.module} import …")
    assert eager == []


# An option spelled twice on purpose: record's --force writes through hard links, the other
# commands' --force replaces what they would write (``options.force_option``).
TWO_MEANINGS = {"--force": 2}


def declared_options(source: str) -> list[str]:
    """The option names ``source`` declares: each ``typer.Option("--name", …)``."""
    return [
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "typer.Option"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def test_each_option_is_declared_once() -> None:
    """An option many commands take (``--unit``, ``--done``, ``--json`` …) has one declaration in
    ``cli/options.py``: its flags, metavar and Tab words cannot drift between commands."""
    names = [
        n for path in sorted(COMMANDS.glob("*.py")) for n in declared_options(path.read_text())
    ]
    twice = {n: names.count(n) for n in names if names.count(n) > TWO_MEANINGS.get(n, 1)}
    assert twice == {}


def test_a_twice_declared_option_is_seen() -> None:
    """Not blind: the same option in two commands is two declarations."""
    one = 'x: Annotated[bool, typer.Option("--json", help="a")] = False\n'
    assert declared_options(one + one.replace('"a"', '"b"')) == ["--json", "--json"]


def test_the_cycle_test_sees_a_cycle(tmp_path: Path) -> None:
    """Not blind: two modules importing each other are found."""
    pkg = tmp_path / "cyclic"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from cyclic import b\n")
    (pkg / "b.py").write_text("from cyclic import a\n")
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("cyclic", cache_dir=None)
        assert graph.chain_exists(importer="cyclic.b", imported="cyclic.a")
        assert graph.chain_exists(importer="cyclic.a", imported="cyclic.b")
    finally:
        sys.path.remove(str(tmp_path))
