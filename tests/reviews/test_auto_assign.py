"""Automatic assignment: properties of the planner (hypothesis) and saving a plan."""

from collections import Counter

import pytest
from django.utils import timezone
from guardian.shortcuts import get_perms
from hypothesis import given, settings
from hypothesis import strategies as st

from grants.models import TransitionRefused
from grants.workflow import State
from reviews import auto_assign as planner
from reviews import services
from reviews.models import Assignment, AssignmentStatus
from tests import factories


@st.composite
def scenarios(draw, conflicts=True, applicants_review=True):
    reviewers = list(range(1, draw(st.integers(1, 12)) + 1))
    app_count = draw(st.integers(0, 25))
    wanted = draw(st.integers(1, 4))
    needs = []
    for app_id in range(1000, 1000 + app_count):
        # Some applicants are reviewers themselves (ids 1..12), most are not.
        if applicants_review and draw(st.booleans()):
            applicant = draw(st.sampled_from(reviewers))
        else:
            applicant = 5000 + app_id
        needs.append(planner.Need(app_id, applicant, wanted))
    known: dict[int, set[int]] = {}
    declared: dict[int, set[int]] = {}
    if conflicts:
        for need in needs:
            if draw(st.booleans()):
                known.setdefault(need.applicant_id, set()).add(draw(st.sampled_from(reviewers)))
            if draw(st.integers(0, 3)) == 0:
                declared.setdefault(need.application_id, set()).add(
                    draw(st.sampled_from(reviewers))
                )
    constraints = planner.Constraints(declared=declared, known=known)
    return needs, reviewers, constraints


def _loads(plan, reviewers):
    counts = Counter(r for _, r in plan.pairs)
    return [counts[r] for r in reviewers]


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32))
def test_no_applicant_reviews_themselves_and_no_conflicted_pair(scenario, seed):
    needs, reviewers, constraints = scenario
    plan = planner.plan(needs, reviewers, seed=seed, constraints=constraints)
    by_id = {n.application_id: n for n in needs}
    for app_id, reviewer in plan.pairs:
        need = by_id[app_id]
        assert reviewer != need.applicant_id
        assert reviewer not in constraints.known.get(need.applicant_id, set())
        assert reviewer not in constraints.declared.get(app_id, set())
    assert len(set(plan.pairs)) == len(plan.pairs)


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32))
def test_each_application_gets_its_reviewers_whenever_enough_may_review_it(scenario, seed):
    needs, reviewers, constraints = scenario
    plan = planner.plan(needs, reviewers, seed=seed, constraints=constraints)
    got = Counter(app for app, _ in plan.pairs)
    short = {s.application_id for s in plan.shortfalls}
    for need in needs:
        possible = sum(1 for r in reviewers if constraints.why_not(need, r) is None)
        # Without a maximum, each application is limited only by who may review it.
        assert got[need.application_id] == min(need.count, possible)
        assert (need.application_id in short) == (possible < need.count)


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios(conflicts=False, applicants_review=False), seed=st.integers(0, 2**32))
def test_loads_differ_by_at_most_one_when_nothing_constrains(scenario, seed):
    needs, reviewers, constraints = scenario
    plan = planner.plan(needs, reviewers, seed=seed, constraints=constraints)
    loads = _loads(plan, reviewers)
    assert max(loads) - min(loads) <= 1


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32))
def test_uneven_loads_remain_only_where_no_single_move_is_allowed(scenario, seed):
    needs, reviewers, constraints = scenario
    plan = planner.plan(needs, reviewers, seed=seed, constraints=constraints)
    loads = dict(zip(reviewers, _loads(plan, reviewers), strict=True))
    by_id = {n.application_id: n for n in needs}
    on_app: dict[int, set[int]] = {}
    for app, r in plan.pairs:
        on_app.setdefault(app, set()).add(r)
    for app, heavy in plan.pairs:
        for light in reviewers:
            if loads[heavy] - loads[light] >= 2:
                assert light in on_app[app] or constraints.why_not(by_id[app], light) is not None


@settings(max_examples=200, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32), maximum=st.integers(0, 6))
def test_nobody_gets_more_than_the_maximum(scenario, seed, maximum):
    needs, reviewers, constraints = scenario
    plan = planner.plan(
        needs, reviewers, seed=seed, constraints=constraints, max_per_reviewer=maximum
    )
    assert max(_loads(plan, reviewers), default=0) <= maximum


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**32))
def test_same_seed_gives_the_same_plan(scenario, seed):
    needs, reviewers, constraints = scenario
    first = planner.plan(needs, reviewers, seed=seed, constraints=constraints)
    second = planner.plan(
        list(reversed(needs)), reviewers[::-1], seed=seed, constraints=constraints
    )
    assert first.pairs == second.pairs
    assert first.fingerprint == second.fingerprint


