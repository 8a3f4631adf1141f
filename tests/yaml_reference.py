"""The reference reader the tests hold parplan's fast reader to: ruamel's full round-trip
loader (pure Python), dates kept as text, anchors, aliases, tags and merge keys refused with
the fast reader's messages. Test-only: parplan itself reads with ``fastyaml``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from parplan.core.errors import YamlProblem
from parplan.document import yamlio
from parplan.document.walker import refused, tag_refused


class _Constructor(RoundTripConstructor):
    pass


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)
_MAYBE_SPECIAL = re.compile(r"(?:^|[\s\[\{,:-])[&*!][^\s\[\]\{\},]")


def _events(yaml: YAML, text: str) -> Iterator[Any]:
    try:
        yield from yaml.parse(text)
    except YAMLError:
        return  # the loader reports syntax errors with their own message


def load_roundtrip(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    if _MAYBE_SPECIAL.search(text) or "<<" in text:
        for event in _events(yaml, text):
            problem = refusal(event)
            if problem is not None:
                raise problem
    return yamlio._guarded(text, lambda: yaml.load(text))


def refusal(event: Any, *, mapping_key: bool = True) -> YamlProblem | None:
    """What a plan refuses in one event: an anchor, an alias, an explicit tag, a merge key."""
    kind = type(event)
    if kind is AliasEvent:
        return refused(event, f"bí danh '*{event.anchor}'")
    if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
        if event.anchor:
            return refused(event, f"neo '&{event.anchor}'")
        if event.tag and event.tag != "!" and not _is_implicit(event):
            return tag_refused(event)
        if kind is ScalarEvent and mapping_key and event.value == "<<" and not event.style:
            return refused(event, "khóa gộp '<<'")
    return None


def _is_implicit(event: Any) -> bool:
    implicit = event.implicit
    return bool(implicit[0] or implicit[1]) if isinstance(implicit, tuple) else bool(implicit)
