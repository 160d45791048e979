"""`python -m shuangguoban` runs the `sgb` command."""

from .cli import main

main()
