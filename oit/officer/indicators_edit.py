"""Edit indicators.yml the way the officer wrote it: comments, order and layout kept.

``oit add`` and ``oit new-year`` change a few entries of a file the officer maintains by
hand and has annotated with Thai comments. A plain YAML dump would drop every comment
and reformat the file, so edits go through ruamel.yaml's round-trip mode, with three
adjustments:

* Plain scalars that look like dates stay strings. ruamel (like PyYAML) would turn
  ``2569-10-15`` into a CE date and crash on the valid BE leap day ``2567-02-29``; the
  domain code (``oit.core.fiscal_calendar``) decides what a date is, exactly as
  ``oit.core.yamlsource`` does when the file is read for checking.
* The indentation is taken from the file itself (the combination that reproduces the
  file byte for byte), so an untouched part never changes.
* ruamel attaches the blank line and section comment that precede an item (``# --- 9.2
  การบริหารงาน``) to the last value of the item before it. Appending to or emptying a
  document list would move or delete that comment, so it is detached before a change
  and re-attached to whatever is last afterwards (``pop_trailer``/``push_trailer``).

Writes are atomic (``oit.core.atomic``); ``restore`` puts the original bytes back, so a
command that fails its final validation leaves the file exactly as it found it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from oit.core.atomic import write_bytes_atomic
from oit.core.catalog import Catalog, CatalogItem
from oit.core.errors import InputError, os_reason
from oit.core.yamlsource import decode_text, syntax_error

__all__ = [
    "IndicatorsDocument",
    "item_comment",
    "new_items_map",
    "pop_trailer",
    "push_trailer",
    "render_new_config",
    "round_trip_yaml",
]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOM = "\ufeff"

# Column of the comment after an item key (``o1:   # ...``), as in the sample file.
ITEM_COMMENT_COLUMN = 8


class _NoTimestampResolver(VersionedResolver):
    """The YAML 1.2 resolver without timestamps: ``2569-10-15`` stays the text typed."""

    @property
    def versioned_resolver(self) -> Any:
        table = super().versioned_resolver
        return {first: [(tag, rx) for tag, rx in rules if tag != _TIMESTAMP] for first, rules in table.items()}


def round_trip_yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    """A round-trip YAML instance: comments and quoting kept, dates left as text."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _NoTimestampResolver
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096  # never fold a long Thai title onto a second line
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _candidate_indents(text: str) -> list[tuple[int, int, int]]:
    """Indentation settings to try, most likely first (the sample's 2/4/2 among them)."""
    try:
        _, seq_indent, dash_offset = load_yaml_guess_indent(text)
    except Exception:  # a guess only; the real parse below reports errors
        seq_indent, dash_offset = None, None
    guesses: list[tuple[int, int, int]] = []
    if isinstance(seq_indent, int) and isinstance(dash_offset, int):
        guesses += [(2, seq_indent, dash_offset), (seq_indent, seq_indent, dash_offset),
                    (4, seq_indent, dash_offset)]
    guesses += [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0)]
    seen: list[tuple[int, int, int]] = []
    for guess in guesses:
        mapping, sequence, offset = guess
        if guess not in seen and mapping > 0 and sequence >= offset + 2:
            seen.append(guess)
    return seen


# ---------------------------------------------------------------- trailing comments

