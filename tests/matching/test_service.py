"""Matching the imported police lists: links that feed screening, the saved model, flags
with roles, and the audit trail. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.support import match_lists
from workflow.bootstrap import Container

from .helpers import intel, rows, truth

GANG_ROLES = {"gang_perpetrator", "gang_victim", "gang_perpetrator_and_victim"}


def test_matching_links_only_what_the_importer_left_and_every_link_is_right(
    imported: Container, borough_dir: Path
) -> None:
    before = intel(imported)
    report = match_lists(imported, actor="officer")
    after = intel(imported)
    exact = before["link_method"].notna()
    columns = ["kind", "id", "linked", "link_method"]
    assert before.loc[exact, columns].values.tolist() == after.loc[exact, columns].values.tolist()
    assert report.open_nominals == int((~exact).sum()) and report.linked >= 1
    known = after.merge(truth(borough_dir), on=["kind", "file", "row"])
    linked = known[known["linked"].notna()]
    assert (linked["linked"] == linked["person_ref"]).all()
    probabilistic = after[after["link_method"] == "probabilistic"]
    assert len(probabilistic) == report.linked and probabilistic["household_id"].notna().all()


def test_each_link_records_the_model_version_weight_and_field_evidence(imported: Container) -> None:
    report = match_lists(imported, actor="officer")
    links = rows(imported, "SELECT * FROM match_links")
    assert len(links) == report.linked
    link = links.iloc[0]
    assert link["method"] == "probabilistic" and link["model_version"] == 1
    assert link["match_weight"] >= 10 and 0.99 < link["match_probability"] <= 1
    evidence = (
        link["evidence"]
        if isinstance(link["evidence"], dict)
        else __import__("json").loads(link["evidence"])
    )
    assert [f["field"] for f in evidence["fields"]] == [
        "forename",
        "surname",
        "date_of_birth",
        "postcode",
        "address",
        "sex",
    ]
    assert all(f["level"] for f in evidence["fields"])
    sex = evidence["fields"][-1]  # the police lists give no sex: it counts for nothing
    assert (sex["level"], sex["weight"]) == ("missing on one side", 0.0)


def test_the_model_is_saved_as_a_versioned_file_reused_until_retrained(imported: Container) -> None:
    folder = imported.settings.data_dir / "matching"
    first = match_lists(imported, actor="officer")
    assert first.trained and (folder / "model-v1.json").is_file()
    again = match_lists(imported, actor="officer")
    assert not again.trained and again.model_version == 1
    assert again.linked == 0 and again.kept == first.linked  # nothing changes on a re-run
    retrained = match_lists(imported, actor="officer", retrain=True)
    assert (
        retrained.trained and retrained.model_version == 2 and (folder / "model-v2.json").is_file()
    )
    models = rows(imported, "SELECT version, trained_by FROM match_models ORDER BY version")
    assert models.values.tolist() == [[1, "officer"], [2, "officer"]]


def test_households_are_flagged_with_each_members_role_never_just_gang(imported: Container) -> None:
    match_lists(imported, actor="officer")
    flags = rows(imported, "SELECT * FROM intel_household_flags")
    gangs = rows(
        imported,
        "SELECT id, harm_band, victim_band FROM intel_gangs_matrix WHERE person_id IS NOT NULL",
    )
    iom = rows(imported, "SELECT id FROM intel_iom_cohort WHERE person_id IS NOT NULL")
    assert set(flags["flag"]) == {"gang_affected", "offender_family"}
    gang_flags = flags[flags["flag"] == "gang_affected"].set_index("intel_row_id")
    assert set(gang_flags["role"]) <= GANG_ROLES
    for row in gangs.itertuples():
        harm, victim = (
            row.harm_band in ("red", "amber", "green"),
            row.victim_band in ("red", "amber", "green"),
        )
        expected = {
            (True, True): "gang_perpetrator_and_victim",
            (True, False): "gang_perpetrator",
            (False, True): "gang_victim",
        }[(harm, victim)]
        assert gang_flags.loc[row.id, "role"] == expected
        assert gang_flags.loc[row.id, "harm_band"] == row.harm_band
    offenders = flags[flags["flag"] == "offender_family"]
    assert set(offenders["role"]) == {"iom_offender"} and len(offenders) == len(iom)


def test_reading_the_lists_and_matching_are_in_the_audit_trail(imported: Container) -> None:
    report = match_lists(imported, actor="officer")
    events = rows(
        imported, "SELECT actor, action, entity_type, COALESCE(entity_id, '') FROM audit_events"
    ).values.tolist()
    assert ["officer", "read", "police_lists", ""] in events
    assert ["officer", "match", "match_run", str(report.run_id)] in events


def test_a_model_from_an_earlier_version_is_replaced_by_a_newly_trained_one(
    imported: Container,
) -> None:
    import json

    first = match_lists(imported, actor="officer")
    path = imported.settings.data_dir / "matching" / "model-v1.json"
    document = json.loads(path.read_text())
    document["tfe"]["levels_version"] = 1  # as tfe made it before sex was compared
    path.write_text(json.dumps(document))
    again = match_lists(imported, actor="officer")
    assert again.trained and again.model_version == 2 and first.model_version == 1
    assert again.note is not None and "earlier version of tfe" in again.note
    assert again.linked == 0 and again.kept == first.linked
