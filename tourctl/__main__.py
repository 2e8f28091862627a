"""Allow ``python -m tourctl``."""

from tourctl.cli import main

main()
