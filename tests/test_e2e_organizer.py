"""What a new organizer trips over (issue 12), each point end to end on the installed CLI.

Every test here runs the installed ``tourctl`` (``run_tourctl``), as the shell
would: the finer cases of each point are tested in-process next to the code
that does the work (test_checks_plans, test_loader, test_places, …).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_tourctl

TODAY = "2024-04-01"

HEAD = """\
version: 1
tour:
  id: t
  title: Tour
  organizer: {name: Org, email: org@example.org}
"""


def write(tmp_path: Path, body: str, name: str = "plan.yaml") -> Path:
    plan = tmp_path / name
    plan.write_text(HEAD + body, encoding="utf-8")
    return plan


# --- 1. addresses are private unless the plan says otherwise -------------------------------

ADDRESS_UNSAID = """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ, address: Secret street 7}
events:
  - {title: Talk, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
"""


def test_1_an_address_is_private_unless_the_plan_says_so(tmp_path: Path) -> None:
    plan = write(tmp_path, ADDRESS_UNSAID)
    checked = run_tourctl("validate", plan, "--today", TODAY)
    assert checked.returncode == 0, checked.stdout
    assert "warning[address-visibility-default]" in checked.stdout
    assert "address_visibility: public" in checked.stdout  # how to make it public
    public = run_tourctl("export", plan, "-o", "-", "--today", TODAY)
    partners = run_tourctl("export", plan, "-a", "partners", "-o", "-", "--today", TODAY)
    assert public.returncode == partners.returncode == 0, public.stderr
    assert "Secret street 7" not in public.stdout
    assert "Secret street 7" in partners.stdout
