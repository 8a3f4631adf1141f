"""The plan document: the one place that reads, locates and edits a plan's YAML text.

- ``edits``: edits as data (``SetField``, ``AppendToList``) and ``apply(text, edits)``, which
  changes only the edited nodes' text, in whatever YAML style they were written;
- ``change``: a command's ``Change`` (edits + summary) carried out on a file as a transaction
  (read once, apply, validate the edited text, write atomically);
- ``tree``: the positioned node tree of one part of the text;
- reading: ``loader.load_plan(path)`` (the validated plan, or ``PlanInvalid`` with every
  problem located) and ``loader.check_file`` (problems as data) over ``yamlio`` (decoding,
  limits, ruamel's errors in Vietnamese) and ``fastyaml`` (plain data from the parser's events);
  ``positions.locate`` says where paths live in the text. Any YAML that cannot be read is
  one ``errors.YamlProblem``;
- ``walker``: the one walk over the parser's events (where each node is, what plans refuse)
  that ``fastyaml``, ``positions`` and ``tree`` read the text with.

The package itself imports nothing: a command that only reads a plan loads no editing code.
"""
