"""The shortcuts of a cold build give exactly what the general code they stand for gives.

String paths are compared with pathlib and os.path, the text-only YAML resolver with
PyYAML's full one, libyaml for the shipped catalogs with pure-Python PyYAML; the one
pydantic reading of indicators.yml is held to report every shape problem, located.
"""

from __future__ import annotations

import errno
import os
import posixpath
import random
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from oit.core import indicators, yamlsource
from oit.core.catalog import CATALOG_DIR, CROSSWALK_DIR
from oit.core.errors import InputError, InputErrors
from oit.core.yamlsource import parse_yaml
from oit.pages import generate

# --- paths -------------------------------------------------------------------------

TARGETS = [
    "a.pdf",
    "files/2570/o1/a.pdf",
    "files//a.pdf",
    "./files/a.pdf",
    "files/./a.pdf",
    "files/a.pdf/",
    "files/a.pdf/.",
    ".",
    "./",
    "files",
    "files/",
    "files\\a.pdf",
    "files\\..\\..\\etc",
    "../secret.pdf",
    "files/../a.pdf",
    "files/../../a.pdf",
    "/etc/passwd",
    "//etc/passwd",
    "C:/x.pdf",
    "c:x.pdf",
    "./C:/x.pdf",
    "link_out/x.pdf",
    "link_in.pdf",
    "loop/x",
    "loop",
    "missing/x.pdf",
    "files/a.pdf/x",
    "ไฟล์/เอกสาร ๑.pdf",
    "ita/o1.md",
    "a.",
    ".hidden",
]


def _reference_problem(content_dir: Path, target: str) -> tuple[Path | None, str | None]:
    """resolve_content_path as it was written with pathlib (before the string version)."""
    pure = PurePosixPath(target.replace("\\", "/"))
    if pure.is_absolute() or (pure.parts and pure.parts[0].endswith(":")):
        return None, "ต้องเป็นเส้นทางภายในโฟลเดอร์ content/ ไม่ใช่เส้นทางเต็ม"
    if ".." in pure.parts:
        return None, "ห้ามใช้ '..' ออกนอกโฟลเดอร์ content/"
    path = content_dir / pure
    try:
        inside = path.resolve().is_relative_to(content_dir.resolve())
    except (OSError, RuntimeError):
        return None, "อ่านเส้นทางไม่ได้ (ลิงก์วนซ้ำหรือสิทธิ์ไม่พอ)"
    if not inside:
        return None, "ชี้ออกไปนอกโฟลเดอร์ content/ (ผ่านลิงก์สัญลักษณ์)"
    if not path.exists():
        return None, "ไม่พบไฟล์"
    if path.is_dir():
        return None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์"
    return path, None


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "files" / "2570" / "o1").mkdir(parents=True)
    (root / "content" / "ita").mkdir()
    (root / "content" / "ไฟล์").mkdir()
    for rel in ["a.pdf", "files/a.pdf", "files/2570/o1/a.pdf", "ita/o1.md", "ไฟล์/เอกสาร ๑.pdf", "a.", ".hidden"]:
        (root / "content" / rel).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.pdf").write_bytes(b"x")
    (root / "content" / "link_out").symlink_to(tmp_path / "outside")
    (root / "content" / "link_in.pdf").symlink_to(root / "content" / "a.pdf")
    (root / "content" / "loop").symlink_to(root / "content" / "loop")
    return root / "content"


@pytest.mark.parametrize("shared", [True, False])
def test_content_paths_match_pathlib(content: Path, shared: bool) -> None:
    real_dirs: dict[str, str] | None = {} if shared else None
    for target in TARGETS:
        expected = _reference_problem(content, target)
        got = indicators.resolve_content_path(content, target, real_dirs=real_dirs)
        assert got == expected, target


