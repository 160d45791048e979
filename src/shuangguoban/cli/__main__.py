"""`python -m shuangguoban.cli` runs the `sgb` command, as `python -m shuangguoban` does."""

from . import main

main()
