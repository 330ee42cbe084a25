"""mkdocs hook: the ITA pages from indicators.yml, as virtual files.

A thin adapter: loading, validation and page generation live in ``oit`` and run the
same way without mkdocs (``oit generate``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from oit.build.build_data import CACHE_FILE, BuildData, shared_build
from oit.collector import skip_final_collection
from oit.core.errors import InputError, InputErrors
from oit.core.indicators import CONFIG_NAME
from oit.pages.site_meta import as_of_date, expand_ita_nav, site_context

_build: BuildData | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load indicators.yml (bad input stops the build with its file:line message)."""
    global _build
    skip_final_collection()  # the process ends with the build: no last full collection
    root = Path(config.config_file_path).parent
    try:
        _build = shared_build(config.extra, root, as_of_date(), cache=root / CACHE_FILE)
    except (InputError, InputErrors) as exc:
        raise PluginError(f"ข้อมูลใน {CONFIG_NAME} ไม่ถูกต้อง:\n{exc}") from None
    site = _build.site
    context = site_context(site)
    config.site_name = context["site_name"]
    if not config.site_url:
        config.site_url = site.organization.site_url
    config.extra["oit"] = context
    config.nav = expand_ita_nav(config.nav, site)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated index, item and archive pages."""
    assert _build is not None
    for path, text in _build.pages.items():
        files.append(File.generated(config, path, content=text))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when the officer edits indicators.yml."""
    server.watch(str(Path(config.config_file_path).parent / CONFIG_NAME))
    return server
