"""Load the facts file: YAML nodes -> checked model, with a line number for every problem.

PyYAML's composed nodes carry their line; we build plain Python data from them ourselves so that
every value keeps its line, duplicate keys and aliases are caught (PyYAML accepts both silently),
and pydantic's errors can be reported as `file:line: field.path: expected X, got Y`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from generator import yamlcheck
from generator.errors import InputError, Problem
from generator.load_measured import check_measurements
from generator.model import Facts
from generator.textcheck import Scripts

Loc = tuple[str | int, ...]
_STR = "tag:yaml.org,2002:str"
MAX_BYTES = 10_000_000
"""Facts files are hand-written: one larger than this is a mistake, and is refused before parsing."""
M = TypeVar("M", bound=BaseModel)


@dataclass
class Document:
    """Plain data read from one YAML file, with the line of every value and key."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    key_lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, loc: Loc) -> int:
        """Return the line of the value at loc, or of its nearest ancestor that exists."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 0)

    def problem(self, loc: Loc, message: str, *, line: int | None = None) -> None:
        """Record a problem at loc."""
        self.problems.append(Problem(self.file, line or self.line(loc), self.path(loc), message))

    def path(self, loc: Loc) -> str:
        """Spell loc as a field path: `accelerators[t4].memory.size`, using ids for list items."""
        out = ""
        node = self.data
        for part in loc:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and part < len(node) else None
                ident = item.get("id") if isinstance(item, dict) else None
                named = isinstance(ident, str) and 0 < len(ident) <= 40  # a longer id is itself the mistake
                out += f"[{ident}]" if named else f"[{part}]"
                node = item
            else:
                out += f".{part}" if out else part
                node = node.get(part) if isinstance(node, dict) else None
        return out


def read_yaml(path: Path, display: str) -> Document:
    """Read a YAML file into a Document; raise InputError if it cannot be read or parsed."""
    doc = Document(display, None)
    if not path.exists():
        raise InputError(display, [Problem(display, 0, "", "expected a YAML file, got nothing at this path")])
    if not path.is_file():
        raise InputError(display, [Problem(display, 0, "", "expected a YAML file, got a directory")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        message = f"expected a file of at most {MAX_BYTES // 1_000_000} MB, got {size / 1_000_000:.1f} MB"
        raise InputError(display, [Problem(display, 0, "", message)])
    text = yamlcheck.decode(path.read_bytes(), display)
    yamlcheck.unreadable(text, display)
    root = _parse(text, display)
    if root is None:
        raise InputError(display, [Problem(display, 1, "", "expected a mapping of fields, got an empty file")])
    builder = _Builder(doc)
    doc.data = builder.build(root, ())
    for loc, message, line in builder.problems:  # paths can name list items by id only now
        doc.problem(loc, message, line=line)
    if doc.problems:
        raise InputError(display, doc.problems)
    return doc


_C_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED_BY_FIRST = frozenset(key for key in yaml.SafeLoader.yaml_implicit_resolvers if key)


class FastLoader(_C_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's loader where PyYAML was built with it: the same nodes, several times faster.

    Its composer asks Python to resolve the tag of every scalar; a plain scalar whose first
    character starts none of YAML's implicit types (numbers, booleans, null, dates) is text, and is
    answered without the general lookup (the same answer, a third of the parse time saved).
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _RESOLVED_BY_FIRST:
            return _STR
        return str(super().resolve(kind, value, implicit))


FAST_LOADER: type[yaml.SafeLoader] = FastLoader


def _parse(text: str, display: str) -> yaml.Node | None:
    """Compose text into nodes, then refuse aliases; raise InputError on any YAML problem.

    The fast (C) loader reads valid files; a file it rejects is read again by the pure-Python
    loader, whose error messages and marks yamlcheck.syntax_problem knows how to word for a person.
    """
    yamlcheck.check_depth(text, display)
    for loader in (FAST_LOADER, yaml.SafeLoader):
        try:
            root = yaml.compose(text, Loader=loader)  # an alias is the same node again: nothing expands
            aliases = yamlcheck.aliases(text, loader)
        except yaml.YAMLError as err:
            if loader is not yaml.SafeLoader:
                continue
            if isinstance(err, yaml.MarkedYAMLError):
                line, message = yamlcheck.syntax_problem(err)
                raise InputError(display, [Problem(display, line, "", message)]) from None
            raise InputError(display, [Problem(display, 0, "", f"expected valid YAML, got {err}")]) from None
        if aliases:
            many = f"{len(aliases)} YAML aliases (*name), the first here"
            got = "a YAML alias (*name)" if len(aliases) == 1 else many
            message = f"expected every value written out, got {got}"
            raise InputError(display, [Problem(display, aliases[0], "", message)])
        return root
    return None


class _Builder:
    """Turn composed YAML nodes into plain data, recording lines and structural problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[tuple[Loc, str, int]] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        line = node.start_mark.line + 1
        self.doc.lines[loc] = line
        if id(node) in self.seen:
            # The composer hands back the very same node for an alias (*name).
            self.problems.append((loc, "expected a plain value, got a YAML alias (aliases are not allowed)", line))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR:  # most values: text, which needs no constructing
            return node.value
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            what = "a real date written YYYY-MM-DD" if node.tag.endswith(":timestamp") else "a valid value"
            if node.tag.endswith(":int"):
                what = "a number of at most 4,000 digits"
            shown = repr(node.value) if len(node.value) <= 60 else repr(node.value[:57]) + "..."
            self.problems.append((loc, f"expected {what}, got {shown}", line))
            return None
        trouble = yamlcheck.scalar_problem(node.tag.rsplit(":", 1)[-1], node.value, value)
        if trouble:  # 1:10, 0x1F, yes, ~ ...: YAML 1.1 reads them as what nobody writes them for
            self.problems.append((loc, trouble, line))
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            textual = isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR
            key = self.build(key_node, (*loc, "<key>")) if textual else None
            if not isinstance(key, str):
                shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a mapping"
                self.problems.append((loc, f"expected a field name, got {shown} (quote it if it is a name)", key_line))
                continue
            if key in result:
                first = self.doc.key_lines[(*loc, key)]
                message = f"expected each field once, got '{key}' again (first on line {first})"
                self.problems.append(((*loc, key), message, key_line))
                continue
            self.doc.key_lines[(*loc, key)] = key_line
            result[key] = self.build(value_node, (*loc, key))
        self.doc.lines.pop((*loc, "<key>"), None)
        return result


