"""Adjust a module when (and only if) it is first imported, so a command does not import it
just to adjust it: typer's help panels (rich's Markdown, ~0.1 s) are only needed for
``--help``; jieba's part-of-speech tagger only for some questions.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable
from types import ModuleType

# around(module, run): set up, run() executes the module's code, then adjust the module
Around = Callable[[ModuleType, Callable[[], None]], None]


class _Hook(importlib.abc.MetaPathFinder):
    """Finds ``name`` as Python would, and runs its loading through ``around``; used once."""

    def __init__(self, name: str, around: Around) -> None:
        self.name, self.around = name, around

    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 (the finder protocol)
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader, around = spec.loader, self.around

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):  # noqa: ANN001
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                around(module, lambda: loader.exec_module(module))

            def __getattr__(self, attribute: str):  # get_filename, get_data…: the real loader's
                return getattr(loader, attribute)

        spec.loader = Loader()
        return spec


def when_imported(name: str, around: Around) -> None:
    """Run ``around(module, run)`` when ``name`` is first imported (now, if it already is:
    ``run`` then does nothing). ``around`` must call ``run()`` once."""
    module = sys.modules.get(name)
    if module is not None:
        around(module, lambda: None)
        return
    if not any(isinstance(hook, _Hook) and hook.name == name for hook in sys.meta_path):
        sys.meta_path.insert(0, _Hook(name, around))
