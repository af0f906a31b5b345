"""Automatic reviewer assignment as a pure function: no database, easy to test.

The planner gives each application the reviewers it still needs:
  - never its applicant, never a reviewer with a known or declared conflict, never a
    reviewer already on it, optionally never a reviewer who applied in the same cycle;
  - never more than `max_per_reviewer` reviews in the cycle for anyone (existing ones count);
  - always the least-loaded reviewer who may take it (a heap of loads), ties broken by a
    seeded random order, so the same seed and data give the same plan;
  - the most constrained applications first (fewest possible reviewers), so a scarce
    reviewer is not used up by an application anyone could have reviewed;
  - then a balancing pass moves planned reviews from the busiest reviewers to the least
    busy ones who may take them, until no single move evens the loads further.

When no reviewer in the pool is free of conflicts, no spread of work (difference of at
most one) is possible, and the plan reports it: each application left short says why.
"""

import hashlib
import heapq
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Why a reviewer may not take an application, in the order they are reported.
APPLICANT = "applicant"
ASSIGNED = "assigned"
DECLARED = "declared"
KNOWN = "known"
APPLIED = "applied"
AT_MAXIMUM = "at_maximum"

REASON_WORDS = {
    APPLICANT: ("is the applicant", "are the applicant"),
    ASSIGNED: ("is already assigned", "are already assigned"),
    DECLARED: ("declared a conflict", "declared a conflict"),
    KNOWN: ("has a known conflict with the applicant", "have a known conflict with the applicant"),
    APPLIED: ("applied in this cycle", "applied in this cycle"),
    AT_MAXIMUM: ("has reached the maximum", "have reached the maximum"),
}


@dataclass(frozen=True)
class Need:
    """An application that needs `count` more reviewers."""

    application_id: int
    applicant_id: int
    count: int


@dataclass
class Constraints:
    """Who may not review what. Sets of user ids."""

    assigned: Mapping[int, set[int]] = field(default_factory=dict)  # application -> reviewers
    declared: Mapping[int, set[int]] = field(default_factory=dict)  # application -> reviewers
    known: Mapping[int, set[int]] = field(default_factory=dict)  # applicant -> reviewers
    applied_in_cycle: set[int] = field(default_factory=set)  # applicants, when excluded

    def why_not(self, need: Need, reviewer_id: int) -> str | None:
        if reviewer_id == need.applicant_id:
            return APPLICANT
        if reviewer_id in self.assigned.get(need.application_id, ()):
            return ASSIGNED
        if reviewer_id in self.declared.get(need.application_id, ()):
            return DECLARED
        if reviewer_id in self.known.get(need.applicant_id, ()):
            return KNOWN
        if reviewer_id in self.applied_in_cycle:
            return APPLIED
        return None

    def blocked_count(self, need: Need, pool: set[int], applied_in_pool: set[int]) -> int:
        """How many of the pool may not take the application; `applied_in_pool` is
        applied_in_cycle & pool, computed once (it can be large)."""
        blocked = {need.applicant_id}
        blocked |= self.assigned.get(need.application_id, set())
        blocked |= self.declared.get(need.application_id, set())
        blocked |= self.known.get(need.applicant_id, set())
        return len((blocked & pool) - applied_in_pool) + len(applied_in_pool)


@dataclass(frozen=True)
class Shortfall:
    application_id: int
    wanted: int  # reviewers still needed before the plan
    planned: int  # reviewers the plan gives
    reasons: tuple[str, ...]

    @property
    def missing(self) -> int:
        return self.wanted - self.planned


