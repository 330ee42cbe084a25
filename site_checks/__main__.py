"""``python -m site_checks``: the same command as ``oit check``, options and exit codes alike."""

from __future__ import annotations

import sys


def main() -> None:
    """Run ``oit check`` with this process's arguments."""
    from oit.cli.main import check

    check.main(args=sys.argv[1:], prog_name="python -m site_checks")


if __name__ == "__main__":
    main()
