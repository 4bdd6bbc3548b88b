"""Finding people who are in the register twice (two person_refs, one person).

The same comparisons as matching, run by Splink as a deduplication of the register with
itself: ``u`` is estimated from random pairs of the register, ``m`` keeps the starting
values (a register has too few duplicates for expectation maximisation to learn from),
and the prior assumes about one person in a hundred is there twice. Pairs at or above the
threshold are returned for a data officer to merge by hand; nothing is changed here.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from imports.matching.frames import MODEL_COLUMNS, register_table
from imports.matching.model import BLOCKING_RULES, SEED, _nearest_label, level_weights

DUPLICATE_SHARE = 0.01


def find_register_duplicates(register: pd.DataFrame, *, threshold: float = 10.0) -> pd.DataFrame:
    """Pairs of register people who look like one person: ``person_ref_l``,
    ``person_ref_r``, ``match_weight`` and each field's level."""
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink.internals.comparison_library import CustomComparison

    from imports.matching.comparisons import COMPARISONS
    from imports.matching.model import Thresholds, TrainedModel

    people = register_table(register)
    size = max(len(people), 2)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=min(0.5, 2 * DUPLICATE_SHARE / size),
        comparisons=[CustomComparison(**c) for c in COMPARISONS],  # type: ignore[arg-type]
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),  # type: ignore[arg-type]
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    table = db_api.register(people[MODEL_COLUMNS], table_name="register")
    linker = Linker(table, settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
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
