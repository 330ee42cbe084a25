"""bench/instructions.py's command line: a bad size list is a message and exit 2."""

from __future__ import annotations

import pytest

from bench.instructions import _sizes, main


def test_sizes_are_read_from_a_comma_separated_list() -> None:
    assert _sizes("1,5,20") == (1, 5, 20)
    assert _sizes("") == ()


@pytest.mark.parametrize("argv", [["--years", "x"], ["--years", "0"], ["--warm", "1,a"], ["--years", ""]])
def test_a_bad_size_list_exits_2_with_a_message(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "1,5,20" in capsys.readouterr().err
