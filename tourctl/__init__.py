"""tourctl: check a touring programme's plan, export its calendars, check its venues' contacts."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/tourctl/tourctl"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs"
"""Where the documentation is for someone who installed tourctl from a package (no repo)."""

# One tz database everywhere: the ``tzdata`` package this release pins, not whatever
# copy the operating system has. Otherwise validation (DST gaps and folds) and the
# VTIMEZONEs written into calendars could disagree on a machine with older data.
import zoneinfo as _zoneinfo  # noqa: E402

_zoneinfo.reset_tzpath(to=())
