"""``python -m gongguan_rules``: the same as the ``gongguan-rules`` command. 命令行入口。"""

from .cli.main import main

raise SystemExit(main())
