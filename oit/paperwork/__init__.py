"""The officer's paperwork made from the site's own data: reports, memos and forms."""
