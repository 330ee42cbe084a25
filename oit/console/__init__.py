"""The officer's local web console (``oit console``): the officer layer in a browser."""
