"""Build hook: ship the top-level ``rules/`` and ``plans/`` data inside the wheel.

The law's data lives at the repository root (``rules/``, ``plans/``) so that a reader finds it
where product.md puts it; an installed package reads the copies placed under
``gongguan_rules/law/data/`` by this hook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in ("rules", "plans"):
            target = Path(self.build_lib) / "gongguan_rules" / "law" / "data" / name
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted((ROOT / name).glob("*.yaml")):
                shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildWithData})
