"""The claim cycle from the command line and through the API, acting as named staff."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.claims.conftest import Families
from tfe.cli import main


def run(capsys, families: Families, *argv: str) -> tuple[int, str, str]:
    url = families.container.settings.effective_database_url
    code = main(
        [*argv, "--database-url", url, "--data-dir", str(families.container.settings.data_dir)]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_finance_officer_s_claim_cycle_on_the_command_line(capsys, families: Families) -> None:
    code, out, _ = run(
        capsys,
        families,
        "claims",
        "window",
        "open",
        "Autumn 2013",
        "--phase",
        "troubled-families-2012",
        "--opens",
        "01/04/2013",
        "--closes",
        "30/09/2013",
        "--as",
        "FIN1",
        "--json",
    )
    assert code == 0, out
    window = str(json.loads(out)["id"])
    code, out, _ = run(capsys, families, "claims", "window", "build", window, "--as", "MGR1")
    assert code == 0
    assert "1 results and 3 attachment fees prepared, £10,400.00 in all" in out
    code, out, err = run(capsys, families, "claims", "window", "export", window, "--as", "FIN1")
    assert code != 0 and "not all approved yet" in err
    code, out, err = run(capsys, families, "claims", "window", "approve", window, "--as", "MGR1")
    assert code != 0 and "Only a auditor or finance can approve or reject claims" in err
    code, out, _ = run(capsys, families, "claims", "window", "approve", window, "--as", "AUD1")
    assert code == 0 and "Approved 4 claims" in out
    code, out, _ = run(capsys, families, "claims", "window", "export", window, "--as", "FIN1")
    assert code == 0 and "Wrote 4 claims, £10,400.00" in out
    code, out, _ = run(capsys, families, "claims", "explain", "H3", "--as-of", "30/09/2013")
    assert code == 0 and "the whole-family rule" in out and "police_incidents.xlsx" in out
    code, out, _ = run(capsys, families, "claims", "list", "--window", window, "--json")
    claims = json.loads(out)["claims"]
    result = next(c for c in claims if c["kind"] == "result")
    assert (result["household_ref"], result["amount"], result["state"]) == (
        "H1",
        "800.00",
        "approved",
    )
    code, out, _ = run(capsys, families, "claims", "window", "submit", window, "--as", "FIN1")
    assert code == 0
    code, out, err = run(
        capsys,
        families,
        "claims",
        "record-payment",
        str(result["id"]),
        "--amount",
        "900.00",
        "--as",
        "FIN1",
    )
    assert code != 0 and "more than claim" in err
    code, out, _ = run(
        capsys,
        families,
        "claims",
        "clawback",
        str(result["id"]),
        "--reason",
        "Spot check",
        "--as",
        "FIN1",
    )
    assert code == 0 and "clawed back" in out


@pytest.fixture
def client(families: Families):
    with TestClient(create_app(families.container.settings)) as client:
        yield client


def test_the_same_cycle_through_the_api(
    client: TestClient, families: Families, tmp_path: Path
) -> None:
    from tests.support import signed_in

    fin, senior, aud, mgr = (
        signed_in(families.container, r) for r in ("FIN1", "SM1", "AUD1", "MGR1")
    )
    opened = client.post(
        "/claims/windows",
        json={
            "name": "Autumn 2013",
            "phase": "troubled-families-2012",
            "opens_on": "01/04/2013",
            "closes_on": "30/09/2013",
        },
        headers=fin,
    )
    assert opened.status_code == 201
    window = opened.json()["id"]
    overlap = client.post(
        "/claims/windows",
        json={
            "name": "Again",
            "phase": "troubled-families-2012",
            "opens_on": "01/09/2013",
            "closes_on": "31/12/2013",
        },
        headers=fin,
    )
    assert overlap.status_code == 409 and "may not overlap" in overlap.text
    refused = client.post(f"/claims/windows/{window}/build", headers=mgr)
    assert refused.status_code == 403  # a team manager has no need to see the council's claims
    built = client.post(f"/claims/windows/{window}/build", headers=senior).json()
    assert (built["results"], built["attachments"], built["total"]) == (1, 3, "10400.00")
    own = client.post(f"/claims/windows/{window}/approve", headers=fin)
    assert own.status_code == 200  # FIN1 did not prepare them: SM1 did
    exported = client.post(f"/claims/windows/{window}/export", headers=fin).json()
    book = openpyxl.load_workbook(exported["workbook"])
    assert book.sheetnames == ["Summary", "Claims", "Evidence", "Overrides"]
    explained = client.get("/claims/households/H1", params={"as_of": "30/09/2013"}, headers=fin)
    assert explained.json()["outcome"] == "continuous_employment"
    hidden = client.get("/claims/households/H1", params={"as_of": "30/09/2013"}, headers=aud)
    assert hidden.status_code == 404  # an auditor sees the claims in a sample, not families
    listed = client.get("/claims", params={"window": window}, headers=fin).json()["claims"]
    result = next(c for c in listed if c["kind"] == "result")
    assert result["approved_by"] == "FIN1" and result["prepared_by"] == "SM1"
    missing = client.post(f"/claims/windows/{window + 99}/build", headers=senior)
    assert missing.status_code == 404
