"""``python -m synth.scoring TRUTH_DIR``: how screening did on a synthetic borough.

For each rule set: households found (stored decisions), expected (the oracle, from the
generator's ground truth), found and expected, and the false positives and negatives by
reason, with a few household references each. Screen first (``tfe demo`` does, as at
31/08/2026, the synthetic data's last day, which is the default here too).

Exit codes as ``tfe``'s: 0 done, 1 refused input (no truth there, an unknown rule set, no
database), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from eligibility import EligibilityError
from synth.errors import TruthUnreadable
from synth.scoring.compare import Evaluation
from synth.scoring.mapping import RULESETS
from synth.scoring.run import evaluate_borough
from synth.scoring.truth import Truth
from workflow.bootstrap import build
from workflow.screening.service import load_rules
from workflow.settings import Settings, get_settings

SHOWN = 10  # household references listed per reason


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m synth.scoring",
        description="Compare stored screening decisions with a synthetic borough's ground truth.",
    )
    parser.add_argument("truth_dir", type=Path, help="the borough folder or its ground_truth/")
    parser.add_argument("--as-of", help="dd/mm/yyyy (default: the last day the data covers)")
    parser.add_argument("--ruleset", action="append", help="a rule set id (default: all three)")
    parser.add_argument("--data-dir", type=Path, help="default: TFE_DATA_DIR or ./data")
    parser.add_argument("--database-url", help="default: TFE_DATABASE_URL or SQLite in data")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        as_of = _date(args.as_of) if args.as_of else Truth.at(args.truth_dir).span[1]
        settings = _settings(args.data_dir, args.database_url)
        container = build(settings)
        try:
            evaluations = evaluate_borough(
                args.truth_dir,
                as_of,
                uow=container.uow(),
                catalogue=load_rules(settings),
                ruleset_ids=args.ruleset or RULESETS,
            )
        finally:
            container.close()
    except (TruthUnreadable, EligibilityError, ValueError) as error:
        sys.stderr.write(f"{getattr(error, 'detail', error)}\n")
        return 1
    except SQLAlchemyError:
        sys.stderr.write("The database could not be read: is it migrated and screened?\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps([_as_dict(e) for e in evaluations], indent=2) + "\n")
    else:
        for evaluation in evaluations:
            sys.stdout.write("\n".join(_lines(evaluation)) + "\n")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"--as-of must be a date written dd/mm/yyyy, not {text!r}") from None


def _settings(data_dir: Path | None, database_url: str | None) -> Settings:
    if data_dir is None and database_url is None:
        return get_settings()
    settings = get_settings()
    return Settings(
        data_dir=data_dir or settings.data_dir, database_url=database_url or settings.database_url
    )


def _as_dict(evaluation: Evaluation) -> dict[str, object]:
    return evaluation.as_dict() | {
        "false_positive_households": evaluation.false_positives.to_dict("records"),
        "false_negative_households": evaluation.false_negatives.to_dict("records"),
    }


def _lines(evaluation: Evaluation) -> list[str]:
    lines = evaluation.lines()[:1]
    parts = {
        "false positives": evaluation.false_positives,
        "false negatives": evaluation.false_negatives,
        "criteria met but not expected": evaluation.criteria_extra,
        "criteria expected but not met": evaluation.criteria_missed,
    }
    for title, frame in parts.items():
        for reason, rows in frame.groupby("reason", sort=True):
            refs = ", ".join(rows["household_ref"].head(SHOWN))
            more = f" and {len(rows) - SHOWN:,} more" if len(rows) > SHOWN else ""
            lines.append(f"    {title}, {reason}: {len(rows):,} ({refs}{more})")
    return lines


if __name__ == "__main__":
    sys.exit(main())
