"""The rules ``check``, ``record`` and the forms share: cross-item checks (``semantics``), what
may be recorded (``recorded``) and a unit plan's parent (``family``)."""
