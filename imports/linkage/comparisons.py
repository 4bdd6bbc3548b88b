"""What the model compares, level by level, in the words a reviewer reads.

Each comparison is a Splink ``CustomComparison`` whose levels run from the strongest
agreement to disagreement. The starting ``m`` probabilities (how often a true match
shows each level) are what a data officer would expect from police lists; training
refines them when there are enough nominals, and ``u`` (how often two different people
show it by chance) is always estimated from the register.

Sex is compared with fixed weights, not trained: the police lists do not give it, so
expectation maximisation on them could learn nothing about it (its ``u`` comes from the
register's own mix when the model is trained). It counts for partner rows that give it:
the same sex adds about one bit, a different sex takes away about four — enough to stop a
link on names and a birth date alone, not enough to outweigh everything else when a
partner has recorded it wrongly.

``LEVELS_VERSION`` changes whenever a level is added, removed or reworded: a saved model
made with other levels is replaced by a newly trained one at the next matching run.
"""

from __future__ import annotations

from typing import Any

LEVELS_VERSION = 4
# Starting values: m from what police lists are like, u from a register of some thousands
# of people (u is re-estimated from the register wherever sampling sees enough pairs).


def _null(column: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL",
        "label_for_charts": "missing on one side",
        "is_null_level": True,
    }


def _level(sql: str, label: str, m: float, u: float) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _else(label: str, m: float, u: float) -> dict[str, Any]:
    return {
        "sql_condition": "ELSE",
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
    }


# A list that writes "Wardle Joshua" for Joshua Wardle: each name is in the other's column.
SWAPPED = "forename_l = surname_r AND surname_l = forename_r AND forename_l <> surname_l"
# The same, with a letter wrong in one of them ("Shepherd Jaxk" for Jack Shepherd).
SWAPPED_ALIKE = (
    "jaro_winkler_similarity(forename_l, surname_r) >= 0.9 "
    "AND jaro_winkler_similarity(surname_l, forename_r) >= 0.9 AND forename_l <> surname_l"
)
# One name written in the other column ("Bellchambers Matthew" for Matthew Bellchambers).
CROSSED = "forename_l = surname_r OR surname_l = forename_r"