@pytest.mark.parametrize("shared", [True, False])
def test_content_paths_carry_the_size_stat_gives(content: Path, shared: bool) -> None:
    # The size shown on the pages comes from the check's own stat: it must be what
    # stat gives for the path (through a symlink, the target's size, not the link's).
    (content / "files" / "a.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    seen = 0
    for target in TARGETS:
        path, problem, size = indicators._content_problem(str(content), target, {} if shared else None)
        if problem:
            assert size is None, target
            continue
        seen += 1
        assert size == os.stat(path).st_size, target
    assert seen >= 5


def test_content_paths_relative_root(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(content.parent)
    relative = Path("content")
    for target in TARGETS:
        assert indicators.resolve_content_path(relative, target, real_dirs={}) == _reference_problem(
            relative, target
        ), target


@given(st.text(alphabet="ab/.ก", max_size=10), st.lists(st.text(alphabet="ab.ก", min_size=1, max_size=3), max_size=4))
def test_path_joining_and_splitting_match_posixpath(folder: str, parts: list[str]) -> None:
    """The string shortcuts of the per-document path check give what os.path gives."""
    assert indicators._joined(folder, parts) == os.path.join(folder, *parts)
    path = indicators._joined(folder, parts)
    real_dirs: dict[str, str] = {}
    indicators._real_path(path, real_dirs)
    assert list(real_dirs) == [os.path.split(path)[0]]


def test_symlink_loop_is_a_runtime_error(content: Path) -> None:
    with pytest.raises(RuntimeError):
        indicators._resolved(str(content / "loop"))
    with pytest.raises(RuntimeError):
        (content / "loop").resolve()
    assert errno.ELOOP in indicators._MISSING_ERRNOS


@pytest.mark.parametrize("content_dir", ["/site/content", "content", "/"])
def test_file_path_and_suffix_match_pathlib(content_dir: str) -> None:
    for target in TARGETS:
        expected = Path(content_dir) / target
        got = generate._file_path(content_dir, target)
        assert got == str(expected), target
        assert generate._suffix(got) == expected.suffix, target


@pytest.mark.parametrize("from_dir", ["ita", "ita/archive", "files", "files/2570", "ita/", "./ita"])
def test_relative_matches_relpath(from_dir: str) -> None:
    for target in [*TARGETS, "ita", "ita/archive", "ita/archive/2570.md", "files/2570/o1/a.pdf"]:
        assert generate._relative(target, from_dir) == posixpath.relpath(target, from_dir), (target, from_dir)


# --- YAML tags: the text-only resolver against PyYAML's full one --------------------


class _ReferenceLoader(yaml.composer.Composer, yaml.CSafeLoader):  # type: ignore[misc]
    """The same parser and composer with PyYAML's full resolver for every scalar."""

    def __init__(self, stream: str) -> None:
        yaml.CSafeLoader.__init__(self, stream)
        yaml.composer.Composer.__init__(self)


SCALARS = [
    "<<",
    "=",
    "'<<'",
    '"="',
    "! <<",
    "!!str <<",
    "<< x",
    "==",
    "<",
    "",
    "~",
    "null",
    "yes",
    "No",
    "010",
    "0x1F",
    "1_000",
    "3.5e3",
    ".inf",
    "2567-02-29",
    "2569-10-15 10:00:00",
    "!!int 5",
    "!!binary aGk=",
    "!custom x",
    "ข้อความ",
]


def _outcome(text: str, loader: type) -> Any:
    saved = yamlsource._LOADER
    yamlsource._LOADER = loader
    try:
        return ("ok", parse_yaml(text, "x.yml"))
    except InputError as exc:
        return ("error", str(exc))
    finally:
        yamlsource._LOADER = saved


@pytest.mark.parametrize("scalar", SCALARS)
@pytest.mark.parametrize("form", ["key: {s}\n", "- {s}\n", "{s}: v\n", "a:\n  {s}: v\n", "[{s}]\n"])
def test_resolver_shortcut_changes_nothing(scalar: str, form: str) -> None:
    text = form.format(s=scalar)
    assert _outcome(text, yamlsource._LOADER) == _outcome(text, _ReferenceLoader)


def test_lines_and_errors_unchanged_on_sample_files() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [root / "indicators.yml", *sorted((root / "tests" / "reliability" / "corpus").glob("*.yml"))]:
        text = path.read_text(encoding="utf-8")
        assert _outcome(text, yamlsource._LOADER) == _outcome(text, _ReferenceLoader), path.name


# --- indicators.yml shape -------------------------------------------------------------


def _base() -> dict[str, Any]:
    return {
        "organization": {
            "name": "อบต.ทดสอบ",
            "site_url": "https://www.example.go.th/",
            "contact": {"phone": "0 2000 0000", "address": "หมู่ 1", "email": None},
        },
        "assessment": "ita-2569",
        "fiscal_year": "๒๕๗๐",
        "deadline": "2570-04-30",
        "items": {
            "o1": {"documents": [{"title": "โครงสร้าง", "file": "files/a.pdf", "date": "2569-10-01"}]},
            "o2": None,
            "o3": {"documents": None, "not_applicable": "ไม่มี"},
            "o4": {"division": "กองคลัง", "documents": [{"title": "t", "url": "https://x/", "note": None}]},
        },
        "overrides": {"o1": {"period": "any", "elements": ["a", "b"]}},
        "surveys": {"eit": "https://itas.nacc.go.th/e"},
    }


_JUNK: list[Any] = [None, "", "x", "2570", "+2570", "2_570", "๒๕๗o", [], ["x"], {}, {"x": "y"}, {"title": "t"}]


def _mutations(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with a few parts replaced, removed or given unknown keys."""
    if isinstance(value, dict):
        out = {k: _mutations(rng, v, depth + 1) for k, v in value.items()}
        if rng.random() < 0.15 and out:
            out.pop(rng.choice(list(out)))
        if rng.random() < 0.05:
            out["unknown"] = "x"
        return out
    if isinstance(value, list):
        return [_mutations(rng, v, depth + 1) for v in value if rng.random() > 0.1]
    return rng.choice(_JUNK) if rng.random() < 0.12 else value


def _as_yaml_data(value: Any) -> Any:
    """Plain data as ``parse_yaml`` would give it (LocatedMap / LocatedList)."""
    if isinstance(value, dict):
        out = yamlsource.LocatedMap({k: _as_yaml_data(v) for k, v in value.items()})
        out.line, out.key_lines = 1, dict.fromkeys(value, 1)
        return out
    if isinstance(value, list):
        seq = yamlsource.LocatedList(_as_yaml_data(v) for v in value)
        seq.line, seq.item_lines = 1, [1] * len(value)
        return seq
    return value


def test_shape_problems_are_all_reported_at_once_with_lines() -> None:
    """The pydantic models read every form; each problem becomes one located Thai error."""
    rng = random.Random(20261124)
    valid = refused = read_on = 0
    for attempt in range(1500):
        raw = _base() if attempt == 0 else _mutations(rng, _base())
        data = _as_yaml_data(raw)
        try:
            model = indicators.IndicatorsModel.model_validate(data)
        except ValidationError as exc:
            refused += 1
            # every shape problem is reported; where the rest still reads, it is read on
            # (so content mistakes are reported in the same run), else nothing is returned
            try:
                read = indicators._read_model(data, "indicators.yml")
            except InputErrors as caught:
                errors = caught.errors
            else:
                errors = read.errors
                read_on += 1
            assert len(errors) == exc.error_count(), raw
            for error in errors:
                assert str(error).startswith("indicators.yml:1: "), str(error)
            continue
        valid += 1
        read = indicators._read_model(data, "indicators.yml")
        assert read.model == model and read.errors == [] and read.skipped == {}
        if raw.get("fiscal_year") == "๒๕๗๐":
            assert model.fiscal_year == 2570  # Thai digits read as a number
    assert valid > 100 and refused > 100 and read_on > 50


# --- catalogs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted([*CATALOG_DIR.glob("*.yml"), *CROSSWALK_DIR.glob("*.yml")]), ids=lambda p: p.name
)
def test_catalog_loader_reads_like_pure_python(path: Path) -> None:
    from oit.core.catalog import _SAFE_LOADER

    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=_SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader)


def test_environment_untouched() -> None:
    # _relative must not depend on the working directory it no longer asks for.
    here = os.getcwd()
    assert generate._relative("files/a.pdf", "ita/archive") == "../../files/a.pdf"
    assert os.getcwd() == here
