"""Where a hooked ``mkdocs build`` spends its CPU time, per hook file.

Runs mkdocs in this process with every hook's event handlers (and the hook's import)
wrapped in a CPU-time counter, then prints one JSON object on stdout:
``{"hooks": {"hooks/ita.py": 0.41, ...}, "events": {"hooks/ita.py:files": 0.30, ...},
"build_cpu": 2.9}``. Time mkdocs spends because of a hook but outside its functions
(e.g. rendering the extra pages it adds) is not counted here.

Run: ``.venv/bin/python bench/hook_costs.py build -f SITE/mkdocs.yml -d OUT``.
"""

from __future__ import annotations

import collections
import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def _install(costs: collections.Counter[str]) -> None:
    import mkdocs.plugins as plugins
    from mkdocs.config import config_options

    register = plugins.PluginCollection._register_event

    def counted_register(self: Any, event_name: str, method: Any, plugin_name: str | None = None) -> None:
        if isinstance(method, plugins.CombinedEvent) or not plugin_name or not plugin_name.startswith("hooks"):
            register(self, event_name, method, plugin_name)
            return

        @functools.wraps(method)
        def counted(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                costs[f"{plugin_name}:{event_name}"] += time.process_time() - start

        counted.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore[attr-defined]
        register(self, event_name, counted, plugin_name)

    load: Callable[..., Any] = config_options.Hooks._load_hook

    def counted_load(self: Any, name: str, path: str) -> Any:
        start = time.process_time()
        try:
            return load(self, name, path)
        finally:
            costs[f"{name}:import"] += time.process_time() - start

    plugins.PluginCollection._register_event = counted_register  # type: ignore[method-assign]
    config_options.Hooks._load_hook = counted_load  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """Build with the counters in place and print the JSON."""
    costs: collections.Counter[str] = collections.Counter()
    _install(costs)
    from mkdocs.__main__ import cli

    code = 0
    try:
        cli(argv, standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click exits on errors
        code = int(exc.code or 0)
    total = time.process_time()  # the whole process, start-up and imports too, as a timed build
    per_hook: collections.Counter[str] = collections.Counter()
    for key, value in costs.items():
        per_hook[key.rsplit(":", 1)[0]] += value
    print(json.dumps({
        "hooks": {k: round(v, 3) for k, v in per_hook.most_common()},
        "events": {k: round(v, 3) for k, v in costs.most_common()},
        "build_cpu": round(total, 3),
    }))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
