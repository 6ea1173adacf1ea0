"""Civic-project votes benchmark: outcome rules against pabutools, .pb parsing, and ballot casting.

    python bench/pb.py [--scale small|full]

On a real pabulib election (full: Poland_Lodz_2022.pb, 90,494 voters and 160 projects; small:
Poland_Warszawa_2023_Ursus.pb) times parsing the file (``auyl.initiatives.pabulib.parse`` against
pabutools' ``parse_pabulib``) and both rules with cost satisfaction (``auyl.initiatives.outcomes`` against
pabutools 1.2.3, in the same run), checks that the winners are identical (also on the other real files),
then measures ballot casting over HTTP on PostgreSQL with ``bench/pb_ballots.py``. The last line is one
JSON object. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = ROOT / "auyl" / "initiatives" / "tests" / "data"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

SPEEDUP_TARGET = 100  # ours at least this many times faster than pabutools, for each rule
OUR_RUNS = 5  # our figures are the median of this many runs; pabutools runs once
KEYS = ("mes_s", "mes_pabutools_s", "greedy_s", "greedy_pabutools_s", "parse_s", "identical_outcomes",
        "ballots_per_s", "ballots_acknowledged", "ballots_stored")
BALLOT_KEYS = ("ballots_per_s", "ballots_acknowledged", "ballots_stored")


@dataclass(frozen=True)
class Scale:
    timed: str  # the file timed
    checked: tuple[str, ...]  # further files whose winners are only compared


SCALES = {
    "small": Scale(timed="Poland_Warszawa_2023_Ursus.pb", checked=("France_Toulouse_2022.pb",)),
    "full": Scale(timed="Poland_Lodz_2022.pb",
                  checked=("France_Toulouse_2022.pb", "Poland_Warszawa_2023_Ursus.pb")),
}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def _median_s(call, runs: int = OUR_RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _once_s(call) -> tuple[float, object]:
    return _median_s(call, runs=1)


def _timed_file(name: str, judged: bool) -> tuple[dict, bool]:
    """Parse and both rules on one file, ours and pabutools'; the figures and whether winners agree.
    ``judged``: the speed-up target applies (it is set for Łódź, the full scale)."""
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    from auyl.initiatives import outcomes, pabulib

    path = DATA / name
    parse_s, (_, instance) = _median_s(lambda: pabulib.parse(path), runs=3)
    theirs_parse_s, (election, profile) = _once_s(lambda: parse_pabulib(str(path)))
    print(f"{name}: {len(instance.ballots):,} voters, {len(instance.project_ids)} projects, "
          f"budget {instance.budget:,}", flush=True)
    print(f"  parse   ours {parse_s:8.3f} s   pabutools {theirs_parse_s:8.3f} s   "
          f"{theirs_parse_s / parse_s:6.1f}x faster", flush=True)
    figures, identical = {"parse_s": round(parse_s, 4)}, True
    for rule, ours, theirs in (("mes", outcomes.mes, method_of_equal_shares),
                               ("greedy", outcomes.greedy, greedy_utilitarian_welfare)):
        ours_s, outcome = _median_s(lambda ours=ours: ours(instance))
        theirs_s, allocation = _once_s(lambda theirs=theirs: theirs(election, profile, sat_class=Cost_Sat))
        same = outcome.winners == [project.name for project in allocation]
        identical &= same
        ratio = theirs_s / ours_s
        verdict = ("ok" if ratio >= SPEEDUP_TARGET else "MISSED") if judged else "applies to --scale full"
        print(f"  {rule:7} ours {ours_s:8.4f} s   pabutools {theirs_s:8.3f} s   {ratio:6.0f}x faster "
              f"(target >= {SPEEDUP_TARGET}x: {verdict}); {len(outcome.winners)} winners, "
              f"{'identical' if same else 'DIFFERENT'}", flush=True)
        figures[f"{rule}_s"] = round(ours_s, 4)
        figures[f"{rule}_pabutools_s"] = round(theirs_s, 3)
    return figures, identical


def _checked_file(name: str) -> bool:
    from pabutools.election import parse_pabulib

    from auyl.initiatives import outcomes, pabulib

    _, instance = pabulib.parse(DATA / name)
    converted = parse_pabulib(str(DATA / name))
    same = all(getattr(outcomes, rule)(instance).winners == pabulib.pabutools_winners(instance, rule, converted)
               for rule in ("mes", "greedy"))
    print(f"{name}: mes and greedy winners {'identical' if same else 'DIFFERENT'} to pabutools", flush=True)
    return same


def _ballots(scale_name: str) -> dict:
    """bench/pb_ballots.py ``measure_ballots`` (owner: civic projects); null figures, with the reason
    printed, when it is missing or fails."""
    try:
        from pb_ballots import measure_ballots
    except ImportError as error:
        print(f"ballots: not measured, bench/pb_ballots.py cannot be imported ({error})", flush=True)
        return dict.fromkeys(BALLOT_KEYS)
    try:
        figures = measure_ballots(scale_name)
    except Exception as error:  # report it and carry on: the outcome figures still print
        print(f"ballots: measurement failed: {type(error).__name__}: {error}", flush=True)
        return dict.fromkeys(BALLOT_KEYS)
    return {key: figures.get(key) for key in BALLOT_KEYS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    args = parser.parse_args()
    scale = SCALES[args.scale]
    _django()
    print(f"pb benchmark, scale {args.scale}: timing {scale.timed}, checking {', '.join(scale.checked)}",
          flush=True)
    figures, identical = _timed_file(scale.timed, judged=args.scale == "full")
    for name in scale.checked:
        identical &= _checked_file(name)
    figures["identical_outcomes"] = identical
    figures.update(_ballots(args.scale))
    print(json.dumps({key: figures.get(key) for key in KEYS}))
    return 0 if identical and all(figures[key] is not None for key in BALLOT_KEYS) else 1


if __name__ == "__main__":
    sys.exit(main())
