"""The home page and the navigation, per role: each menu entry is decided by its app's policy
and opens; the home page shows each role its own figures and nothing personal to committees."""

import pytest
from django.urls import reverse

from careerhub.accounts.actors import actor_for
from careerhub.conftest import SIGNED_IN, every_role
from careerhub.home.navigation import nav_items_for

NAV = {
    "office": {
        "home",
        "trainees",
        "courses",
        "companies",
        "attraction",
        "demand",
        "postings",
        "committees",
        "intake",
    },
    "staff_a": {"home", "trainees", "courses", "companies", "demand", "postings", "intake"},
    "consultant_a": {"home", "trainees", "courses", "companies", "postings"},
    "recruiter_x": {"home", "trainees", "companies", "demand", "postings"},
    "trainee_a1": {"home", "courses", "profile", "postings"},
    "committee": {"home", "courses", "companies", "attraction", "demand", "postings", "committees"},
    "nobody": {"home"},
}
ISSUE6_NAV = {  # applications, consulting, outcomes, start-ups, notifications
    "office": {"applications", "outcomes", "cockpit", "startups", "notifications"},
    "staff_a": {"applications", "consulting", "outcomes", "cockpit", "startups", "notifications"},
    "consultant_a": {"applications", "consulting", "outcomes", "notifications"},
    "recruiter_x": {"applications", "notifications"},
    "trainee_a1": {"applications", "consulting", "outcomes", "startups", "notifications"},
    "committee": {"outcomes", "notifications"},
}
for _who, _keys in ISSUE6_NAV.items():
    NAV[_who] = NAV[_who] | _keys
ISSUE8_NAV = {  # dashboards and reports
    "office": {"dashboard", "committee_view"},
    "staff_a": {"dashboard"},
    "committee": {"committee_view"},
}
for _who, _keys in ISSUE8_NAV.items():
    NAV[_who] = NAV[_who] | _keys
ISSUE7_NAV = {  # matching: recommendations, candidates, cohort plan, match days, gaps
    "office": {"recommendations", "candidates", "plans", "match_days", "gaps"},
    "staff_a": {"recommendations", "candidates", "plans", "match_days", "gaps"},
    "consultant_a": {"recommendations"},
    "recruiter_x": {"candidates", "match_days"},
    "trainee_a1": {"recommendations", "match_days"},
    "committee": {"gaps"},
}
for _who, _keys in ISSUE7_NAV.items():
    NAV[_who] = NAV[_who] | _keys
NAV["office"] = NAV["office"] | {"access_review"}  # issue 12: the monthly access review
for _who in ("office", "staff_a"):  # issue 17 item 7: employer feedback per course and skill
    NAV[_who] = NAV[_who] | {"hire_feedback_summary"}
NAV["recruiter_x"] = NAV["recruiter_x"] | {"hire_feedback"}  # feedback on its own hires
for _who in ("office", "staff_a"):  # issue 12: the personal data request queue
    NAV[_who] = NAV[_who] | {"data_requests"}
for _who in ("office", "staff_a"):  # issue 14: cohorts (the office starts them, staff read)
    NAV[_who] = NAV[_who] | {"cohorts"}
for _who in ("office", "staff_a"):  # issue 13: the outbox (sent messages, delivery problems)
    NAV[_who] = NAV[_who] | {"messages"}
for _who in NAV:  # issue 17: each person's own notification settings (channel, consent)
    NAV[_who] = NAV[_who] | {"message_settings"}
for _who in ("office", "staff_a"):  # issue 17: messages to a filtered group of trainees
    NAV[_who] = NAV[_who] | {"announce"}
for _who in ("office", "staff_a", "recruiter_x"):  # issue 15: API keys of their organisation
    NAV[_who] = NAV[_who] | {"api_keys"}
for _who in ("office", "staff_a"):  # issue 17: graduate check-in rounds and follow-ups
    NAV[_who] = NAV[_who] | {"checkins", "follow_ups"}
for _who in ("office", "staff_a"):  # issue 15: webhook endpoints of their organisation
    NAV[_who] = NAV[_who] | {"webhooks"}
NAV["consultant_a"] = NAV["consultant_a"] | {"follow_ups"}  # graduates still seeking
NAV["recruiter_x"] = NAV["recruiter_x"] | {"hire_questions"}  # agreeing to retention questions
# The other operator, the other company and another trainee see the same menu as their peers
# (what each item then shows is scoped, and tested in each app's matrix).
NAV["staff_b"] = NAV["staff_a"]
NAV["recruiter_y"] = NAV["recruiter_x"]
NAV["trainee_b1"] = NAV["trainee_a1"]
every_role(NAV, among=SIGNED_IN)


@pytest.mark.parametrize("who", SIGNED_IN)
def test_navigation_shows_only_what_the_role_may_open(login, world, who):
    user = world.users[who]
    keys = {item.key for item in nav_items_for(actor_for(user), user)}
    assert keys == NAV[who]
    client = login(user)
    for item in nav_items_for(actor_for(user), user):
        response = client.get(item.url)
        assert response.status_code in (200, 302), item.url  # every link opens


HOME_TEXT = every_role(
    {
        "anonymous": None,  # sent to the login page
        "office": "사업단",
        "staff_a": "운영기관A",
        "staff_b": "운영기관B",
        "consultant_a": "취업 컨설팅",
        "recruiter_x": "기업X",
        "recruiter_y": "기업Y",
        "trainee_a1": "나의 교육",
        "trainee_b1": "나의 교육",
        "committee": "위원회 요약",
        "nobody": "아직 역할이 없습니다",
    }
)


@pytest.mark.parametrize("who", list(HOME_TEXT))
def test_home_per_role(as_role, world, who):
    response = as_role(who).get(reverse("home:index"))
    if HOME_TEXT[who] is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        return
    assert response.status_code == 200
    assert HOME_TEXT[who] in response.content.decode()


def test_committee_home_has_no_personal_data(login, world):
    body = login(world.users["committee"]).get(reverse("home:index")).content.decode()
    for trainee in (world.trainee_a1, world.trainee_a2, world.trainee_b1):
        assert trainee.name not in body
        assert trainee.email not in body
