"""The partner templates and the tables that store them stay in step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Numeric, String
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.schema import Column as TableColumn

from imports.loading.register import HOUSEHOLD_COLUMNS, PERSON_COLUMNS
from workflow.db.models import (
    FACT_MODELS,
    GangNominal,
    Household,
    HouseholdMembership,
    IomNominal,
    Locality,
    Person,
    Staff,
    Team,
)
from workflow.templates import KINDS, TEMPLATES, Column, ColumnType, template

TABLE_FOR_KIND = {**FACT_MODELS, "gangs_matrix": GangNominal, "iom_cohort": IomNominal}
# people and keyworkers are stored in the register tables (people/households/memberships, staff).
REGISTER_KINDS = {"people", "keyworkers"}
# Where the register feeds' columns are stored (imports/loading/register.py).
REGISTER_COLUMNS: dict[str, dict[str, TableColumn[object]]] = {
    "people": {
        **{n: Household.__table__.c[n] for n in ("household_ref", *HOUSEHOLD_COLUMNS)},
        **{n: Person.__table__.c[n] for n in ("person_ref", *PERSON_COLUMNS)},
        "relationship": HouseholdMembership.__table__.c.relationship,
    },
    "keyworkers": {
        **{n: Staff.__table__.c[n] for n in ("staff_ref", "name", "email")},
        "team": Team.__table__.c.name,
        "locality": Locality.__table__.c.name,
        "capacity_units": Staff.__table__.c.capacity_units,
    },
}
# Text the loader rewrites before storing it (a school year as 2025/26), so the reader
# holds it to no width.
REWRITTEN_BY_LOADER = {("school_attendance", "academic_year"): "2025/26"}
# The largest whole number each PostgreSQL integer type stores (SQLite's INTEGER holds more).
LARGEST_WHOLE = {"SMALLINT": 2**15 - 1, "INTEGER": 2**31 - 1, "BIGINT": 2**63 - 1}
NUMBERS = (ColumnType.INT, ColumnType.DECIMAL)


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


def stored_in(kind: str, column: Column) -> TableColumn[object] | None:
    """The table column a template column is stored in (None: it is not stored as such)."""
    if kind in REGISTER_COLUMNS:
        return REGISTER_COLUMNS[kind].get(column.name)
    return sa_inspect(TABLE_FOR_KIND[kind]).columns[column.stored_as]


def width(stored: TableColumn[object] | None) -> int | None:
    return stored.type.length if stored is not None and isinstance(stored.type, String) else None


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_column_is_held_to_the_width_of_the_column_that_stores_it(kind: str) -> None:
    wrong = {}
    for column in TEMPLATES[kind].columns:
        stored = stored_in(kind, column)
        expected = None  # codes are checked below; dates, numbers, flags and lists have no width
        if column.type is ColumnType.TEXT:
            assert stored is not None, f"{kind}.{column.name} is not stored anywhere"
            rewritten = REWRITTEN_BY_LOADER.get((kind, column.name))
            if rewritten is None:
                expected = width(stored)
            else:
                limit = width(stored)
                assert limit is None or len(rewritten) <= limit
        if column.max_length != expected:
            wrong[column.name] = (column.max_length, expected)
    assert wrong == {}  # {column: (template max_length, stored width)}


@pytest.mark.parametrize("kind", KINDS)
def test_every_code_fits_the_column_that_stores_it(kind: str) -> None:
    for column in TEMPLATES[kind].columns:
        if column.type is ColumnType.CODE:
            limit = width(stored_in(kind, column))
            assert limit is not None, f"{kind}.{column.name} is not stored as text"
            assert [c for c in column.codes if len(c) > limit] == []


def number_limits(stored: TableColumn[object]) -> tuple[Decimal, int | None] | None:
    """The largest value a table column stores and, for NUMERIC(precision, scale), the places
    it keeps; None when it is not a whole number or a decimal of fixed precision."""
    kind = stored.type
    if isinstance(kind, Numeric):
        if kind.precision is None or kind.scale is None:
            return None  # a float or an unbounded NUMERIC: no limit for the template to hold
        return Decimal(10**kind.precision - 1).scaleb(-kind.scale), kind.scale
    largest = LARGEST_WHOLE.get(kind.compile(dialect=postgresql.dialect()))
    return None if largest is None else (Decimal(largest), None)


@pytest.mark.parametrize("kind", KINDS)
def test_every_number_column_is_held_to_what_the_column_that_stores_it_holds(kind: str) -> None:
    wrong = {}
    for column in TEMPLATES[kind].columns:
        expected = None  # text, codes, dates, flags and lists have no largest value
        if column.type in NUMBERS:
            stored = stored_in(kind, column)
            assert stored is not None, f"{kind}.{column.name} is not stored anywhere"
            expected = number_limits(stored)
            assert expected is not None, f"{kind}.{column.name} is stored as {stored.type}"
            whole = expected[1] is None
            assert whole == (column.type is ColumnType.INT), f"{kind}.{column.name}"
        limits = None if column.max_value is None else (column.max_value, column.decimal_places)
        if limits != expected or (column.max_value is None and column.decimal_places is not None):
            wrong[column.name] = (limits, expected)
    assert wrong == {}  # {column: ((template max_value, decimal_places), the column's)}
