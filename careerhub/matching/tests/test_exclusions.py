"""Issue 14 item 7: a dismissal leaves out what the trainee confirmed (only the posting, or
every posting of its company, region or role); every exclusion is listed and can be
narrowed or undone; an empty feedback POST re-renders the page with a Korean message.

In ``mx``: t1 wants Gwangju; p1 (company X) and p3 (company Y) are backend in Gwangju,
p2 (company Y) is data in Seoul.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter, exclusions, services
from careerhub.matching.models import Feedback

pytestmark = pytest.mark.django_db


def key(posting) -> str:
    return adapter.posting_key(posting.pk)


def _recommended(world, mx) -> set[str]:
    run = services.recommendations_refresh(actor=world.actor("trainee_a1"), trainee=mx.t1)
    return set(run.items.values_list("opening_key", flat=True))


# --- services --------------------------------------------------------------------------------


def test_a_region_reason_leaves_out_only_the_posting_unless_the_scope_is_confirmed(world, mx):
    actor = world.actor("trainee_a1")
    assert _recommended(world, mx) == {key(mx.p1), key(mx.p2), key(mx.p3)}
    fb = services.feedback_dismiss(
        actor=actor, trainee=mx.t1, opening_key=key(mx.p1), reason=Feedback.Reason.REGION
    )
    assert fb.scope == Feedback.Scope.OPENING
    # The other Gwangju posting stays: the reason alone no longer empties the region.
    assert _recommended(world, mx) == {key(mx.p2), key(mx.p3)}
    services.feedback_dismiss(
        actor=actor,
        trainee=mx.t1,
        opening_key=key(mx.p1),
        reason=Feedback.Reason.REGION,
        scope=Feedback.Scope.REGION,
    )
    assert Feedback.objects.get().scope == Feedback.Scope.REGION  # replaced, not doubled
    assert _recommended(world, mx) == {key(mx.p2)}
    event = Event.objects.filter(verb="matching.dismissed").latest("pk")
    assert event.data["scope"] == "region"


def test_company_scope_leaves_out_every_posting_of_that_company(world, mx):
    services.feedback_dismiss(
        actor=world.actor("trainee_a1"),
        trainee=mx.t1,
        opening_key=key(mx.p3),
        reason=Feedback.Reason.COMPANY,
        scope=Feedback.Scope.COMPANY,
    )
    assert _recommended(world, mx) == {key(mx.p1)}  # p2 and p3 are company Y's


def test_an_unknown_scope_is_refused_and_nothing_is_stored(world, mx):
    with pytest.raises(ValidationError) as exc:
        services.feedback_dismiss(
            actor=world.actor("trainee_a1"),
            trainee=mx.t1,
            opening_key=key(mx.p1),
            reason=Feedback.Reason.REGION,
            scope="planet",
        )
    assert exc.value.error_dict["scope"][0].code == "bad_scope"
    assert not Feedback.objects.exists()


def test_narrowing_and_undoing_bring_the_openings_back(world, mx):
    actor = world.actor("trainee_a1")
    fb = services.feedback_dismiss(
        actor=actor,
        trainee=mx.t1,
        opening_key=key(mx.p1),
        reason=Feedback.Reason.REGION,
        scope=Feedback.Scope.REGION,
    )
    assert _recommended(world, mx) == {key(mx.p2)}
    services.feedback_scope_change(actor=actor, feedback=fb, scope=Feedback.Scope.OPENING)
    fb.refresh_from_db()
    assert fb.scope == Feedback.Scope.OPENING
    assert _recommended(world, mx) == {key(mx.p2), key(mx.p3)}
    event = Event.objects.get(verb="matching.dismissal_scope_changed")
    assert (event.data["scope_was"], event.data["scope"]) == ("region", "opening")
    services.feedback_undo(actor=actor, feedback=fb)
    assert not Feedback.objects.exists()
    assert _recommended(world, mx) == {key(mx.p1), key(mx.p2), key(mx.p3)}


def test_only_the_trainee_changes_a_scope(world, mx):
    fb = services.feedback_dismiss(
        actor=world.actor("trainee_a1"),
        trainee=mx.t1,
        opening_key=key(mx.p1),
        reason=Feedback.Reason.REGION,
        scope=Feedback.Scope.REGION,
    )
    for who in ("staff_a", "consultant_a", "office", "trainee_b1"):
        with pytest.raises(PermissionDenied):
            services.feedback_scope_change(
                actor=world.actor(who), feedback=fb, scope=Feedback.Scope.OPENING
            )
    fb.refresh_from_db()
    assert fb.scope == Feedback.Scope.REGION


def test_the_scope_choices_say_what_each_leaves_out_and_warn_about_a_wanted_region(world, mx):
    info, choices = exclusions.dismissal_preview(
        trainee=mx.t1,
        opening_key=key(mx.p1),
        reason=Feedback.Reason.REGION,
        today=timezone.localdate(),
    )
    by_scope = {c.scope: c for c in choices}
    assert list(by_scope) == ["opening", "company", "region", "role"]
    assert by_scope["opening"].count == 1
    assert by_scope["region"].count == 2 and by_scope["region"].suggested
    assert by_scope["region"].preferred  # t1 wants Gwangju
    assert by_scope["role"].preferred and by_scope["role"].count == 2  # t1 wants backend
    assert by_scope["company"].count == 1 and not by_scope["company"].preferred
    assert info.key == key(mx.p1)


def test_the_exclusion_list_says_what_each_dismissal_leaves_out(world, mx):
    actor = world.actor("trainee_a1")
    services.feedback_dismiss(
        actor=actor,
        trainee=mx.t1,
        opening_key=key(mx.p1),
        reason=Feedback.Reason.REGION,
        scope=Feedback.Scope.REGION,
    )
    services.feedback_dismiss(
        actor=actor, trainee=mx.t1, opening_key=key(mx.p2), reason=Feedback.Reason.TIMING
    )
    rows = exclusions.exclusions_for(trainee=mx.t1, today=timezone.localdate())
    assert [(r.feedback.opening_key, r.count, r.narrower) for r in rows] == [
        (key(mx.p2), 1, False),
        (key(mx.p1), 2, True),
    ]
    assert rows[1].what == "광주 지역의 모든 공고"


# --- web ---------------------------------------------------------------------------------


def test_a_wide_reason_asks_for_the_scope_before_anything_is_stored(login, world, mx):
    client = login(world.users["trainee_a1"])
    url = reverse("matching:feedback", args=[mx.t1.pk])
    response = client.post(
        url, {"action": "dismiss", "opening": key(mx.p1), "reason": "region", "note": "멀어요"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="scope-form"' in html and "광주 지역의 모든 공고" in html
    assert 'data-testid="preferred-warning"' in html
    assert not Feedback.objects.exists()
    response = client.post(
        url,
        {
            "action": "dismiss",
            "opening": key(mx.p1),
            "reason": "region",
            "note": "멀어요",
            "scope": "opening",
        },
    )
    assert response.status_code == 302
    fb = Feedback.objects.get()
    assert (fb.scope, fb.reason, fb.note) == ("opening", "region", "멀어요")


def test_a_narrow_reason_dismisses_at_once(login, world, mx):
    response = login(world.users["trainee_a1"]).post(
        reverse("matching:feedback", args=[mx.t1.pk]),
        {"action": "dismiss", "opening": key(mx.p1), "reason": "timing"},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().scope == Feedback.Scope.OPENING


def test_the_page_lists_exclusions_and_undo_brings_the_region_back(login, world, mx):
    client = login(world.users["trainee_a1"])
    url = reverse("matching:feedback", args=[mx.t1.pk])
    page = reverse("matching:trainee", args=[mx.t1.pk])
    client.post(
        url, {"action": "dismiss", "opening": key(mx.p1), "reason": "region", "scope": "region"}
    )
    html = client.get(page).content.decode()
    assert "제외한 공고·조건" in html and "광주 지역의 모든 공고" in html
    p3_label = f"{world.company_y.name} · {mx.p3.title}"
    assert p3_label not in html  # p3 is in Gwangju too
    fb = Feedback.objects.get()
    response = client.post(url, {"action": "scope", "feedback": fb.pk, "scope": "opening"})
    assert response.status_code == 302
    fb.refresh_from_db()
    assert fb.scope == "opening"
    html = client.get(page).content.decode()
    assert p3_label in html  # p3 is back
    client.post(url, {"action": "undo", "feedback": fb.pk})
    assert not Feedback.objects.exists()
    assert 'data-testid="exclusions"' not in client.get(page).content.decode()


def test_an_empty_feedback_post_rerenders_the_page_with_a_korean_message(login, world, mx):
    client = login(world.users["trainee_a1"])
    url = reverse("matching:feedback", args=[mx.t1.pk])
    response = client.post(url, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="recommendation"' in html
    assert "선택한 항목이 없습니다" in html
    response = client.post(url, {"action": "dismiss", "opening": key(mx.p1)})
    assert response.status_code == 200
    assert "관심 없음으로 표시하는 이유를 골라 주세요." in response.content.decode()
    assert not Feedback.objects.exists()


def test_staff_who_may_only_read_get_404_on_feedback(login, world, mx):
    response = login(world.users["consultant_a"]).post(
        reverse("matching:feedback", args=[mx.t1.pk]), {}
    )
    assert response.status_code == 404
