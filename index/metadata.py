"""YAML metadata (Markdown front matter, `sources.yaml`) read so that one bad value cannot stop a build.

PyYAML's safe loader, used as is, lets three kinds of input through as exceptions or traps that later
code trips over: an impossible date (`2024-02-30`, a ValueError), a value that contains itself (an
anchor holding its own alias, built as a self-referencing list that recurses forever), and alias
chains that expand exponentially ("billion laughs"). Here every value is built eagerly, turned into
plain JSON data (string keys; str, int, float, bool, None, lists and dicts; dates and other objects
become text), and refused with a reason when it cannot be. `sources.yaml` is read entry by entry, so
one bad entry is reported and left out while the others are used.
"""
from __future__ import annotations

import yaml

from .errors import DocumentError

MAX_VALUES = 10_000      # far past any real metadata; an alias bomb expands past it at once


class _Loader(yaml.SafeLoader):
    """SafeLoader whose impossible dates fail as YAML errors that name the value."""


def _timestamp(loader: _Loader, node: yaml.Node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date: {exc}", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _describe(exc: BaseException, first_line: int) -> str:
    """A short reason: the problem and its line in the file (`first_line` is where the YAML starts)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem.startswith("found unconstructable recursive node"):
            problem = "a value refers to itself (an alias inside its own anchor)"
        else:
            problem = exc.problem
        return f"{problem} (line {mark.line + first_line})" if mark else problem
    return str(exc).splitlines()[0]


def plain(value):
    """`value` as plain JSON data. Raises ValueError past MAX_VALUES values (an alias counts each time)."""
    left = MAX_VALUES

    def convert(item):
        nonlocal left
        left -= 1
        if left < 0:
            raise ValueError(f"more than {MAX_VALUES:,} values (aliases that expand?)")
        if isinstance(item, (str, int, float, bool)) or item is None:
            return item
        if isinstance(item, (list, tuple)):
            return [convert(v) for v in item]
        if isinstance(item, dict):
            return {str(k): convert(v) for k, v in item.items()}
        return str(item)

    return convert(value)


def _build(loader: _Loader, node: yaml.Node, first_line: int):
    """Construct one node eagerly (so self-reference is caught) and make it plain."""
    try:
        return plain(loader.construct_object(node, deep=True))
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        # A failed construction leaves its nodes marked as "in progress"; later entries must not see them.
        loader.recursive_objects.clear()
        loader.deep_construct = False
        reason = str(exc) if type(exc) is ValueError else _describe(exc, first_line)
        raise DocumentError(reason) from None


def _root(text: str, first_line: int) -> tuple[_Loader, yaml.Node | None]:
    loader = _Loader(text)
    try:
        return loader, loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        loader.dispose()
        raise DocumentError(f"not valid YAML: {_describe(exc, first_line)}") from None


def load_front_matter(text: str, first_line: int = 2) -> dict:
    """Fields of a front matter block (anything but a mapping gives none). Raises DocumentError."""
    loader, root = _root(text, first_line)
    try:
        data = _build(loader, root, first_line) if root is not None else None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else {}


def load_sidecar(text: str) -> tuple[dict[str, dict], list[str]]:
    """Entries of `sources.yaml` by document id, and a reason for each entry left out.

    Raises DocumentError when the file as a whole is unusable (not YAML, not a mapping)."""
    return _load_entries(text, yaml.MappingNode, "must map document ids to their metadata (id: {title: ..., url: ...})",
                         "not a mapping of fields", lambda entries, key, value: entries.__setitem__(key, value))


def load_lists(text: str) -> tuple[dict[str, list], list[str]]:
    """Entries of a file mapping each key to a list (`aliases.yaml`), and a reason for each entry left out (a value
    that is not a list, or cannot be built). Raises DocumentError when the file as a whole is unusable."""
    whole = "must map each term the documents write to a list of other names for it"
    # a key written twice: both lists
    return _load_entries(text, yaml.SequenceNode, whole, "not a list of names",
                         lambda entries, key, value: entries.setdefault(key, []).extend(value))


def _load_entries(text: str, shape: type, not_a_mapping: str, not_its_shape: str, add) -> tuple[dict, list[str]]:
    """A YAML mapping's entries, each value a node of `shape`, put in by `add(entries, key, value)`, and a reason for
    each entry left out. Raises DocumentError (`not_a_mapping`) when the file as a whole is unusable."""
    loader, root = _root(text, 1)
    entries: dict = {}
    problems: list[str] = []
    try:
        if root is None:
            return entries, problems
        if not isinstance(root, yaml.MappingNode):
            raise DocumentError(not_a_mapping)
        for key_node, value_node in root.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            try:
                key = _build(loader, key_node, 1)
                if not isinstance(value_node, shape):
                    raise DocumentError(f"{not_its_shape} (line {value_node.start_mark.line + 1})")
                add(entries, str(key), _build(loader, value_node, 1))
            except DocumentError as exc:
                problems.append(f"entry '{name}' ignored: {exc}")
    finally:
        loader.dispose()
    return entries, problems
