"""News posts, their RSS 2.0 feed, and the "last updated" date of every page.

News posts are the Markdown files in ``content/news/`` (the public-relations item,
ข่าวประชาสัมพันธ์), except ``index.md``. A post's date comes from its front matter
``date:`` or, failing that, from its file name, ``2569-11-01-no-gift-policy.md`` (BE or
CE, Thai digits allowed); its title from the front matter ``title:`` or the first ``#``
heading. The feed, ``feed.xml``, links every post absolutely under ``site_url``.

Page dates: a content page was last updated when git last committed it (deterministic
across clones) or, outside git, at its modification time; a generated page is as current
as the build's as-of day.

Pure Python: no mkdocs import.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import yaml

from oit.core.fiscal_calendar import DateError, parse_date, to_arabic_digits
from oit.core.indicators import Site
from oit.core.urls import page_url

NEWS_DIR = "news"
FEED_PATH = "feed.xml"
BANGKOK = timezone(timedelta(hours=7), "ICT")
ATOM_NS = "http://www.w3.org/2005/Atom"

_DATE_PREFIX = re.compile(r"^([0-9๐-๙]{4}-[0-9๐-๙]{1,2}-[0-9๐-๙]{1,2})(?:[-_ ]|$)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`~]+|</?[A-Za-z][^>]*>")  # emphasis marks and real HTML tags


@dataclass(frozen=True)
class NewsPost:
    """One news post: where it is, what it is called and when it was published."""

    src_path: str  # under content/, e.g. news/2569-11-01-no-gift-policy.md
    title: str
    date: date | None
    summary: str


def plain_text(markdown: str) -> str:
    """Markdown inline text as plain words: links keep their text, markup is dropped."""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKUP.sub("", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter (every value read as a string) from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        # BaseLoader keeps "2569-11-01" a string: the YAML timestamp would read it as CE.
        data = yaml.load(match.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        data = None
    meta = {str(k): v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}
    return meta, text[match.end():]


def _summary(body: str, limit: int = 300) -> str:
    """The first real paragraph: not the heading, not an all-italic date line."""
    for block in re.split(r"\n[ \t]*\n", body):
        block = block.strip()
        if not block or block.startswith(("#", "!!!", "<", "|", "```", "---")):
            continue
        if re.fullmatch(r"([*_]).+\1", block, flags=re.DOTALL) and len(block) < 80:
            continue  # "*1 พฤศจิกายน 2569*": a byline, not the story
        text = plain_text(block)
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def post_date(file_name: str, meta: dict[str, str]) -> date | None:
    """The post's date: front matter ``date:`` first, then the file name's prefix."""
    candidates = []
    if meta.get("date"):
        candidates.append(meta["date"])
    match = _DATE_PREFIX.match(file_name)
    if match:
        candidates.append(match.group(1))
    for value in candidates:
        try:
            return parse_date(to_arabic_digits(value.strip())[:10])
        except DateError:
            continue
    return None


def read_post(content_dir: Path, path: Path) -> NewsPost:
    """Read one post file."""
    text = path.read_text(encoding="utf-8")
    meta, body = _front_matter(text)
    heading = _HEADING.search(body)
    title = " ".join(meta["title"].split()) if meta.get("title") else (
        plain_text(heading.group(1)) if heading else path.stem)
    if heading:
        body = body[heading.end():]
    return NewsPost(
        src_path=path.relative_to(content_dir).as_posix(),
        title=title,
        date=post_date(path.name, meta),
        summary=_summary(body),
    )


def load_news(content_dir: Path) -> list[NewsPost]:
    """Every news post under ``content/news``, newest first (undated posts last)."""
    folder = content_dir / NEWS_DIR
    if not folder.is_dir():
        return []
    posts = [read_post(content_dir, p) for p in sorted(folder.rglob("*.md")) if p.name != "index.md"]
    return sorted(posts, key=lambda p: (p.date is not None, p.date or date.min, p.src_path), reverse=True)


def rfc822(day: date) -> str:
    """An RSS date: midnight in Bangkok, English names as RFC 822 requires."""
    return format_datetime(datetime.combine(day, time(0, 0), tzinfo=BANGKOK))


def rss_feed(site: Site, posts: list[NewsPost]) -> str:
    """The RSS 2.0 document for the news posts (ElementTree escapes every text)."""
    ET.register_namespace("atom", ATOM_NS)
    base = site.organization.site_url
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = f"ข่าวประชาสัมพันธ์ {site.organization.name}"
    has_index = (site.content_dir / NEWS_DIR / "index.md").is_file()
    ET.SubElement(channel, "link").text = page_url(base, f"{NEWS_DIR}/index.md") if has_index else base
    ET.SubElement(channel, "description").text = f"ข่าวสารและกิจกรรมของ{site.organization.name}"
    ET.SubElement(channel, "language").text = "th"
    ET.SubElement(channel, f"{{{ATOM_NS}}}link",
                  {"href": page_url(base, FEED_PATH), "rel": "self", "type": "application/rss+xml"})
    dated = [p.date for p in posts if p.date]
    if dated:
        # The newest post, not the clock: the same input gives the same feed.
        ET.SubElement(channel, "lastBuildDate").text = rfc822(max(dated))
    for post in posts:
        item = ET.SubElement(channel, "item")
        link = page_url(base, post.src_path)
        ET.SubElement(item, "title").text = post.title
        ET.SubElement(item, "link").text = link
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = link
        if post.date:
            ET.SubElement(item, "pubDate").text = rfc822(post.date)
        if post.summary:
            ET.SubElement(item, "description").text = post.summary
    ET.indent(rss, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def feed_files(site: Site) -> dict[str, str]:
    """``{"feed.xml": RSS}`` when the site has news posts, else nothing."""
    posts = load_news(site.content_dir)
    return {FEED_PATH: rss_feed(site, posts)} if posts else {}


# --------------------------------------------------------------------------- page dates

def _git(folder: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _repo_prefix(folder: Path) -> str | None:
    """``folder``'s path inside its git work tree ("" at the top, "content/" below it)."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    if not top:
        return None
    try:
        prefix = folder.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    except ValueError:
        return None
    return "" if prefix == "." else prefix + "/"


