"""mkdocs hook: the site's security headers (``_headers``, ``.htaccess``) after the build.

A thin adapter over ``oit.build.security_headers``; keep it last in ``mkdocs.yml`` so it
sees the pages as every other hook left them. An inline script that is not the theme's
is refused by the policy and reported as a warning, which fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from oit.build.security_headers import write_security_files

log = logging.getLogger("mkdocs.hooks.security")


def on_post_build(config: MkDocsConfig) -> None:
    """Hash the theme's inline scripts of every page into the CSP and write the header files."""
    result = write_security_files(Path(config.site_dir), [Path(d) for d in config.theme.dirs])
    for page, line, start in result.refused:
        log.warning("security: %s:%d: inline script ที่ไม่ได้มาจากธีม ไม่อยู่ใน Content-Security-Policy "
                    "เบราว์เซอร์จะไม่เรียกใช้ — ย้ายไปไว้ในไฟล์ .js ใต้ content/assets/javascripts/ (%s)",
                    page, line, start)
    log.info("security: CSP with %d inline-script hashes for %d pages", len(result.hashes), result.pages)
