"""The ``oit`` command line: a thin adapter over the layers below."""
