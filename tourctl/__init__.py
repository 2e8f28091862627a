"""tourctl: check a touring programme's plan, export its calendars, check its venues' contacts."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/tourctl/tourctl"
