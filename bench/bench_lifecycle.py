"""What firing the shared lifecycle machine costs, per 10,000 fires.

Run: ``.venv/bin/python bench/bench_lifecycle.py [--episodes 10000] [--repeat 5]``

Times, best of N, with no database:

- ``fire``: what screening does per household (``screen`` then ``meets_criteria``,
  counted as two fires), through the one shared machine (``model=None``) with a
  throwaway stand-in model per fire: the choice in ``workflow/statemachine/engine.py``;
- the raw ``Event.trigger`` on the stand-in, to show what ``fire`` adds (the record);
- the alternative not taken: ``add_model`` / ``remove_model`` of a model per fire;
- a refused ``allocate`` (a guard says no), which also gathers every reason.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.domain.vocabulary import HouseholdState as S
from workflow.lifecycle import Episode, TransitionRefused, Trigger, fire
from workflow.lifecycle.machine import MACHINE
from workflow.principal import Principal
from workflow.statemachine.definition import Request
from workflow.statemachine.engine import _Firing

SYSTEM, MANAGER = Principal.system("system"), Principal.staff("mgr")

Data = TypeVar("Data")


def episodes(count: int, state: S) -> list[Episode]:
    return [
        Episode(id=i, household_id=i, number=1, state=state, household_ref=f"H{i:06d}")
        for i in range(count)
    ]


def best(repeat: int, setup: Callable[[], Data], run: Callable[[Data], None]) -> float:
    times = []
    for _ in range(repeat):
        data = setup()
        start = time.perf_counter()
        run(data)
        times.append(time.perf_counter() - start)
    return min(times)


class Model:
    def __init__(self) -> None:
        self.state = S.IDENTIFIED
        self.request = Request("run")


def screen_all(eps: list[Episode]) -> None:
    for ep in eps:
        fire(ep, Trigger.SCREEN, actor=SYSTEM, reason="run")
        fire(ep, Trigger.MEETS_CRITERIA, actor=SYSTEM, reason="run")


def raw(requests: list[Request]) -> None:
    event = MACHINE.events["screen"]
    for request in requests:
        event.trigger(_Firing(S.IDENTIFIED, request))


def add_remove(models: list[Model]) -> None:
    for model in models:
        MACHINE.add_model(model, initial=S.IDENTIFIED)
        model.trigger("screen")  # type: ignore[attr-defined]
        MACHINE.remove_model(model)


def refused(eps: list[Episode]) -> None:
    for ep in eps:
        with contextlib.suppress(TransitionRefused):
            fire(ep, Trigger.ALLOCATE, actor=MANAGER, reason="allocate")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, repeat = args.episodes, args.repeat
    rows = [
        (
            "fire: screen + meets_criteria (2 fires each)",
            2,
            best(repeat, lambda: episodes(n, S.IDENTIFIED), screen_all),
        ),
        ("raw Event.trigger on a stand-in", 1, best(repeat, lambda: [Request("run")] * n, raw)),
        (
            "add_model / trigger / remove_model",
            1,
            best(repeat, lambda: [Model() for _ in range(n)], add_remove),
        ),
        (
            "fire refused by a guard, with reasons",
            1,
            best(repeat, lambda: episodes(n, S.ELIGIBLE), refused),
        ),
    ]
    print(f"{n:,} episodes, best of {repeat}")
    for label, fires, seconds in rows:
        per_10k = seconds / (n * fires) * 10_000
        print(f"  {label:<46} {seconds:7.3f} s   {per_10k:6.3f} s per 10,000 fires")


if __name__ == "__main__":
    main()
