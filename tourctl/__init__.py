"""tourctl: check a touring programme's plan, export its calendars, check its venues' contacts."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/tourctl/tourctl"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs"
"""Where the documentation is for someone who installed tourctl from a package (no repo)."""
