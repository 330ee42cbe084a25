"""The officer's commands: a new site, adding a document, editing indicators.yml,
the new fiscal year, the ITAS export and the status summary."""
