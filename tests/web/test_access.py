"""Need to know: the pure policy's table, and the authorisation matrix (every route of the
app × every role, allowed or refused, written out by hand). A new route without a rule,
or missing from the matrix, fails here."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.web.conftest import csrf_of, sign_in
from workflow.access.scope import (
    GANG_AFFECTED,
    Family,
    Sight,
    family_listing,
    family_sight,
    intelligence_roles,
    sees_intelligence,
)
from workflow.domain.vocabulary import StaffRole as R
from workflow.principal import Principal

KW = Principal.staff("KW1", R.KEYWORKER, teams=["North"])
OTHER_KW = Principal.staff("KW2", R.KEYWORKER, teams=["North"])
SOUTH_KW = Principal.staff("KW9", R.KEYWORKER, teams=["South"])
MGR = Principal.staff("MGR1", R.MANAGER, teams=["North"])
SOUTH_MGR = Principal.staff("MGR9", R.MANAGER, teams=["South"])
SENIOR = Principal.staff("SM1", R.SENIOR_MANAGER)
NO_FAMILIES = (R.FINANCE, R.DATA_OFFICER, R.AUDITOR, R.ADMIN)
OTHERS = [Principal.staff(f"X{n}", role) for n, role in enumerate(NO_FAMILIES)]
KW1_FAMILY = Family("KW1", "North")
WAITING = Family(None, None)


@pytest.mark.parametrize(
    ("actor", "family", "covering", "sight"),
    [
        (KW, KW1_FAMILY, False, Sight.WRITE),
        (OTHER_KW, KW1_FAMILY, False, Sight.NONE),
        (OTHER_KW, KW1_FAMILY, True, Sight.READ),  # covering: their team's, read-only
        (SOUTH_KW, KW1_FAMILY, True, Sight.NONE),  # not their team, covering or not
        (KW, WAITING, False, Sight.NONE),
        (MGR, KW1_FAMILY, False, Sight.WRITE),
        (MGR, WAITING, False, Sight.WRITE),  # a manager allocates the families waiting
        (SOUTH_MGR, KW1_FAMILY, False, Sight.NONE),
        (SENIOR, KW1_FAMILY, False, Sight.WRITE),
        *((other, KW1_FAMILY, False, Sight.NONE) for other in OTHERS),
        (Principal.system("cli"), KW1_FAMILY, False, Sight.WRITE),
    ],
)
def test_who_sees_a_family(actor: Principal, family: Family, covering: bool, sight: Sight) -> None:
    assert family_sight(actor, family, covering=covering) is sight


def test_lists_follow_the_same_rule() -> None:
    assert family_listing(KW).champion_ref == "KW1" and not family_listing(KW).teams
    assert family_listing(KW, covering=True).teams == frozenset({"North"})
    assert family_listing(MGR).teams == frozenset({"North"}) and family_listing(MGR).unallocated
    assert family_listing(SENIOR).everyone
    assert all(family_listing(other).nothing for other in OTHERS)


def test_police_intelligence_goes_only_to_the_configured_roles() -> None:
    allowed = intelligence_roles("manager, senior_manager,not_a_role")
    assert allowed == frozenset({R.MANAGER, R.SENIOR_MANAGER})
    assert [sees_intelligence(p, allowed) for p in (KW, MGR, SENIOR, *OTHERS)] == [
        False,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert GANG_AFFECTED == "gang-affected family: yes"


# ---------------------------------------------------------------- the matrix

ALL = frozenset({"kw1", "mgr1", "sm1", "fin1", "do1", "aud1", "adm1"})
CASEWORK = frozenset({"kw1", "mgr1", "sm1"})
SCREENING = frozenset({"do1", "mgr1", "sm1"})
ALLOCATION = frozenset({"mgr1", "sm1"})
DATA = frozenset({"do1"})
CLAIMS = frozenset({"fin1", "sm1"})
PUBLIC = "public"

# (method, path) -> the accounts allowed (H1 is KW1's family, in MGR1's team North).
EXPECTED: dict[tuple[str, str], frozenset[str] | str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): PUBLIC,
    ("POST", "/sign-out"): PUBLIC,
    ("GET", "/sign-in/oidc"): PUBLIC,
    ("GET", "/sign-in/oidc/callback"): PUBLIC,
    ("GET", "/"): PUBLIC,
    ("GET", "/rulesets"): ALL,
    ("GET", "/rulesets/{ruleset_id}"): ALL,
    ("POST", "/rulesets/check"): SCREENING,
    ("GET", "/rulesets/{first}/compare/{second}"): SCREENING,
    ("POST", "/screenings"): SCREENING,
    ("GET", "/screenings/{run_id}"): SCREENING,
    ("GET", "/households/{household_ref}/explanation"): SCREENING | {"kw1"},
    ("GET", "/matching/reviews"): DATA,
    ("POST", "/matching/reviews/{review_id}/decision"): DATA,
    ("POST", "/matching/links/{link_id}/undo"): DATA,
    ("GET", "/households/{household_ref}/links"): DATA | CASEWORK,
    ("GET", "/households"): CASEWORK,
    ("GET", "/households/{household_ref}"): CASEWORK,
    ("POST", "/households/{household_ref}/moves"): CASEWORK,
    ("POST", "/households/{household_ref}/records"): CASEWORK,
    ("POST", "/households/{household_ref}/champion"): CASEWORK,
    ("POST", "/households/{household_ref}/tier"): CASEWORK,
    ("POST", "/households/{household_ref}/strand"): CASEWORK,
    ("POST", "/households/{household_ref}/enforcement"): CASEWORK,
    ("POST", "/households/{household_ref}/pathway"): CASEWORK,
    ("POST", "/households/{household_ref}/approvals"): CASEWORK,
    ("POST", "/approvals/{approval_id}/decision"): CASEWORK,
    ("GET", "/tasks"): CASEWORK,
    ("POST", "/tasks/{task_id}/done"): CASEWORK,
    ("POST", "/tasks/{task_id}/reassign"): CASEWORK,
    ("POST", "/households/{household_ref}/tasks"): CASEWORK,
    ("POST", "/imports"): DATA,
    ("GET", "/imports/{batch_id}"): DATA,
    ("GET", "/imports"): DATA,
    ("GET", "/imports/{batch_id}/report"): DATA,
    ("GET", "/households/{household_ref}/suggestions"): ALLOCATION,
    ("POST", "/allocation/proposals"): ALLOCATION,
    ("POST", "/staff/{staff_ref}/rebalance"): ALLOCATION,
    ("GET", "/allocation/proposals"): ALLOCATION,
    ("GET", "/allocation/proposals/{proposal_id}"): ALLOCATION,
    ("POST", "/allocation/proposals/{proposal_id}/apply"): ALLOCATION,
    ("POST", "/allocation/proposals/{proposal_id}/reject"): ALLOCATION,
    ("GET", "/staff"): ALLOCATION,
    ("POST", "/staff/{staff_ref}/leave"): ALLOCATION,
    ("GET", "/my-work"): CASEWORK,
    ("GET", "/families/{household_ref}"): CASEWORK,
    ("POST", "/families/{household_ref}/records"): CASEWORK,
    ("POST", "/families/{household_ref}/moves"): CASEWORK,
    ("POST", "/families/{household_ref}/tier"): CASEWORK,
    ("POST", "/my-work/tasks/{task_id}/done"): CASEWORK,
    ("GET", "/team"): ALLOCATION,
    ("GET", "/team/proposals"): ALLOCATION,
    ("POST", "/team/proposals"): ALLOCATION,
    ("GET", "/team/proposals/{proposal_id}"): ALLOCATION,
    ("POST", "/team/proposals/{proposal_id}/apply"): ALLOCATION,
    ("POST", "/team/proposals/{proposal_id}/reject"): ALLOCATION,
    ("GET", "/data/imports"): DATA,
    ("POST", "/data/imports"): DATA,
    ("GET", "/data/reviews"): DATA,
    ("POST", "/data/reviews/{review_id}"): DATA,
    ("GET", "/claims/windows"): CLAIMS,
    ("POST", "/claims/windows"): CLAIMS,
    ("POST", "/claims/windows/{window_id}/build"): CLAIMS,
    ("POST", "/claims/windows/{window_id}/approve"): frozenset({"fin1", "aud1"}),
    ("POST", "/claims/windows/{window_id}/submit"): frozenset({"fin1"}),
    ("POST", "/claims/windows/{window_id}/export"): CLAIMS,
    ("POST", "/claims/windows/{window_id}/sample"): CLAIMS | {"aud1"},
    ("POST", "/claims/windows/{window_id}/overrides"): CLAIMS,
    ("GET", "/claims"): CLAIMS,
    ("POST", "/claims/{claim_id}/payments"): CLAIMS,
    ("POST", "/claims/{claim_id}/clawback"): CLAIMS,
    ("GET", "/claims/households/{household_ref}"): CLAIMS | {"kw1", "mgr1"},
    ("GET", "/claims/forecast"): CLAIMS,
    ("GET", "/finance"): frozenset({"fin1", "sm1"}),
    ("GET", "/audit"): frozenset({"aud1"}),
    ("GET", "/admin"): frozenset({"adm1"}),
    ("GET", "/admin/readers"): frozenset({"adm1", "aud1"}),
}
VALUES = {
    "household_ref": "H1",
    "ruleset_id": "supporting-families-2022",
    "first": "supporting-families-2022",
    "second": "troubled-families-2015",
    "staff_ref": "KW2",
}


IDS = (
    *("run_id", "review_id", "link_id", "approval_id", "task_id", "batch_id", "proposal_id"),
    *("window_id", "claim_id"),
)


def app_routes() -> list[tuple[str, str, list[str]]]:
    """Every route the app serves: method, path and the access rules it declares."""
    found = []
    app = create_app()
    for included in (r for r in app.routes if type(r).__name__ == "_IncludedRouter"):
        outer = [
            *(included.include_context.dependencies or []),
            *included.original_router.dependencies,
        ]
        for route in included.original_router.routes:
            rules = [getattr(d.dependency, "rule", None) for d in [*outer, *route.dependencies]]
            for method in sorted(route.methods - {"HEAD"}):
                found.append((method, route.path_format, [r for r in rules if r]))
    return found


def test_every_route_has_a_rule_and_a_row_in_the_matrix() -> None:
    routes = app_routes()
    unlisted = [(m, p) for m, p, _ in routes if (m, p) not in EXPECTED]
    assert unlisted == [], "add these routes to EXPECTED, with the roles allowed"
    without_rule = [(m, p) for m, p, rules in routes if not rules and EXPECTED[(m, p)] != PUBLIC]
    assert without_rule == [], "give these routes an access rule (api.access)"
    assert {(m, p) for m, p, _ in routes} == set(EXPECTED)


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 303:
        return response.headers["location"].startswith("/sign-in?next=")
    return response.status_code == 404 and (
        "household_not_found" in response.text or "no household ‘H1’" in response.text
    )


@pytest.mark.parametrize("account", sorted(ALL))
def test_the_authorisation_matrix(app_client: TestClient, account: str) -> None:
    token = sign_in(app_client, account)
    app_client.get("/my-work")  # any page: the session is live
    outcomes: dict[tuple[str, str], bool] = {}
    for method, path, _rules in sorted(app_routes(), key=lambda r: r[1] == "/sign-out"):
        url = path
        for name, value in VALUES.items():
            url = url.replace("{" + name + "}", value)
        url = url.replace("{", "").replace("}", "")
        for name in IDS:
            url = url.replace(name, "1")
        headers = {"X-CSRF-Token": token}
        if method == "GET":
            answer = app_client.get(url, headers=headers)
        else:
            answer = app_client.post(url, json={}, headers=headers)
        assert answer.status_code < 500, (method, url, answer.text[:300])
        outcomes[(method, path)] = not _refused(answer)
    expected = {key: allowed == PUBLIC or account in allowed for key, allowed in EXPECTED.items()}
    wrong = {key: outcomes[key] for key in expected if outcomes[key] != expected[key]}
    assert wrong == {}, f"{account}: allowed (True) or refused (False), unlike the matrix"


def test_csrf_of_reads_the_hidden_field() -> None:
    assert csrf_of('<input type="hidden" name="csrf_token" value="abc">') == "abc"
