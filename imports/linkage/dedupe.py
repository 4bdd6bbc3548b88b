"""Finding people who are in the register twice (two person_refs, one person).

The same comparisons as matching, run by Splink as a deduplication of the register with
itself: ``u`` is estimated from random pairs of the register; how many pairs are one
person is estimated from the pairs that agree exactly on name and date of birth (at
least one person in a hundred is taken to be there twice); ``m`` is learnt by
expectation maximisation on pairs sharing a date of birth and, separately, a postcode,
where that can run (a session with too few pairs keeps the starting values). Pairs at or
above the threshold are returned for a data officer to merge by hand; nothing is changed
here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from imports.linkage.frames import MODEL_COLUMNS, register_table
from imports.linkage.model import BLOCKING_RULES, SEED, _nearest_label, level_weights
from workflow.exports import DATE, NUMBER, TEXT, Column, Kind, Workbook

DUPLICATE_SHARE = 0.01


def find_register_duplicates(register: pd.DataFrame, *, threshold: float = 10.0) -> pd.DataFrame:
    """Pairs of register people who look like one person: ``person_ref_l``,
    ``person_ref_r``, ``match_weight`` and each field's level."""
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink.internals.comparison_library import CustomComparison

    from imports.linkage.comparisons import COMPARISONS
    from imports.linkage.model import Thresholds, TrainedModel

    people = register_table(register)
    size = max(len(people), 2)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=min(0.5, 2 * DUPLICATE_SHARE / size),
        comparisons=[CustomComparison(**c) for c in COMPARISONS],
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),  # type: ignore[arg-type]
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    table = db_api.register(people[MODEL_COLUMNS], table_name="register")
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    linker = _learn(linker, table, len(people))
    predicted: Any = linker.inference.predict(threshold_match_weight=threshold)
    frame: pd.DataFrame = predicted.as_pandas_dataframe()
    model = TrainedModel(
        settings=linker.misc.save_model_to_json(),
        version=0,
        trained_at=pd.Timestamp.now(),
        em_trained=False,
        nominals=0,
        register=size,
        thresholds=Thresholds(),
    )
    refs = dict(zip(people["unique_id"], register["person_ref"], strict=True))
    out = pd.DataFrame(
        {
            "person_ref_l": frame["unique_id_l"].map(refs),
            "person_ref_r": frame["unique_id_r"].map(refs),
            "match_weight": frame["match_weight"].astype(float),
        }
    )
    for name, weights in level_weights(model).items():
        out[f"level_{name}"] = _nearest_label(frame[f"mw_{name}"].astype(float), weights)
    return out.sort_values("match_weight", ascending=False, ignore_index=True)


EXACT = "l.forename = r.forename AND l.surname = r.surname AND l.dob = r.dob"
MIN_PEOPLE_FOR_EM = 500


def _learn(linker: Any, table: Any, people: int) -> Any:
    """The share of pairs that are one person, then m by expectation maximisation, each
    only where the register gives enough to estimate it. A session that learns that
    agreeing exactly on a field is evidence *against* one person (a register with few
    duplicates gives EM the members of one household as its "matches") is thrown away:
    the linker goes on from what it had before. Returns the linker to predict with."""
    from splink import Linker, block_on
    from splink.internals.exceptions import SplinkException

    if people < MIN_PEOPLE_FOR_EM:
        return linker
    floor = 2 * DUPLICATE_SHARE / people
    with contextlib.suppress(SplinkException, ValueError):  # too few exact pairs
        linker.training.estimate_probability_two_random_records_match([EXACT], recall=0.7)
    current = linker.misc.save_model_to_json()
    if current["probability_two_random_records_match"] < floor:
        current["probability_two_random_records_match"] = floor
    linker = Linker(table, current, log_level=logging.ERROR)
    for column in ("dob", "postcode"):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column), fix_probability_two_random_records_match=True
            )
        except (SplinkException, ValueError):
            linker = Linker(table, current, log_level=logging.ERROR)
            continue
        learnt = linker.misc.save_model_to_json()
        if _sensible(learnt):
            current = learnt
        else:
            linker = Linker(table, current, log_level=logging.ERROR)
    return linker


def _sensible(settings: dict[str, Any]) -> bool:
    """Every field's strongest level (exact agreement) still counts for one person."""
    for comparison in settings["comparisons"]:
        levels = [c for c in comparison["comparison_levels"] if not c.get("is_null_level")]
        top = levels[0] if levels else {}
        m, u = top.get("m_probability"), top.get("u_probability")
        if m and u and float(m) <= float(u):
            return False
    return True


SIDE_COLUMNS = ("person_ref", "forename", "surname", "date_of_birth", "sex", "postcode")


def duplicates_workbook(pairs: pd.DataFrame, register: pd.DataFrame, path: Path) -> Path:
    """Write the pairs side by side for a data officer to check and merge by hand: one row
    per pair, both people's details, the match weight and each field's level.

    It goes through the engine's one writer (:mod:`workflow.exports`), so a name such as
    ``=HYPERLINK(…)`` shows as typed and stays text; dates of birth are dates (dd/mm/yyyy).
    """
    people = register.set_index("person_ref")
    households = _household_refs(register)
    levels = [str(c) for c in pairs.columns if str(c).startswith("level_")]
    columns = [
        _column("Match weight", NUMBER, decimals=1),
        *(_column(f"First: {c.replace('_', ' ')}", _KINDS.get(c)) for c in SIDE_COLUMNS),
        _column("First: household"),
        *(_column(f"Second: {c.replace('_', ' ')}", _KINDS.get(c)) for c in SIDE_COLUMNS),
        _column("Second: household"),
        *(_column(c.removeprefix("level_").replace("_", " ")) for c in levels),
    ]
    rows = []
    for pair in pairs.to_dict("records"):
        row: list[Any] = [round(float(pair["match_weight"]), 1)]
        for ref in (str(pair["person_ref_l"]), str(pair["person_ref_r"])):
            person = people.loc[ref]
            row += [ref, *(_shown(person.get(c)) for c in SIDE_COLUMNS[1:])]
            row.append(households.get(ref))
        row += [pair[c] for c in levels]
        rows.append(row)
    with Workbook(path) as book:
        book.sheet("Possible duplicates", columns, freeze_columns=1).rows(rows)
    return path


_KINDS = {"date_of_birth": DATE}


def _column(title: str, kind: Kind | None = None, *, decimals: int | None = None) -> Column:
    width = max(12, min(40, len(title) + 2))
    return Column(title, kind=kind or TEXT, width=width, decimals=decimals)


def _household_refs(register: pd.DataFrame) -> dict[str, Any]:
    if "household_ref" in register:
        return dict(zip(register["person_ref"], register["household_ref"], strict=True))
    return {}


def _shown(value: Any) -> Any:
    """Dates as dates (an ISO date string too); missing values blank; the rest as it is."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
