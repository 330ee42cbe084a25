"""Domain logic for an ITA/OIT disclosure site: catalogs, the Thai fiscal calendar,
the indicators model and page generation. Nothing here imports mkdocs."""

__version__ = "0.1.0"
