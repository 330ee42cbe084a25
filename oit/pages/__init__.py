"""Page generators: the ITA index and item pages, the citizen dashboard, QR codes,
feeds, open data and site metadata. Plain Python, no mkdocs import."""