def test_shortfall_says_why():
    needs = [planner.Need(1, 10, 2)]
    constraints = planner.Constraints(known={10: {2}})
    plan = planner.plan(needs, [2, 10], seed=3, constraints=constraints)
    assert plan.pairs == ()
    assert [(s.application_id, s.wanted, s.planned, s.reasons) for s in plan.shortfalls] == [
        (
            1,
            2,
            0,
            ("Of 2 reviewers: 1 is the applicant; 1 has a known conflict with the applicant.",),
        ),
    ]


def test_shortfall_names_the_maximum():
    needs = [planner.Need(1, 10, 1), planner.Need(2, 11, 1)]
    plan = planner.plan(needs, [1], seed=3, constraints=planner.Constraints(), max_per_reviewer=1)
    assert [s.reasons for s in plan.shortfalls] == [
        ("Of 1 reviewer: 1 has reached the maximum of 1 reviews.",)
    ]


# Saving a plan ---------------------------------------------------------------------


@pytest.fixture
def cycle(db):
    return factories.CycleFactory(reviewers_per_application=2)


def _submitted(cycle, **kwargs):
    app = factories.ApplicationFactory(cycle=cycle, **kwargs)
    return factories.force_state(app, State.SUBMITTED, submitted_at=timezone.now())


def _reviewers(count):
    return [factories.UserFactory(roles=["Reviewer"]) for _ in range(count)]


def test_preview_saves_nothing_and_apply_saves_the_plan(cycle, board_member):
    apps = [_submitted(cycle) for _ in range(3)]
    reviewers = _reviewers(3)

    plan = services.auto_assign(cycle, seed=7)

    assert Assignment.objects.count() == 0
    assert len(plan.pairs) == 6
    saved = services.apply_plan(plan, by=board_member)
    assert sorted((a.application_id, a.reviewer_id) for a in saved) == list(plan.pairs)
    for app in apps:
        app.refresh_from_db()
        assert app.state == State.UNDER_REVIEW
        assert app.events.filter(name="start_review").count() == 1
    for app_id, reviewer_id in plan.pairs:
        reviewer = next(r for r in reviewers if r.pk == reviewer_id)
        app = next(a for a in apps if a.pk == app_id)
        assert get_perms(reviewer, app) == ["review_application"]


def test_auto_assign_skips_reviewers_who_applied_in_the_cycle(cycle):
    reviewers = _reviewers(3)
    _submitted(cycle, applicant=reviewers[0])
    plan = services.auto_assign(cycle, seed=1)
    assert reviewers[0].pk not in {r for _, r in plan.pairs}
    plan = services.auto_assign(cycle, seed=1, exclude_applicants_in_cycle=False)
    assert {r for _, r in plan.pairs} == {reviewers[1].pk, reviewers[2].pk}


def test_auto_assign_respects_known_and_declared_conflicts_and_existing_work(cycle, board_member):
    first, second, third = _reviewers(3)
    app = _submitted(cycle)
    factories.KnownConflictFactory(reviewer=first, applicant=app.applicant)
    factories.AssignmentFactory(application=app, reviewer=second, status=AssignmentStatus.CONFLICT)
    plan = services.auto_assign(cycle, seed=1)
    assert plan.pairs == ((app.pk, third.pk),)
    assert [s.reasons for s in plan.shortfalls] == [
        ("Of 3 reviewers: 1 declared a conflict; 1 has a known conflict with the applicant.",)
    ]


def test_apply_refuses_a_plan_that_no_longer_matches(cycle, board_member):
    _submitted(cycle)
    reviewers = _reviewers(3)
    plan = services.auto_assign(cycle, seed=1)
    services.assign(by=board_member, applications=[_submitted(cycle)], reviewers=reviewers[:1])
    with pytest.raises(TransitionRefused) as refused:
        services.apply_plan(plan, by=board_member)
    assert refused.value.reasons[0].startswith("Assignments changed since this preview")


def test_only_the_board_applies_a_plan(cycle, staff_member):
    _submitted(cycle)
    _reviewers(2)
    plan = services.auto_assign(cycle, seed=1)
    with pytest.raises(TransitionRefused):
        services.apply_plan(plan, by=staff_member)
    assert Assignment.objects.count() == 0