# --- validation --------------------------------------------------------------------------


def load_facts(
    path: Path, display: str, languages: tuple[str, ...], scripts: dict[str, Scripts] | None = None
) -> Facts:
    """Read, validate and cross-check the facts file; raise InputError listing every problem.

    languages are the site's languages; scripts, per language, the letters its prose may use.
    """
    return load_facts_document(path, display, languages, scripts)[0]


def load_facts_document(
    path: Path, display: str, languages: tuple[str, ...], scripts: dict[str, Scripts] | None = None
) -> tuple[Facts, Document]:
    """load_facts, also returning the Document (the plain data with its line numbers)."""
    doc = read_yaml(path, display)
    facts = validate(doc, Facts, languages, scripts or {})
    _check_references(doc)
    if doc.problems or facts is None:
        raise InputError(display, doc.problems)
    return facts, doc


def validate(
    doc: Document, model: type[M], languages: tuple[str, ...], scripts: dict[str, Scripts] | None = None
) -> M | None:
    """Validate doc.data against model; record each error as a problem and return None on failure."""
    try:
        return model.model_validate(doc.data, context={"languages": languages, "scripts": scripts or {}})
    except ValidationError as err:
        errors = err.errors(include_url=False)
        # A misspelt field is reported once, as unknown with a hint, not also as missing.
        hinted = {
            (*e["loc"][:-1], hint)
            for e in errors
            if e["type"] == "extra_forbidden"
            for hint in difflib.get_close_matches(str(e["loc"][-1]), _fields_at(model, e["loc"][:-1]), n=1, cutoff=0.6)
        }
        for error in errors:
            if not (error["type"] == "missing" and tuple(error["loc"]) in hinted):
                _record(doc, model, error)
        return None


