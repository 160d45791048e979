"""`python -m shuangguoban.rules`: parse every shipped rule table into its cache (run by `make install`)."""

import sys

from . import build_cache

if __name__ == "__main__":
    names = build_cache()
    sys.stderr.write(f"sgb: {len(names)} rule tables cached\n")