def git_dates(folder: Path) -> tuple[dict[str, date], set[str]]:
    """Last commit date (committer, CE) of every tracked file under ``folder``, and the
    files that changed since (modified or untracked).

    Keys are paths relative to ``folder`` (POSIX). Empty when git or the repository is
    missing: callers fall back to modification times.
    """
    prefix = _repo_prefix(folder)
    log = _git(folder, "log", "--format=#%cs", "--name-only", "--no-renames", "--", ".") if prefix is not None else None
    if prefix is None or log is None:
        return {}, set()
    dates: dict[str, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("#"):
            try:
                current = date.fromisoformat(line[1:])
            except ValueError:
                current = None
        elif line and current is not None and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)  # newest commit comes first
    changed: set[str] = set()
    status = _git(folder, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".") or ""
    for entry in status.split("\0"):
        path = entry[3:]
        if len(entry) > 3 and path.startswith(prefix):
            changed.add(path[len(prefix):])
    return dates, changed


class PageDates:
    """The "last updated" day of content pages, read from git once per build."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._git, self._changed = git_dates(content_dir)

    def of(self, src_path: str) -> date | None:
        """Last update of ``content/<src_path>``: its last commit, else its mtime.

        A file edited since its last commit (or never committed) uses its mtime, so
        the officer's fresh edit shows its real date in a local preview.
        """
        committed = self._git.get(src_path)
        if committed is not None and src_path not in self._changed:
            return committed
        try:
            stamp = (self.content_dir / src_path).stat().st_mtime
        except OSError:
            return committed
        return datetime.fromtimestamp(stamp, tz=UTC).astimezone(BANGKOK).date()


__all__ = [
    "FEED_PATH",
    "NEWS_DIR",
    "NewsPost",
    "PageDates",
    "feed_files",
    "git_dates",
    "load_news",
    "plain_text",
    "post_date",
    "rfc822",
    "rss_feed",
]