def _record(doc: Document, model: type[BaseModel], error: Any) -> None:
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    if kind == "text":
        names = {lang: lang for lang in ctx["languages"]}
        for lang, trouble in ctx["problems"]:
            where = (*loc, lang)
            if trouble == "missing":
                doc.problem(where, f"expected text in '{lang}', got nothing")
            elif trouble == "type":
                doc.problem(where, f"expected text, got {_shown(given.get(lang))}")
            elif trouble == "empty":
                doc.problem(where, "expected text, got an empty string")
            elif trouble.startswith("expected "):  # a textcheck finding, already worded
                doc.problem(where, trouble)
            else:
                hint = _did_you_mean(lang, names)
                langs = ", ".join(ctx["languages"])
                doc.problem(
                    where, f"expected one of the languages {langs}, got '{lang}'{hint}", line=doc.key_lines.get(where)
                )
        return
    if kind == "worded":  # a textcheck finding: already "expected X, got Y"
        doc.problem(loc, ctx["message"])
        return
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), known)
        listing = "" if hint else f"; expected one of: {', '.join(known)}"
        doc.problem(loc, f"unknown field{hint}{listing}", line=doc.key_lines.get(loc))
        return
    if kind == "missing":
        doc.problem(loc, "expected this required field, got nothing", line=doc.line(loc[:-1]))
        return
    for name in ctx["field"].split(".") if "field" in ctx else ():  # a field may be nested: "dense.value"
        part: str | int = int(name) if name.isdigit() else name
        loc = (*loc, part)
        if isinstance(given, dict):
            given = given.get(part)
        elif isinstance(given, list) and isinstance(part, int) and part < len(given):
            given = given[part]
        else:
            given = None
    got = f"{len(given):,}" if kind == "too_long" and isinstance(given, list) else _shown(given)
    doc.problem(loc, f"expected {_expected(kind, ctx)}, got {got}")


_EXPECTED = {
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping",
    "list_type": "a list",
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
}


def _expected(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "expected":
        return str(ctx["what"])
    if kind == "literal_error":
        return f"one of {ctx['expected']}"
    if kind in ("greater_than", "greater_than_equal"):
        return f"a number greater than {ctx.get('gt', ctx.get('ge'))}"
    if kind in ("less_than", "less_than_equal"):
        return f"a number of at most {ctx.get('lt', ctx.get('le')):,}"
    if kind == "too_short":
        return f"at least {ctx.get('min_length', 1)} item"
    if kind == "too_long":
        return f"at most {ctx.get('max_length', 0):,} items"
    if kind == "finite_number":
        return "a finite number"
    return _EXPECTED.get(kind, kind.replace("_", " "))


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, date):
        return value.isoformat()
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(word: str, known: dict[str, str] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the fields the model allows at loc (following lists, dicts and optionals)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            current = _unwrap(current, list)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            current = _unwrap(current.model_fields[part].annotation, None)
        else:
            current = _unwrap(current, dict)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any, container: type | None) -> Any:
    """Strip Optional/Annotated, and step into a list's item or a dict's value type."""
    for _ in range(6):
        args = [a for a in get_args(annotation) if a is not type(None)]
        origin = get_origin(annotation)
        if container is not None and origin is container:
            annotation, container = args[-1], None
        elif origin is not None and args and not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            annotation = args[0]
        else:
            break
    return annotation


# --- cross-references --------------------------------------------------------------------

_ID_LISTS = ("sources", "plans", "accelerators", "features", "advice", "measurements")


