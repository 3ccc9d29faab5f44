"""The three rule sets the program reports under, version 1 of each (data, not code)."""

import datetime as dt

from django.db import migrations

RULE_SETS = [
    {
        "code": "kr-training",
        "version": 1,
        "kind": "kr_training",
        "name": "직업훈련 취업률 (고용노동부 방식)",
        "description": (
            "분모 = 수료자 − 수료 당시 취업자 − 증빙된 제외자(창업, 진학, 입대, 해외 이주, "
            "3주 이상 질병·부상, 기타 휴직 등). 분자 = 수료 후 3개월·6개월 안에 취업한 사람, "
            "고용보험 가입자와 미가입자를 나누어 집계하고 합산합니다."
        ),
        "effective_from": dt.date(2019, 1, 1),
        "parameters": {
            "windows_months": [3, 6],
            "headline_window_months": 6,
            "exclusion_types": [
                "startup",
                "further_study",
                "military",
                "emigration",
                "illness",
                "other_exclusion",
            ],
            "exclusions_need_evidence": True,
            "illness_min_weeks": 3,
            "subtract_employed_at_completion": True,
            "unconfirmed_insurance_counts_as": "non_insured",
            "fiscal_year_start_month": 7,
            "target": "cohort",
        },
    },
    {
        "code": "program-target",
        "version": 1,
        "kind": "program_target",
        "name": "사업 목표 취·창업률",
        "description": "수료 후 6개월 안에 취업하거나 창업한 사람 ÷ 수료자, 기수 목표(75%) 대비.",
        "effective_from": dt.date(2019, 10, 1),
        "parameters": {
            "numerator_types": ["employed", "startup"],
            "window_months": 6,
            "count_employed_before_completion": True,
            "target": "cohort",
        },
    },
    {
        "code": "cirr",
        "version": 1,
        "kind": "cirr",
        "name": "CIRR 방식 (부트캠프 성과 공시 기준)",
        "description": (
            "입과 시 밝힌 의향이 구직인 수료자 중 수료 후 180일 안에 전공 분야에 취업(정규직, "
            "계약·프리랜서, 시간제)하거나 창업한 비율과 결과 범주별 인원."
        ),
        "effective_from": dt.date(2020, 1, 1),
        "parameters": {
            "window_days": 180,
            "seeking_intents": ["seek_job", "start_company", "undecided"],
            "missing_intent_is_seeking": True,
            "in_field_categories": [
                "in_field_full_time",
                "in_field_contract",
                "in_field_part_time",
                "in_field_startup",
            ],
            "full_time_types": ["full_time"],
            "contract_types": ["contract", "freelance", "internship"],
            "target": "cohort",
        },
    },
]


def load(apps, schema_editor):
    RuleSet = apps.get_model("outcomes", "RuleSet")
    for row in RULE_SETS:
        RuleSet.objects.get_or_create(code=row["code"], version=row["version"], defaults=row)


def unload(apps, schema_editor):
    RuleSet = apps.get_model("outcomes", "RuleSet")
    for row in RULE_SETS:
        RuleSet.objects.filter(code=row["code"], version=row["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
