"""mkdocs hook: the site generated from indicators.yml, as virtual files. A thin adapter:
``oit`` loads, checks and makes them; ``oit generate --out DIR`` writes the same files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from oit.build.build_data import BuildData, build_for
from oit.core.errors import InputError, InputErrors
from oit.core.indicators import CONFIG_NAME
from oit.pages.citizen import configure_site

_build: BuildData | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load indicators.yml (bad input stops the build with its file:line message)."""
    global _build
    try:
        _build = build_for(config.config_file_path, config.extra)
    except (InputError, InputErrors) as exc:
        raise PluginError(f"ข้อมูลใน {CONFIG_NAME} ไม่ถูกต้อง:\n{exc}") from None
    configure_site(config, _build.site)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the ITA pages (with their QR codes), dashboard, feed, open data and robots.txt."""
    assert _build is not None
    for path, text in _build.files.items():
        files.append(File.generated(config, path, content=text))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when the officer edits indicators.yml."""
    server.watch(str(Path(config.config_file_path).parent / CONFIG_NAME))
    return server