def _check_references(doc: Document) -> None:
    """Check what the model alone cannot: unique ids, and ids that point somewhere."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ids: dict[str, dict[str, int]] = {}
    for name in _ID_LISTS:
        seen: dict[str, int] = {}
        for i, item in _items(data.get(name)):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = doc.line((name, seen[ident], "id"))
                doc.problem((name, i, "id"), f"expected a unique id, got '{ident}' again (first on line {first})")
            else:
                seen[ident] = i
        ids[name] = seen
    _check_row_ids(doc, data)
    check_measurements(doc, data)
    _check_replacements(doc, data)
    misses = 0
    for loc, value in _walk(data, ()):
        if loc[-1] == "source" and isinstance(value, str):
            where = "sources"
        elif _names_plan(loc):
            where = "plans"
        elif loc[:2] == ("planner", "tasks") and len(loc) == 5 and loc[-2] == "needs":
            where = "features"
        else:
            continue
        if isinstance(value, str) and value in ids[where]:
            continue
        hinted = isinstance(value, str) and misses < MAX_HINTS
        hint = _did_you_mean(value, list(ids[where])) if hinted else ""
        misses += 1
        doc.problem(loc, f"expected the id of an entry in {where}, got {_shown(value)}{hint}")


def _names_plan(loc: Loc) -> bool:
    """Whether an item sits in a list of plan ids: an accelerator's or an advice's `plans`, or an option's
    `plans.value`."""
    if len(loc) < 3 or loc[0] not in ("accelerators", "advice") or not isinstance(loc[-1], int):
        return False
    return loc[-2] == "plans" or loc[-3:-1] == ("plans", "value")


MAX_HINTS = 20
"""Wrong ids that get a "did you mean": each hint compares the id with every id of its list, so a file
of thousands of wrong ids would take minutes; the first few hints show what went wrong."""


RESERVED_IDS = frozenset({"index"})
"""Ids an accelerator cannot have: its page would take the place of a page of the site."""


def _check_row_ids(doc: Document, data: dict[str, Any]) -> None:
    """Options become rows beside accelerators (tables, downloads, anchors): their ids must differ from all."""
    seen: dict[str, int] = {}
    for i, acc in _items(data.get("accelerators")):
        if acc.get("id") in RESERVED_IDS:  # accelerators/index is the overview of all of them
            doc.problem(("accelerators", i, "id"), f"expected an id other than {acc['id']!r}, which names a site page")
        if isinstance(acc.get("id"), str):
            _pair_part(doc, ("accelerators", i, "id"), acc["id"])
            seen.setdefault(acc["id"], doc.line(("accelerators", i, "id")))
    for i, acc in _items(data.get("accelerators")):
        for j, option in _items(acc.get("options")):
            ident = option.get("id")
            if not isinstance(ident, str):
                continue
            loc: Loc = ("accelerators", i, "options", j, "id")
            _pair_part(doc, loc, ident)
            if ident in seen:
                doc.problem(
                    loc, f"expected an id no accelerator or option has, got '{ident}' (also on line {seen[ident]})"
                )
            else:
                seen[ident] = doc.line(loc)


def _check_replacements(doc: Document, data: dict[str, Any]) -> None:
    """Every `colab.replaced_by` is the id of an accelerator or option Colab offers, which pages link to.

    Not its own, nor another retired one: a reader would find a second dead end (and two could name
    each other); when a replacement is retired in turn, the facts must name the newer one.
    """
    offered: dict[str, list[object]] = {}  # id -> its names as written (for a hint)
    retired: set[str] = set()
    for _, acc in _items(data.get("accelerators")):
        colab: dict[str, Any] = acc["colab"] if isinstance(acc.get("colab"), dict) else {}
        for row in [acc, *(option for _, option in _items(acc.get("options")))]:
            if isinstance(ident := row.get("id"), str) and colab.get("status") == "offered":
                offered[ident] = list(row["name"].values()) if isinstance(row.get("name"), dict) else [row.get("name")]
            elif isinstance(ident, str):
                retired.add(ident)
    listing = ", ".join(list(offered)[:MAX_HINTS]) + (", ..." if len(offered) > MAX_HINTS else "")
    what = f"the id of an accelerator or option Colab offers ({f'one of {listing}' if offered else 'none is'})"
    misses = 0
    for i, acc in _items(data.get("accelerators")):
        colab = acc["colab"] if isinstance(acc.get("colab"), dict) else {}
        value = colab.get("replaced_by") if colab.get("status") == "retired" else None  # else: the model says
        if not isinstance(value, str) or value in offered:  # not text: the model says so
            continue
        why, misses = "", misses + 1
        if value in retired:
            why = " (its own id)" if value == acc.get("id") else " (retired too: name what Colab offers now)"
        elif misses <= MAX_HINTS:
            by_name = [ident for ident, names in offered.items() if value in names]
            why = f" (did you mean '{by_name[0]}'?)" if by_name else _did_you_mean(value, list(offered))
        doc.problem(("accelerators", i, "colab", "replaced_by"), f"expected {what}, got {_shown(value)}{why}")


def _pair_part(doc: Document, loc: Loc, ident: str) -> None:
    """A row id joins another in a side-by-side page's address (vs/t4-vs-l4): it may not hold the joint."""
    if "-vs-" in f"-{ident}-":
        doc.problem(
            loc,
            f"expected an id without 'vs' between hyphens, got '{ident}': side-by-side pages are named "
            "<id>-vs-<id>, and two pairs would get one address",
        )


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i))
    elif loc:
        yield loc, value
