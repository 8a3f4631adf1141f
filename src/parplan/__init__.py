"""parplan: a Vietnamese public-administration-reform (CCHC) plan as validated YAML."""

__version__ = "0.1.0"


def version() -> str:
    """The installed distribution's version (pyproject.toml), else this module's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("parplan")
    except PackageNotFoundError:
        return __version__
