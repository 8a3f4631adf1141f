"""parplan: a Vietnamese public-administration-reform (CCHC) plan as validated YAML."""

__version__ = "0.1.0"