@dataclass(frozen=True)
class Plan:
    seed: int
    max_per_reviewer: int | None
    pairs: tuple[tuple[int, int], ...]  # (application_id, reviewer_id), sorted
    shortfalls: tuple[Shortfall, ...]
    loads_before: Mapping[int, int]
    loads_after: Mapping[int, int]

    @property
    def fingerprint(self) -> str:
        """Identifies the plan's content, so a confirmed preview can be checked unchanged."""
        text = ";".join(f"{a}:{r}" for a, r in self.pairs)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def plan(
    needs: Iterable[Need],
    reviewers: Iterable[int],
    *,
    seed: int,
    constraints: Constraints,
    loads: Mapping[int, int] | None = None,
    max_per_reviewer: int | None = None,
) -> Plan:
    pool = sorted(set(reviewers))
    pool_set = set(pool)
    rng = random.Random(seed)
    tiebreak = {reviewer: rng.random() for reviewer in pool}
    loads_before = {reviewer: (loads or {}).get(reviewer, 0) for reviewer in pool}
    current = dict(loads_before)

    wanted = [n for n in needs if n.count > 0]
    order = {n.application_id: rng.random() for n in sorted(wanted, key=_by_id)}
    applied_in_pool = constraints.applied_in_cycle & pool_set
    wanted.sort(
        key=lambda n: (
            len(pool) - constraints.blocked_count(n, pool_set, applied_in_pool),
            order[n.application_id],
        )
    )

    def has_room(reviewer: int) -> bool:
        return max_per_reviewer is None or current[reviewer] < max_per_reviewer

    heap = [(current[r], tiebreak[r], r) for r in pool if has_room(r)]
    heapq.heapify(heap)
    chosen: dict[int, list[int]] = {}
    for need in wanted:
        picked, set_aside = [], []
        while heap and len(picked) < need.count:
            load, tie, reviewer = heapq.heappop(heap)
            if constraints.why_not(need, reviewer) is None:
                picked.append(reviewer)
            else:
                set_aside.append((load, tie, reviewer))
        for reviewer in picked:
            current[reviewer] += 1
            if has_room(reviewer):
                set_aside.append((current[reviewer], tiebreak[reviewer], reviewer))
        for item in set_aside:
            heapq.heappush(heap, item)
        chosen[need.application_id] = picked

    needs_by_id = {n.application_id: n for n in wanted}
    _rebalance(chosen, needs_by_id, current, pool, tiebreak, constraints, has_room)

    pairs = tuple(sorted((app, r) for app, rs in chosen.items() for r in rs))
    shortfalls = tuple(
        Shortfall(
            application_id=n.application_id,
            wanted=n.count,
            planned=len(chosen[n.application_id]),
            reasons=_reasons(n, pool, constraints, current, max_per_reviewer),
        )
        for n in sorted(wanted, key=_by_id)
        if len(chosen[n.application_id]) < n.count
    )
    return Plan(
        seed=seed,
        max_per_reviewer=max_per_reviewer,
        pairs=pairs,
        shortfalls=shortfalls,
        loads_before=loads_before,
        loads_after=current,
    )


def _by_id(need: Need) -> int:
    return need.application_id


def _rebalance(chosen, needs_by_id, loads, pool, tiebreak, constraints, has_room) -> None:
    """Move planned reviews from the busiest to the least busy reviewers who may take them,
    one at a time, while a move narrows the gap (loads differ by two or more)."""
    if len(pool) < 2:
        return
    planned_by: dict[int, list[int]] = {}
    for app, reviewers in chosen.items():
        for reviewer in reviewers:
            planned_by.setdefault(reviewer, []).append(app)

    # Each move lowers the sum of squared loads, so this ends; the cap keeps a pathological
    # case from running long.
    for _ in range(len(pool) * 50 + sum(len(v) for v in chosen.values())):
        ordered = sorted(pool, key=lambda r: (loads[r], tiebreak[r]))
        if loads[ordered[-1]] - loads[ordered[0]] < 2:
            return
        if not _move_one(ordered, chosen, planned_by, needs_by_id, loads, constraints, has_room):
            return


def _move_one(ordered, chosen, planned_by, needs_by_id, loads, constraints, has_room) -> bool:
    for heavy in reversed(ordered):
        for app in sorted(planned_by.get(heavy, ())):
            need = needs_by_id[app]
            for light in ordered:
                if loads[heavy] - loads[light] < 2:
                    break
                if (
                    light in chosen[app]
                    or not has_room(light)
                    or constraints.why_not(need, light) is not None
                ):
                    continue
                chosen[app][chosen[app].index(heavy)] = light
                planned_by[heavy].remove(app)
                planned_by.setdefault(light, []).append(app)
                loads[heavy] -= 1
                loads[light] += 1
                return True
        if loads[heavy] - loads[ordered[0]] < 2:
            return False
    return False


def _reasons(need, pool, constraints, loads, max_per_reviewer) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for reviewer in pool:
        reason = constraints.why_not(need, reviewer)
        if reason is None and max_per_reviewer is not None and loads[reviewer] >= max_per_reviewer:
            reason = AT_MAXIMUM
        if reason is not None:
            counts[reason] = counts.get(reason, 0) + 1
    if not pool:
        return ("There are no reviewers to choose from.",)
    words = []
    for reason, (one, many) in REASON_WORDS.items():
        number = counts.get(reason, 0)
        if number:
            text = f"{number} {one}" if number == 1 else f"{number} {many}"
            if reason == AT_MAXIMUM:
                text += f" of {max_per_reviewer} reviews"
            words.append(text)
    total = f"Of {len(pool)} reviewer{'s' if len(pool) != 1 else ''}: "
    return (total + "; ".join(words) + ".",)
