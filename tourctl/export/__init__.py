"""Plan → iCalendar, per audience: redact (``audience``), build (``calendar``), carry
identity over from the previous export (``identity``), write (``run``).

VTIMEZONE components come from ``vtimezone``. Nothing is imported here, so
``tourctl --help`` does not pay for icalendar.
"""
