"""Rendering data into files: Jinja (Markdown, YAML) and Word templates in a sandbox
(``templates``, ``sandbox``), output formats by file name (``formats``), iCalendar (``ical``),
the JSON export (``export``) and the JSON Schema (``schema``)."""
