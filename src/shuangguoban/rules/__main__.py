"""`python -m shuangguoban.rules`: compile every shipped rule table into JSON (run by `make install`)."""

import sys

from . import build_cache

if __name__ == "__main__":
    names = build_cache()
    sys.stderr.write(f"sgb: {len(names)} rule tables compiled to JSON\n")