def _alike(column: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {threshold}"


FORENAME = {
    "output_column_name": "forename",
    "comparison_description": "Forename (with aliases and nicknames)",
    "comparison_levels": [
        _null("forename"),
        _level("forename_l = forename_r", "the same forename", 0.82, 0.01),
        _level(SWAPPED, "forename and surname in each other's columns", 0.02, 0.00005),
        _level(
            SWAPPED_ALIKE,
            "forename and surname in each other's columns, spelt almost the same",
            0.01,
            0.00005,
        ),
        _level(
            "list_has_any(forename_variants_l, forename_variants_r)",
            "a nickname, alias or other spelling of the forename",
            0.08,
            0.002,
        ),
        _level(
            "jaro_winkler_similarity(forename_l, forename_r) >= 0.9 "
            "OR (damerau_levenshtein(forename_l, forename_r) <= 1 AND length(forename_l) >= 4)",
            "forenames spelt almost the same (a letter dropped or swapped)",
            0.05,
            0.003,
        ),
        _level(_alike("forename", 0.8), "forenames spelt alike", 0.02, 0.008),
        _level(
            "list_has_any(forename_prefixes_l, forename_prefixes_r)",
            "forenames (or an alias) starting with the same three letters",
            0.02,
            0.01,
        ),
        _level(CROSSED, "the forename written as the surname, or the other way", 0.01, 0.0005),
        _level(_alike("forename", 0.7), "forenames a little alike", 0.01, 0.05),
        _else("different forenames", 0.02, 0.92),
    ],
}

SURNAME = {
    "output_column_name": "surname",
    "comparison_description": "Surname (with hyphenated parts)",
    "comparison_levels": [
        _null("surname"),
        _level("surname_l = surname_r", "the same surname", 0.85, 0.005),
        _level(SWAPPED, "forename and surname in each other's columns", 0.02, 0.00005),
        _level(
            SWAPPED_ALIKE,
            "forename and surname in each other's columns, spelt almost the same",
            0.01,
            0.00005,
        ),
        _level(
            "list_has_any(surname_parts_l, surname_parts_r)",
            "part of a double or hyphenated surname",
            0.05,
            0.001,
        ),
        _level(
            "jaro_winkler_similarity(surname_l, surname_r) >= 0.9 "
            "OR (damerau_levenshtein(surname_l, surname_r) <= 1 AND length(surname_l) >= 4)",
            "surnames spelt almost the same (a letter dropped or swapped)",
            0.07,
            0.003,
        ),
        _level(_alike("surname", 0.8), "surnames spelt alike", 0.02, 0.006),
        _level(CROSSED, "the surname written as the forename, or the other way", 0.01, 0.0005),
        _level(_alike("surname", 0.7), "surnames a little alike", 0.01, 0.04),
        _else("different surnames", 0.02, 0.95),
    ],
}

DATE_OF_BIRTH = {
    "output_column_name": "date_of_birth",
    "comparison_description": "Date of birth",
    "comparison_levels": [
        _null("dob"),
        _level("dob_l = dob_r", "the same date of birth", 0.9, 0.00004),
        _level("dob_swapped_l = dob_r", "day and month swapped", 0.05, 0.00003),
        _level("damerau_levenshtein(dob_l, dob_r) <= 1", "one digit different", 0.03, 0.0005),
        _level("damerau_levenshtein(dob_l, dob_r) <= 2", "two digits different", 0.02, 0.005),
        _level(
            "abs(date_diff('day', TRY_CAST(dob_l AS DATE), TRY_CAST(dob_r AS DATE))) <= 7",
            "within a week of each other",
            0.02,
            0.0003,
        ),
        _level("substr(dob_l, 1, 4) = substr(dob_r, 1, 4)", "the same year of birth", 0.01, 0.012),
        _else("different dates of birth", 0.01, 0.982),
    ],
}

POSTCODE = {
    "output_column_name": "postcode",
    "comparison_description": "Postcode (current address, then address history)",
    "comparison_levels": [
        _null("postcode"),
        _level("postcode_l = postcode_r", "the person's current postcode", 0.7, 0.001),
        _level(
            "list_contains(postcode_history_r, postcode_l) "
            "OR list_contains(postcode_history_l, postcode_r)",
            "a postcode the person lived at before",
            0.15,
            0.0005,
        ),
        _level(
            "damerau_levenshtein(postcode_l, postcode_r) <= 1",
            "postcodes one character apart",
            0.04,
            0.002,
        ),
        _level("sector_l = sector_r", "the same postcode sector", 0.05, 0.02),
        _level("district_l = district_r", "the same postcode district", 0.04, 0.05),
        _else("different postcodes", 0.06, 0.93),
    ],
}

ADDRESS = {
    "output_column_name": "address",
    "comparison_description": "Address (house number and street, then address history)",
    "comparison_levels": [
        _null("street"),
        _level(
            "address_l = address_r AND house_number_l IS NOT NULL AND locality_l = locality_r",
            "the person's current house number, street and locality",
            0.15,
            0.00005,
        ),
        _level(
            "address_l = address_r AND house_number_l IS NOT NULL",
            "the person's current house number and street",
            0.6,
            0.0002,
        ),
        _level(
            "list_contains(address_history_r, address_l) "
            "OR list_contains(address_history_l, address_r)",
            "a house number and street the person lived at before",
            0.12,
            0.0001,
        ),
        _level(
            "house_number_l = house_number_r AND " + _alike("street", 0.9),
            "the same house number, the street spelt almost the same",
            0.04,
            0.0002,
        ),
        _level("street_l = street_r", "the same street", 0.03, 0.004),
        _level(
            "house_number_l = house_number_r AND locality_l = locality_r",
            "the same house number and locality",
            0.01,
            0.0005,
        ),
        _level(_alike("street", 0.9), "a street spelt almost the same", 0.01, 0.004),
        _level("locality_l = locality_r", "the same locality", 0.02, 0.1),
        _else("a different address", 0.02, 0.8915),
    ],
}

SEX_SAME_M = 0.97  # partners sometimes record sex wrongly, or differently


def sex_comparison(same_share: float = 0.5) -> dict[str, Any]:
    """The fixed sex comparison; ``same_share``: how often two people of the register
    chosen at random have the same sex (its ``u``)."""
    same = min(max(same_share, 0.01), 0.99)
    return {
        "output_column_name": "sex",
        "comparison_description": "Sex (fixed weights: the police lists do not give it)",
        "comparison_levels": [
            _null("sex"),
            _level("sex_l = sex_r", "the same sex", SEX_SAME_M, same),
            _else("a different sex", 1 - SEX_SAME_M, 1 - same),
        ],
    }


TRAINED_COMPARISONS = (FORENAME, SURNAME, DATE_OF_BIRTH, POSTCODE, ADDRESS)
COMPARISONS = (*TRAINED_COMPARISONS, sex_comparison())
FIELD_LABELS = {
    "forename": "Forename",
    "surname": "Surname",
    "date_of_birth": "Date of birth",
    "postcode": "Postcode",
    "address": "Address",
    "sex": "Sex",
}
