"""The command line: each module parses one group of commands' options, calls one library
function and prints its result through ``app.tell`` (``app.emit`` for documents).

- ``app``: the Typer application, the one printer, errors to exit codes, the entry point;
- ``options``: the options many commands share (``--as-of``, ``--unit``, ``-o``, ``--force`` …),
  declared once; ``opening``: the one way a command opens its plan;
- one module per command group: ``check`` (check, export, schema), ``views`` (status,
  deadlines, indicators, calendar), ``record``, ``forms`` (form, collect), ``documents``
  (report, publish, site, templates), ``plans`` (new, import), ``diff``, ``rollup``,
  ``shell`` (completion), ``index`` (the PAR INDEX self-assessment);
- how output looks: ``screen`` (every terminal table and paragraph, laid out as rich would),
  ``board`` and ``rollup_tables`` (the views drawn on it; ``blocks`` when a table does not
  fit), ``check_output``; ``i18n``
  (Vietnamese for what Click and Typer print themselves), ``completion`` (Tab).

Importing this package registers no command: ``main`` loads the module of the command on the
command line only (``app.load_commands``), and heavy modules (pydantic, ruamel, jinja)
are imported inside the commands that need them. A program that drives ``app`` itself (the
tests, scripts) calls ``load_commands()`` first to register every command.
"""

from parplan.cli.app import app, load_commands, main

__all__ = ["app", "load_commands", "main"]
