"""The command line: ``gongguan-rules`` (docs/cli.md). 命令行。"""

from .main import main

__all__ = ["main"]
