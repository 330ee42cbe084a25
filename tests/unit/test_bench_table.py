"""bench/run.py's ratios and verdicts, on given numbers (no timing here)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.run import side_by_side, table, table_rows


def _results(first: tuple[list[float], list[float]], rebuild: tuple[list[float], list[float]],
             ours_links: list[float], lychee: list[float] | None, *, check_s: float = 0.6,
             check_mb: float = 45.0, page_bytes: int = 240_000, index_on_load: bool = False,
             same_broken_set: bool = True) -> dict[str, Any]:
    return {
        "meta": {"date": "2026-12-07T11:00:00+00:00", "cpus": 2, "load_average_start": 0.5, "python": "3.11.7",
                 "mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "lychee": "lychee 0.24.2"},
        "seconds": 180.0,
        "load_average_end": 1.5,
        "documents": 2600,
        "build": {"rounds": len(first[0]),
                  "first": {"ours_s": first[0], "plain_s": first[1], "html_pages": 120},
                  "rebuild": {"ours_s": rebuild[0], "plain_s": rebuild[1]}},
        "links": {"urls": 1000, "ours_s": ours_links, "lychee_s": lychee, "broken": 20,
                  "same_broken_set": same_broken_set},
        "check": {"documents": 2600, "seconds": check_s, "peak_rss_mb": check_mb, "items_ok": 26, "items": 26},
        "page_weight": {"page": "ita/index.html", "viewport": [390, 844], "total_bytes": page_bytes,
                        "gzip_bytes": page_bytes // 3, "material_core_bytes": 200_000, "own_bytes": page_bytes - 200_000, "requests": 12,
                        "search_index_requested": index_on_load, "by_type": {}},
    }


def _verdicts(results: dict[str, Any]) -> list[str]:
    return [row[-1] for row in table_rows(results)]


def test_the_phone_row_shows_raw_and_gzip_bytes() -> None:
    results = _results(([3.0], [2.0]), ([2.2], [2.0]), [1.3], [2.6], page_bytes=240_000)
    row = next(r for r in table_rows(results) if r[0].startswith("phone"))
    assert row[2] == "240.0 KB raw (80.0 KB gzip), no search index"


def test_side_by_side_takes_the_median_of_the_rounds_ratios_and_the_best_of_each_side() -> None:
    s = side_by_side([3.0, 2.0, 9.0], [2.0, 2.0, 3.0])
    assert s["ratio_median"] == pytest.approx(1.5)  # rounds: 1.5, 1.0, 3.0
    assert s["ratio_best"] == pytest.approx(1.0)  # 2.0 / 2.0
    assert (s["ours_median"], s["ours_best"], s["reference_median"], s["reference_best"]) == (3.0, 2.0, 2.0, 2.0)


@pytest.mark.parametrize(("ours", "reference"), [([], []), ([1.0], [1.0, 2.0])])
def test_side_by_side_needs_paired_rounds(ours: list[float], reference: list[float]) -> None:
    with pytest.raises(ValueError, match="rounds"):
        side_by_side(ours, reference)


def test_every_target_met() -> None:
    results = _results(([3.0, 3.1, 2.9], [2.0, 2.0, 2.0]), ([2.2, 2.3, 2.4], [2.0, 2.0, 2.0]),
                       [1.3, 1.2], [2.6, 2.4])
    assert _verdicts(results) == ["met"] * 5
    text = table(results)
    assert "1.50x (best/best 1.45x)" in text  # first build: 3.0/2.0 median; 2.9/2.0 best
    assert "2.00x faster" in text


def test_each_target_fails_on_its_own_numbers() -> None:
    results = _results(([3.4, 3.3, 3.2], [2.0, 2.0, 2.0]),  # 1.65x > 1.6x
                       ([2.5, 2.5, 2.5], [2.0, 2.0, 2.0]),  # 1.25x > 1.2x
                       [2.0, 2.0], [2.8, 2.8],  # 1.4x faster < 1.5x
                       check_s=2.1, page_bytes=250_001)
    assert _verdicts(results) == ["NO"] * 5


def test_the_verdict_is_on_the_median_not_on_the_best_round() -> None:
    # One lucky round (1.0x) and two at 1.7x: the median says NO although best/best is 1.0.
    results = _results(([2.0, 3.4, 3.4], [2.0, 2.0, 2.0]), ([2.0] * 3, [2.0] * 3), [1.0], [2.0])
    assert _verdicts(results)[0] == "NO"
    assert "best/best 1.00x" in table(results)


def test_limits_are_inclusive() -> None:
    results = _results(([1.6], [1.0]), ([1.2], [1.0]), [1.0], [1.5], check_s=2.0, check_mb=250.0,
                       page_bytes=250_000)
    assert _verdicts(results) == ["met"] * 5


def test_memory_a_different_broken_set_and_an_eager_search_index_fail() -> None:
    results = _results(([1.0], [1.0]), ([1.0], [1.0]), [1.0], [3.0], check_mb=251.0, index_on_load=True,
                       same_broken_set=False)
    assert _verdicts(results)[2:] == ["NO", "NO", "NO"]
    assert "broken sets differ" in table(results)


def test_what_was_not_measured_is_said_so() -> None:
    results = _results(([1.0], [1.0]), ([1.0], [1.0]), [1.0], None)
    results["page_weight"] = {"skipped": "not measured: Chromium not found"}
    rows = table_rows(results)
    assert [rows[2][-1], rows[4][-1]] == ["not measured", "not measured"]
    assert rows[2][3] == "lychee not installed" and "Chromium not found" in rows[4][2]


def test_the_console_row_judges_the_overview_median() -> None:
    results = _results(([1.0], [1.0]), ([1.0], [1.0]), [1.0], [2.0])
    results["console"] = {"overview_median_s": 0.02, "overview_best_s": 0.018, "overview_target_s": 0.5,
                          "overview_ok": True, "upload_bytes": 20_957_220, "upload_s": 6.2}
    row = table_rows(results)[-1]
    assert row == ("console overview", "2,600 docs, 10 views after 2", "20 ms (best 18)",
                   "then 21 MB PDF uploaded in 6.2 s", "-", "< 0.5 s", "met")
    results["console"] = {**results["console"], "overview_median_s": 0.6, "overview_ok": False}
    assert table_rows(results)[-1][-1] == "NO"
    results["console"] = {"skipped": "not measured: Chromium not found"}
    assert table_rows(results)[-1][-1] == "not measured"
    del results["console"]  # a --quick run has no console row
    assert len(table_rows(results)) == 5
