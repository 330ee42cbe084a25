"""The domain core: catalogs, the Thai fiscal calendar, the indicators model and the
currency rules. Plain Python that imports nothing else of ``oit`` and never mkdocs."""
