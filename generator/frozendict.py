"""A read-only dict for `extra` values in config and front matter."""

from __future__ import annotations


class FrozenDict(dict):
    """Read-only, yet picklable (for the build cache and render workers),
    which a MappingProxyType is not."""

    __slots__ = ()  # no instance __dict__: one per story adds up

    def _refuse(self, *args, **kwargs):
        raise TypeError("extra values are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self):
        # Rebuild from a plain dict: pickle's default for dict subclasses
        # would restore items through __setitem__, which is refused.
        return (type(self), (dict(self),))

    def __hash__(self) -> int:  # frozen dataclasses holding it stay hashable
        return hash(tuple(sorted(map(repr, self.items()))))


EMPTY = FrozenDict()


def frozen(values: dict) -> FrozenDict:
    """`values`, read-only. All empty ones are one object: most stories have
    no `extra`, and 50,000 empty dicts were 4 MiB of a build's state."""
    return FrozenDict(values) if values else EMPTY
