"""ruamel.yaml's modules without its package's ``__init__`` until something asks the package.

The C parser (``_ruamel_yaml``) imports a dozen of ruamel.yaml's modules (events, errors, the
parser's) as it loads; each import runs the package's ``__init__`` first, which loads the whole
round-trip machinery (``main``: YAML, loaders, dumpers, ``cyaml``): ~15 million instructions of
every start that reads a plan and never dumps one. ``defer_package_init`` registers the package
with its ``__init__`` not yet run, so its modules load alone; the first name asked of the package
itself (``from ruamel.yaml import YAML``, when parplan writes YAML) runs it then, and every name
is there as before.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

PACKAGE = "ruamel.yaml"


def defer_package_init() -> None:
    """Register ruamel.yaml uninitialised (see the module's docstring); nothing when it is
    already imported or cannot be found (then imports go the usual way)."""
    if PACKAGE in sys.modules:
        return
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def complete(name: str) -> Any:
        del vars(package)["__getattr__"]
        loader.exec_module(package)
        return getattr(package, name)

    vars(package)["__getattr__"] = complete  # a module's own __getattr__ (PEP 562)
    sys.modules[PACKAGE] = package
    vars(sys.modules["ruamel"])["yaml"] = package  # as importing it would
