"""The pre-publication checker: documents on disk, links on the web, the site's own
links, and the reports. Built on :mod:`oit.core` only."""
