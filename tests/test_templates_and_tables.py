"""The partner templates and the tables that store them stay in step."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as sa_inspect

from workflow.db.models import FACT_MODELS, GangNominal, IomNominal
from workflow.templates import KINDS, TEMPLATES, template

TABLE_FOR_KIND = {**FACT_MODELS, "gangs_matrix": GangNominal, "iom_cohort": IomNominal}
# people and keyworkers are stored in the register tables (people/households/memberships, staff).
REGISTER_KINDS = {"people", "keyworkers"}


def test_all_seventeen_template_kinds_are_defined() -> None:
    assert len(KINDS) == 17
    assert set(KINDS) == set(TABLE_FOR_KIND) | REGISTER_KINDS


@pytest.mark.parametrize("kind", sorted(TABLE_FOR_KIND))
def test_every_template_column_has_a_place_in_its_table(kind: str) -> None:
    columns = {c.key for c in sa_inspect(TABLE_FOR_KIND[kind]).columns}
    missing = [c.name for c in TEMPLATES[kind].columns if c.stored_as not in columns]
    assert missing == []
    assert {"batch_id", "source_row", "valid_from", "valid_to", "person_id"} <= columns


def test_roles_are_kept_where_the_template_has_them() -> None:
    assert template("police_incidents").role_column == "role"
    assert template("domestic_abuse").role_column == "role"
    assert set(template("domestic_abuse").column("role").codes) == {
        "victim",
        "perpetrator",
        "child_in_household",
    }


def test_gang_harm_and_victim_bands_are_separate_required_columns() -> None:
    gangs = template("gangs_matrix")
    assert {"harm_band", "victim_band"} <= set(gangs.required)
    assert gangs.police_intelligence and template("iom_cohort").police_intelligence


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="school_attendance"):
        template("schools")


def test_every_code_column_lists_its_codes_and_no_alias_is_shared_within_a_template() -> None:
    for kind, spec in TEMPLATES.items():
        seen: dict[str, str] = {}
        for column in spec.columns:
            if column.type == "code":
                assert column.codes, f"{kind}.{column.name} has no codes"
            for alias in (column.name, *column.aliases):
                key = alias.strip().lower()
                assert seen.setdefault(key, column.name) == column.name, (
                    f"{kind}: {alias!r} is ambiguous"
                )
