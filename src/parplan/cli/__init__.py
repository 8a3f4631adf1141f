"""The command line: each module parses one group of commands' options, calls one library
function and prints its result through ``app.tell`` (``app.emit`` for documents).

- ``app``: the Typer application, the one printer, errors to exit codes, the entry point;
- ``options``: the options many commands share (``--as-of``, ``--unit``, ``-o``, ``--force`` …),
  declared once; ``opening``: the one way a command opens its plan;
- one module per command group: ``check`` (check, export, schema), ``views`` (status,
  deadlines, indicators, calendar), ``record``, ``forms`` (form, collect), ``documents``
  (report, publish, site, templates), ``plans`` (new, import), ``diff``, ``rollup``,
  ``shell`` (completion), ``index`` (the PAR INDEX self-assessment);
- how output looks: ``terminal`` (rich tables), ``check_output``; ``i18n`` (Vietnamese for what
  Click and Typer print themselves), ``completion`` (Tab).

Heavy modules (pydantic, ruamel, rich, jinja) are imported inside the commands that need
them, so ``parplan --help`` stays fast.
"""

from parplan.cli import (  # noqa: F401  (each registers its commands on `app`)
    check,
    diff,
    documents,
    forms,
    index,
    plans,
    record,
    rollup,
    shell,
    views,
)
from parplan.cli.app import app, main

__all__ = ["app", "main"]
