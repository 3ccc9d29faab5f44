"""The rule sets on a hand-computed cohort: every expected number is written out below.

All fourteen trainees completed on 2026-01-31 (except t12, still in training), so the edges
are: 3 months → 2026-04-30, 6 months → 2026-07-31, 180 days → 2026-07-30.

| id  | confirmed episodes                                           | intent        |
| --- | ------------------------------------------------------------ | ------------- |
| t1  | employed 2026-04-30 insured, full-time, in field (3-mo edge)  | seek_job      |
| t2  | employed 2026-05-01 insured, contract, in field               |               |
| t3  | employed 2026-07-31 not covered, full-time (6-mo edge)        |               |
| t4  | employed 2026-08-01 insured (one day late)                    | upskill       |
| t5  | employed since 2025-12-01, ongoing (employed at completion)   |               |
| t6  | startup 2026-03-02 with evidence                              | start_company |
| t7  | military 2026-02-15 without evidence                          |               |
| t8  | illness 2 weeks with evidence                                 |               |
| t9  | illness 4 weeks with evidence                                 |               |
| t10 | employed 2026-02-01 insurance unconfirmed, part-time          |               |
| t11 | still seeking                                                 |               |
| t12 | (not a completer) employed 2026-03-01                         |               |
| t13 | employed 2025-06-01..2025-12-31 out of field; 2026-03-01 insured in field | |
| t14 | further study 2026-09-01 with evidence (after the windows)    |               |
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest

from careerhub.outcomes import rules
from careerhub.outcomes.rules import Episode, TraineeFacts, add_months

D = dt.date
DONE = D(2026, 1, 31)


def emp(day, insurance="confirmed", kind="full_time", in_field=True, end=None):
    return Episode("employed", day, end, insurance, kind, in_field, True)


COHORT = [
    TraineeFacts(1, DONE, "seek_job", (emp(D(2026, 4, 30)),)),
    TraineeFacts(2, DONE, None, (emp(D(2026, 5, 1), kind="contract"),)),
    TraineeFacts(3, DONE, None, (emp(D(2026, 7, 31), insurance="not_covered"),)),
    TraineeFacts(4, DONE, "upskill", (emp(D(2026, 8, 1)),)),
    TraineeFacts(5, DONE, None, (emp(D(2025, 12, 1)),)),
    TraineeFacts(6, DONE, "start_company", (Episode("startup", D(2026, 3, 2), has_evidence=True),)),
    TraineeFacts(7, DONE, None, (Episode("military", D(2026, 2, 15), has_evidence=False),)),
    TraineeFacts(
        8, DONE, None, (Episode("illness", D(2026, 2, 2), has_evidence=True, absence_weeks=2),)
    ),
    TraineeFacts(
        9, DONE, None, (Episode("illness", D(2026, 2, 2), has_evidence=True, absence_weeks=4),)
    ),
    TraineeFacts(10, DONE, None, (emp(D(2026, 2, 1), insurance="unconfirmed", kind="part_time"),)),
    TraineeFacts(11, DONE, None, (Episode("still_seeking", D(2026, 2, 10)),)),
    TraineeFacts(12, None, None, (emp(D(2026, 3, 1)),)),
    TraineeFacts(
        13,
        DONE,
        None,
        (emp(D(2025, 6, 1), in_field=False, end=D(2025, 12, 31)), emp(D(2026, 3, 1))),
    ),
    TraineeFacts(14, DONE, None, (Episode("further_study", D(2026, 9, 1), has_evidence=True),)),
]
TARGET = Decimal("0.750")


RATE_DAY = D(2026, 6, 15)


def figure(params, today=RATE_DAY):
    tally = rules.aggregate(params, COHORT, today=today, key=lambda f: "all")["all"]
    return rules.tally_figure(params, tally, rules.target_for(params, TARGET))


# --- month arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),
        (D(2026, 1, 31), 6, D(2026, 7, 31)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),  # leap year
        (D(2026, 2, 28), 6, D(2026, 8, 28)),  # not snapped to the end of the month
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 18), 6, D(2027, 6, 18)),
        (D(2026, 3, 15), 0, D(2026, 3, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


def test_fiscal_year_runs_july_to_june():
    assert rules.fiscal_year_of(D(2026, 6, 30)) == 2025
    assert rules.fiscal_year_of(D(2026, 7, 1)) == 2026
    assert rules.fiscal_year_bounds(2025) == (D(2025, 7, 1), D(2026, 6, 30))


# --- Korean training-program style -------------------------------------------------------


def test_kr_training_hand_computed():
    fig = figure(rules.KrTrainingParams())
    assert fig.completers == 13  # t12 has not completed
    assert fig.category("employed_at_completion") == 1  # t5
    assert fig.category("excluded") == 2  # t6 startup, t9 illness 4 weeks (t7 lacks evidence,
    # t8 is under 3 weeks, t14 started after the 6-month window)
    assert fig.denominator == 10  # 13 − 1 − 2
    three, six = fig.windows
    assert (three.months, three.insured, three.non_insured, three.total) == (3, 2, 1, 3)
    # 3 months: t1 (edge, insured), t13 (insured), t10 (unconfirmed → non-insured)
    assert (six.months, six.insured, six.non_insured, six.total) == (6, 3, 2, 5)
    # 6 months adds t2 (insured) and t3 (edge, not covered); t4 is one day late
    assert fig.numerator == 5
    assert fig.rate == Decimal("0.5000")
    assert fig.hires_needed == 3  # ceil(0.75 × 10) = 8 − 5
    assert fig.still_open == 5  # t4, t7, t8, t11, t14 until 2026-07-31
    assert fig.reachable


def test_kr_training_after_the_deadline_the_target_is_out_of_reach():
    fig = figure(rules.KrTrainingParams(), today=D(2026, 8, 1))
    assert fig.still_open == 0
    assert fig.hires_needed == 3
    assert not fig.reachable


def test_kr_training_startup_counted_when_not_an_exclusion():
    params = rules.KrTrainingParams(
        exclusion_types=("further_study", "military", "emigration", "illness", "other_exclusion")
    )
    fig = figure(params)
    assert fig.category("excluded") == 1  # only t9
    assert fig.denominator == 11  # t6 stays in, as not employed
    assert fig.numerator == 5
    assert fig.rate == Decimal("0.4545")


def test_kr_training_unconfirmed_insurance_not_counted_when_the_rule_says_so():
    fig = figure(rules.KrTrainingParams(unconfirmed_insurance_counts_as="not_employed"))
    three, six = fig.windows
    assert (three.insured, three.non_insured) == (2, 0)
    assert (six.insured, six.non_insured) == (3, 1)
    assert fig.numerator == 4


def test_kr_training_without_evidence_rule_counts_t7_as_excluded():
    fig = figure(rules.KrTrainingParams(exclusions_need_evidence=False))
    assert fig.category("excluded") == 3  # t6, t7, t9
    assert fig.denominator == 9


# --- program-target style ----------------------------------------------------------------


def test_program_target_hand_computed():
    fig = figure(rules.ProgramTargetParams())
    assert fig.completers == 13
    assert fig.denominator == 13
    # t1, t2, t3 (6-month edge), t5 (employed before completion), t6 (startup), t10, t13
    assert fig.numerator == 7
    assert fig.category("startup") == 1
    assert fig.category("employed") == 6
    assert fig.rate == Decimal("0.5385")
    assert fig.hires_needed == 3  # ceil(0.75 × 13) = 10 − 7
    assert fig.windows == ()


def test_program_target_without_startups():
    fig = figure(rules.ProgramTargetParams(numerator_types=("employed",)))
    assert fig.numerator == 6
    assert fig.hires_needed == 4


def test_program_target_only_after_completion():
    fig = figure(rules.ProgramTargetParams(count_employed_before_completion=False))
    assert fig.numerator == 6  # t5 drops out


def test_program_target_fixed_target_overrides_the_cohort():
    params = rules.ProgramTargetParams(target="0.5")
    fig = figure(params)
    assert fig.target == Decimal("0.5")
    assert fig.hires_needed == 0
    assert fig.meets_target


# --- CIRR style --------------------------------------------------------------------------


def test_cirr_hand_computed():
    fig = figure(rules.CirrParams())
    assert fig.completers == 13
    assert fig.denominator == 12  # t4 enrolled to upskill, not to seek a job
    assert dict(fig.categories) == {
        "in_field_full_time": 3,  # t1, t5, t13
        "in_field_contract": 1,  # t2
        "in_field_part_time": 1,  # t10
        "in_field_startup": 1,  # t6
        "not_seeking": 3,  # t7, t8, t9
        "still_seeking": 1,  # t11
        "no_data": 3,  # t3 (day 181), t4 (after the window), t14 (after the window)
    }
    assert fig.numerator == 6
    assert fig.rate == Decimal("0.5000")
    assert fig.hires_needed == 3  # ceil(0.75 × 12) = 9 − 6


def test_cirr_window_is_days_not_months():
    assert rules.classify(rules.CirrParams(), COHORT[2]).deadline == D(2026, 7, 30)
    assert rules.classify(rules.KrTrainingParams(), COHORT[2]).deadline == D(2026, 7, 31)
    longer = figure(rules.CirrParams(window_days=181))
    assert longer.category("in_field_full_time") == 4  # t3 now counts


# --- parameters ---------------------------------------------------------------------------


def test_parameters_parse_fills_defaults_and_keeps_values():
    params = rules.parameters_parse("kr_training", {"windows_months": [3, 6, 12]})
    assert params == rules.KrTrainingParams(windows_months=(3, 6, 12))
    assert (
        rules.parameters_parse("cirr", rules.parameters_as_json(rules.CirrParams()))
        == rules.CirrParams()
    )


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("kr_training", {"windows": [3]}, "unknown parameter(s): windows"),
        ("kr_training", {"windows_months": "3"}, "windows_months must be a list"),
        ("kr_training", {"headline_window_months": 12}, "must be one of windows_months"),
        ("kr_training", {"exclusion_types": ["employed"]}, "cannot contain employed"),
        ("kr_training", {"exclusion_types": ["holiday"]}, "unknown value(s) holiday"),
        ("kr_training", {"illness_min_weeks": True}, "must be a whole number"),
        ("program_target", {"target": "0.9x"}, 'target must be "cohort"'),
        ("program_target", {"target": "1.5"}, "between 0 and 1"),
        ("cirr", {"window_days": 0}, "window_days must be between 1 and 730"),
        ("cirr", [], "must be a JSON object"),
        ("weekly", {}, "unknown rule kind"),
    ],
)
def test_parameters_parse_refuses_bad_parameters(kind, data, message):
    with pytest.raises(rules.RuleParameterError, match=None) as info:
        rules.parameters_parse(kind, data)
    assert message in str(info.value)


def test_shipped_rule_sets_parse():
    shipped = importlib.import_module("careerhub.outcomes.migrations.0002_rule_sets").RULE_SETS
    kinds = {row["kind"] for row in shipped}
    assert kinds == {"kr_training", "program_target", "cirr"}
    for row in shipped:
        rules.parameters_parse(row["kind"], row["parameters"])
