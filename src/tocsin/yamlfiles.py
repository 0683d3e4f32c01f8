"""YAML for tocsin's data files: a key written twice in one mapping is an error.

PyYAML keeps the last of two equal keys without a word, so an entry whose lines were split by
an edit (an entry's ``verbs:`` written again under the next one's header) would silently
lose one sense. Every data-file loader registers ``refuse_duplicate_keys`` on its loader
class and reports ``one_line(exc)`` in its error.
"""

from __future__ import annotations

from typing import Any

import yaml


def _mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: the base constructor reports it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def refuse_duplicate_keys(loader: type) -> type:
    """Make ``loader`` (a SafeLoader subclass) raise on a key repeated within one mapping."""
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)  # type: ignore[attr-defined]
    return loader


def one_line(exc: yaml.YAMLError) -> str:
    """A YAML error as one line: the problem and where ("found duplicate key 'mode' (line
    1814)")."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        mark = exc.problem_mark
        return f"{exc.problem} (line {mark.line + 1})" if mark is not None else exc.problem
    return str(exc).splitlines()[0]
