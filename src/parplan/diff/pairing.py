"""Pairing the items of two versions of a list (tasks, units, indicators, …) in linear time.

Most items keep their identity (task number, id) and most are unchanged, so the first pass
pairs equal keys with equal content by dictionary lookup. What is left over is matched by
content: first exactly (a renumbered task, a renamed id), then by the same key with similar
text (an edited task), then by equal text, and only last by similarity. That last pass is
bounded: each leftover is compared with at most ``WINDOW`` leftovers on either side of its own
rank, filtered by a cheap word-set signature, and only the ``PROBES`` best of those reach
``difflib.SequenceMatcher``. Renumbering thousands of tasks therefore costs a few dictionary
lookups each, never a comparison of every old item with every new one.
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

WINDOW = 64  # leftovers considered on either side of an item's rank in the similarity pass
PROBES = 3  # candidates per item that reach SequenceMatcher, best word overlap first


@dataclass
class Pairing(Generic[T]):
    """Pairs (old, new) in the order of the new list; removed and added in their own order.
    ``changed``: the pairs that are not equal (those paired by key and content are)."""

    pairs: list[tuple[T, T]] = field(default_factory=list)
    changed: list[tuple[T, T]] = field(default_factory=list)
    removed: list[T] = field(default_factory=list)
    added: list[T] = field(default_factory=list)


@dataclass(frozen=True)
class Matcher(Generic[T]):
    key_fields: tuple[str, ...]  # the identity: number, id, (period, event)
    text: Callable[[T], str]  # what a person recognises an item by, for similarity
    cutoff: float | None  # similarity needed to pair by content; None: never by similarity
    old_key: Callable[[T], Hashable] | None = None  # old keys seen through renames

    def key(self, item: T) -> Hashable:
        return tuple(getattr(item, f) for f in self.key_fields)

    def pair(self, old: Sequence[T], new: Sequence[T]) -> Pairing[T]:
        run = _Run(self, old, new)
        run.by_key(lambda o, n: o == n)
        run.equal = set(run.found)
        run.by_signature()
        run.by_key(lambda o, n: self.text(o) == self.text(n))
        run.by_text()
        run.by_key(self._similar_enough)
        run.by_similarity()
        return run.result()

    def _similar_enough(self, o: T, n: T) -> bool:
        if self.cutoff is None:
            return True  # a key alone identifies the item (a measurement's period)
        return similar(self.text(o), self.text(n), self.cutoff / 2) is not None


def similar(a: str, b: str, cutoff: float) -> float | None:
    """The similarity of a and b if at least cutoff, cheapest bounds first."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= cutoff else None


def words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


class _Run(Generic[T]):
    """One pairing: old and new indices still unpaired, and the pairs found."""

    def __init__(self, m: Matcher[T], old: Sequence[T], new: Sequence[T]) -> None:
        self.m, self.old, self.new = m, old, new
        self.left: dict[int, None] = dict.fromkeys(range(len(old)))  # ordered sets
        self.right: dict[int, None] = dict.fromkeys(range(len(new)))
        self.found: dict[int, int] = {}  # new index -> old index
        self.equal: set[int] = set()  # new indices paired with an equal old item
        old_key = m.old_key or m.key
        self.old_keys = [old_key(o) for o in old]

    def take(self, i: int, j: int) -> None:
        del self.left[i], self.right[j]
        self.found[j] = i

    def by_key(self, accept: Callable[[T, T], bool]) -> None:
        index: dict[Hashable, list[int]] = defaultdict(list)
        for j in self.right:
            index[self.m.key(self.new[j])].append(j)
        for i in list(self.left):
            for j in index.get(self.old_keys[i], ()):
                if j in self.right and accept(self.old[i], self.new[j]):
                    self.take(i, j)
                    break

    def _by(self, sig: Callable[[T], Hashable]) -> None:
        index: dict[Hashable, deque[int]] = defaultdict(deque)
        for j in self.right:
            index[sig(self.new[j])].append(j)
        for i in list(self.left):
            queue = index.get(sig(self.old[i]))
            if queue:
                self.take(i, queue.popleft())

    def by_signature(self) -> None:
        """Same content apart from the key: moved, renumbered or renamed."""
        exclude = set(self.m.key_fields)
        self._by(lambda item: item.model_dump_json(exclude=exclude))

    def by_text(self) -> None:
        if self.m.cutoff is not None:
            self._by(self.m.text)

    def by_similarity(self) -> None:
        cutoff = self.m.cutoff
        if cutoff is None or not self.left or not self.right:
            return
        rights = list(self.right)
        bags = {j: words(self.m.text(self.new[j])) for j in rights}
        for rank, i in enumerate(list(self.left)):
            text = self.m.text(self.old[i])
            bag = words(text)
            near = rights[max(0, rank - WINDOW) : rank + WINDOW + 1]
            probes = sorted(
                (j for j in near if j in self.right), key=lambda j: -overlap(bag, bags[j])
            )[:PROBES]
            scored = [(similar(text, self.m.text(self.new[j]), cutoff), j) for j in probes]
            best = max(((s, j) for s, j in scored if s is not None), default=None)
            if best is not None:
                self.take(i, best[1])

    def result(self) -> Pairing[T]:
        order = sorted(self.found)
        return Pairing(
            [(self.old[self.found[j]], self.new[j]) for j in order],
            [(self.old[self.found[j]], self.new[j]) for j in order if j not in self.equal],
            [self.old[i] for i in self.left],
            [self.new[j] for j in self.right],
        )
