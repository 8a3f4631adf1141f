"""parplan: a Vietnamese public-administration-reform (CCHC) plan as validated YAML."""

# The one home of the version: pyproject.toml reads it (setuptools' dynamic version), and
# `parplan --version` prints it without importlib.metadata (~30 ms of start-up).
__version__ = "0.1.0"