def _is_block_collection(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not value.fa.flow_style()


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment that follows ``node``'s last line.

    It is the end-of-line comment of the deepest last scalar (or flow collection):
    position 2 of a mapping key's comment list, position 0 of a sequence entry's.
    """
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node.keys())[-1]
            if _is_block_collection(node[key]):
                node = node[key]
                continue
            return node, key, 2
        if isinstance(node, CommentedSeq) and len(node):
            index = len(node) - 1
            if _is_block_collection(node[index]):
                node = node[index]
                continue
            return node, index, 0
        return None


def pop_trailer(node: Any) -> str:
    """Detach the lines that follow ``node`` (blank lines, the next section's comment).

    The end-of-line comment of the last line itself stays where it is.
    """
    slot = _last_slot(node)
    if slot is None:
        return ""
    container, key, pos = slot
    entry = container.ca.items.get(key)
    if not entry or entry[pos] is None:
        return ""
    token = entry[pos]
    own, newline, rest = token.value.partition("\n")
    if not rest:
        return ""
    if own.strip():
        token.value = own + newline
    else:
        entry[pos] = None
    return rest


def push_trailer(node: Any, trailer: str) -> None:
    """Re-attach lines detached by ``pop_trailer`` after ``node``'s (new) last line."""
    if not trailer:
        return
    slot = _last_slot(node)
    if slot is None:  # nothing to hang it on; dropping blank lines/comments is the lesser harm
        return
    container, key, pos = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    token = entry[pos]
    if token is None:
        entry[pos] = CommentToken("\n" + trailer, CommentMark(0))
    else:
        text = token.value if token.value.endswith("\n") else token.value + "\n"
        token.value = text + trailer


# ---------------------------------------------------------------- building blocks

def item_comment(spec: CatalogItem) -> str:
    """The Thai comment written after an item key: its title and currency rule."""
    return f"# {spec.title} — {spec.period.label_th} ({spec.period.value})"


def _empty_seq() -> CommentedSeq:
    seq = CommentedSeq()
    seq.fa.set_flow_style()  # shows as ``documents: []``
    return seq


def document_map(fields: Mapping[str, str | None]) -> CommentedMap:
    """A document entry in the conventional key order; ``None`` values are left out."""
    order = ["title", "file", "url", "page", "month", "date", "note", "division"]
    doc = CommentedMap()
    for key in order + [k for k in fields if k not in order]:
        value = fields.get(key)
        if value is not None:
            doc[key] = value
    return doc


def new_items_map(
    catalog: Catalog,
    entries: Mapping[str, Mapping[str, Any]] | None = None,
) -> CommentedMap:
    """An ``items:`` mapping listing every catalog item in order, each with its comment.

    ``entries`` gives what to put under some codes (``division``, ``not_applicable``,
    ``documents``); every other item gets ``documents: []``.
    """
    entries = entries or {}
    items = CommentedMap()
    for spec in catalog.items:
        body = CommentedMap()
        given = entries.get(spec.code, {})
        for key in ("division", "not_applicable"):
            if given.get(key) is not None:
                body[key] = given[key]
        docs = list(given.get("documents") or [])
        if docs or given.get("not_applicable") is None:
            seq = CommentedSeq(docs) if docs else _empty_seq()
            body["documents"] = seq
        items[spec.code] = body
        items.yaml_add_eol_comment(item_comment(spec), spec.code, column=ITEM_COMMENT_COLUMN)
    return items


def _commented_map(values: Mapping[str, Any]) -> CommentedMap:
    out = CommentedMap()
    for key, value in values.items():
        out[key] = value
    return out


def render_new_config(
    *,
    header: str,
    name: str,
    site_url: str,
    assessment: str,
    fiscal_year: int,
    catalog: Catalog,
    deadline: str | None = None,
    contact: Mapping[str, str] | None = None,
    entries: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The text of a brand-new indicators.yml (``oit init``): header comment, then data.

    ``contact`` becomes ``organization.contact`` (the footer of every page); ``entries``
    are what some items start with (see :func:`new_items_map`).
    """
    data = CommentedMap()
    org = CommentedMap()
    org["name"] = name
    org["site_url"] = site_url
    org.yaml_add_eol_comment("# ที่อยู่เว็บไซต์จริง ใช้สร้างลิงก์เต็มในแบบส่ง ITAS", "site_url", column=40)
    if contact:
        org["contact"] = _commented_map(contact)
        org.yaml_add_eol_comment("# แสดงที่ส่วนท้ายของทุกหน้า", "contact", column=40)
    data["organization"] = org
    data["assessment"] = assessment
    data.yaml_add_eol_comment(f"# แบบตรวจ (catalog) ที่ใช้: {catalog.title}", "assessment", column=25)
    data["fiscal_year"] = fiscal_year
    data.yaml_add_eol_comment("# ปีงบประมาณที่ถูกประเมิน (พ.ศ.) แยกจาก assessment", "fiscal_year", column=25)
    if deadline:
        data["deadline"] = deadline
        data.yaml_add_eol_comment("# วันสุดท้ายที่ต้องเผยแพร่ครบ", "deadline", column=25)
    data["items"] = new_items_map(catalog, {code: {"documents": [_commented_map(d) for d in body["documents"]]}
                                            for code, body in (entries or {}).items()})
    data.yaml_set_comment_before_after_key("items", before="\n")
    return header.rstrip("\n") + "\n\n" + _dump(round_trip_yaml(), data)


# ---------------------------------------------------------------- the editable file

class IndicatorsDocument:
    """indicators.yml (or an archived year) opened for a round-trip edit."""

    def __init__(self, path: Path, original: bytes, data: CommentedMap, yaml: YAML,
                 bom: bool, crlf: bool) -> None:
        self.path = path
        self.original = original
        self.data = data
        self._yaml = yaml
        self._bom = bom
        self._crlf = crlf
        #: read as TIS-620 / Windows-874: saving writes it back as UTF-8 (tell the officer)
        self.was_legacy_thai = False

    @classmethod
    def open(cls, path: Path, shown: str | None = None) -> IndicatorsDocument:
        """Read ``path`` for editing. The file should already have passed ``load_site``."""
        path = Path(path)
        shown = shown or path.name
        try:
            original = path.read_bytes()
        except OSError as exc:
            raise InputError(shown, None, f"อ่านไฟล์ไม่ได้ ({os_reason(exc)})") from None
        legacy = False
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError:
            # Thai Windows (cp874) text, or an error naming the line; saved back as UTF-8
            text, note = decode_text(original, shown)
            legacy = note is not None
        bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        chosen: tuple[YAML, Any] | None = None
        first: tuple[YAML, Any] | None = None
        for mapping, sequence, offset in _candidate_indents(text):
            yaml = round_trip_yaml(mapping, sequence, offset)
            try:
                data = yaml.load(text)
            except YAMLError as exc:
                raise syntax_error(shown, text, exc) from None
            if not isinstance(data, CommentedMap):
                raise InputError(shown, 1, "ไฟล์ต้องเป็นชุด คีย์: ค่า (organization, assessment, items)")
            first = first or (yaml, data)
            if _dump(yaml, data) == text:
                chosen = (yaml, data)
                break
        assert first is not None
        # No setting reproduces the file exactly (unusual hand formatting): edit anyway
        # with the best guess; the content is the same, only the layout is normalised.
        yaml, data = chosen or first
        document = cls(path, original, data, yaml, bom, crlf)
        document.was_legacy_thai = legacy
        return document

    # ---- reading

    @property
    def items(self) -> CommentedMap:
        """The ``items:`` mapping, created (empty) if the file has none."""
        items = self.data.get("items")
        if not isinstance(items, CommentedMap):
            items = CommentedMap()
            self.data["items"] = items
        return items

    def item_key(self, code: str) -> str | None:
        """The key as written for ``code`` (``O1`` and ``o1`` are the same item)."""
        wanted = code.strip().lower()
        for key in self.items:
            if str(key).strip().lower() == wanted:
                return str(key)
        return None

    def item(self, code: str) -> CommentedMap:
        """The entry of ``code``, created (or filled in, for ``o5:`` with no value) if needed."""
        items = self.items
        key = self.item_key(code)
        if key is None:
            key = code
            items[key] = CommentedMap()
        value = items[key]
        if not isinstance(value, CommentedMap):
            value = CommentedMap()
            items[key] = value
        return value

    # ---- changing

    def append_document(self, code: str, fields: Mapping[str, str | None]) -> None:
        """Add a document at the end of the item's list, keeping the comments around it."""
        item = self.item(code)
        trailer = pop_trailer(item)
        docs = item.get("documents")
        if not isinstance(docs, CommentedSeq):
            docs = CommentedSeq()
            item["documents"] = docs
        docs.fa.set_block_style()  # ``documents: []`` becomes a list with one entry per line
        docs.append(document_map(fields))
        push_trailer(item, trailer)

    def set_documents(self, code: str, documents: Iterable[Any]) -> None:
        """Replace the item's documents (``[]`` when none), keeping surrounding comments."""
        item = self.item(code)
        trailer = pop_trailer(item)
        docs = list(documents)
        if docs:
            seq = CommentedSeq(docs)
            seq.fa.set_block_style()
        else:
            seq = _empty_seq()
        if "not_applicable" in item and docs:
            del item["not_applicable"]
        item["documents"] = seq
        push_trailer(item, trailer)

    def replace_items(self, items: CommentedMap, tail: str | None = None) -> None:
        """Swap the whole ``items:`` mapping (new assessment), keeping the file's tail comments.

        ``tail`` is the text detached earlier with ``pop_trailer(self.items)``, for callers
        that move documents out of the old mapping first.
        """
        old = self.items
        trailer = pop_trailer(old) if tail is None else tail
        self.data["items"] = items
        push_trailer(items, trailer)

    def set_top(self, key: str, value: Any) -> None:
        """Set a top-level setting (``fiscal_year``, ``deadline``), keeping its comment.

        A new key goes after ``assessment`` (where the sample keeps it), not at the end.
        """
        if key in self.data or "assessment" not in self.data:
            self.data[key] = value
            return
        position = list(self.data.keys()).index("assessment") + 1
        self.data.insert(position, key, value)

    # ---- writing

    def dumps(self) -> str:
        """The edited file as text (same line endings and BOM as the original)."""
        text = _dump(self._yaml, self.data)
        if self._crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self._bom else "") + text

    def save(self, path: Path | None = None) -> None:
        """Write the edited file atomically (to ``path``, default: where it came from)."""
        write_bytes_atomic(Path(path or self.path), self.dumps().encode("utf-8"))

    def restore(self) -> None:
        """Put the original bytes back (rollback after a failed validation)."""
        write_bytes_atomic(self.path, self.original)
