"""How fast screening is: the two evaluators against each other, and a whole borough.

Run: ``.venv/bin/python bench/bench_screen.py [--households 200000] [--sample 20000]``
     ``.venv/bin/python bench/bench_screen.py --database-url URL [--as-of 2026-08-31]``

Without a database it builds a facts frame for ``--households`` households (zero-heavy
counts and absence percentages, as a borough has), and times under each shipped rule set:

- the vectorised evaluator (``eligibility.screen``) over every household, and over the
  sample;
- the per-household evaluator (``eligibility.explain``) over the same sample, one
  household at a time, as the explanation page uses it;

then prints households per second and the ratio (the goal is at least 50×), checking that
both reached the same decisions.

With ``--database-url`` (a database that already holds an imported borough, e.g. the
demo's ``sqlite:///data/tfe.db``) it times deriving every household's facts and screening
them (the goal on 200,000 households is under 20 s), then a whole ``screen_households``
run, which also stores every decision and moves households: point it at a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eligibility import FACTS, FactType, explain, load_catalogue, screen


def facts_frame(households: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    columns = {}
    for name, fact in FACTS.items():
        if fact.type is FactType.PERCENT:
            values = rng.choice([np.nan, 0.0, 3.0, 8.0, 10.0, 15.0, 30.0], households,
                                p=[0.5, 0.2, 0.15, 0.07, 0.03, 0.03, 0.02])  # fmt: skip
        else:
            values = rng.choice([0, 1, 2, 3], households, p=[0.9, 0.07, 0.02, 0.01])
        columns[name] = values
    frame = pd.DataFrame(columns, index=pd.RangeIndex(1, households + 1, name="household_id"))
    frame["members"] = rng.integers(1, 7, households)
    frame["dependent_children"] = rng.choice([0, 1, 2, 3], households, p=[0.6, 0.2, 0.15, 0.05])
    return frame


def bench_evaluators(households: int, sample: int) -> None:
    frame = facts_frame(households)
    part = frame.iloc[:sample]
    records = part.to_dict("records")
    print(f"{households:,} households' facts; per-household evaluator on {sample:,} of them\n")
    print(f"{'rule set':<28}{'vectorised all':>16}{'vectorised':>12}{'per-household':>15}"
          f"{'ratio':>8}")  # fmt: skip
    for ruleset in load_catalogue().all():
        started = time.perf_counter()
        whole = screen(ruleset, frame)
        all_seconds = time.perf_counter() - started
        started = time.perf_counter()
        fast = screen(ruleset, part)
        fast_seconds = time.perf_counter() - started
        started = time.perf_counter()
        slow = [explain(ruleset, record).eligible for record in records]
        slow_seconds = time.perf_counter() - started
        assert list(fast.eligible) == slow, f"{ruleset.id}: the evaluators disagree"
        assert int(whole.eligible.iloc[:sample].sum()) == sum(slow)
        print(f"{ruleset.id:<28}{all_seconds:>14.3f} s{fast_seconds:>10.4f} s"
              f"{slow_seconds:>13.2f} s{slow_seconds / fast_seconds:>7.0f}x")  # fmt: skip
    print("\nratio = per-household time / vectorised time on the same sample households")


def bench_database(url: str, as_of: dt.date) -> None:
    from workflow.bootstrap import build
    from workflow.principal import Principal
    from workflow.screening.derive import derive_facts
    from workflow.screening.service import screen_households
    from workflow.settings import Settings

    container = build(Settings(database_url=url))
    rules = load_catalogue()
    try:
        for ruleset in rules.all():
            started = time.perf_counter()
            with container.uow() as uow:  # read only: never committed
                derived = derive_facts(
                    uow.connection,
                    as_of,
                    lookback_months=ruleset.lookback_months,
                    terms=ruleset.terms,
                )
            derive_seconds = time.perf_counter() - started
            screening = screen(ruleset, derived.facts)
            total = time.perf_counter() - started
            print(f"{ruleset.id:<28} {len(derived.facts):,} households: "
                  f"derive {derive_seconds:.2f} s"
                  f" + screen {total - derive_seconds:.2f} s = {total:.2f} s;"
                  f" {int(screening.eligible.sum()):,} eligible")  # fmt: skip
        report = screen_households(uow=container.uow(), clock=container.clock,
                                   actor=Principal.system("system"), catalogue=rules,
                                   ruleset_id=rules.all()[-1].id, as_of=as_of)  # fmt: skip
        print(f"whole screening run (derive, screen, store {report.households_screened:,} "
              f"decisions, move {report.newly_eligible:,} households): {report.seconds:.2f} s "
              f"{ {k: round(v, 2) for k, v in report.timings.items()} }")  # fmt: skip
    finally:
        container.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--database-url")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 8, 31))
    options = parser.parse_args()
    if options.database_url:
        bench_database(options.database_url, options.as_of)
    else:
        bench_evaluators(options.households, min(options.sample, options.households))


if __name__ == "__main__":
    main()
