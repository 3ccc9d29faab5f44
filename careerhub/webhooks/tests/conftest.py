from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careerhub.academy.models import OperatorPartnership
from careerhub.hiring.models import JobPosting
from careerhub.webhooks import services
from careerhub.webhooks.tests import receiver as receiver_module


@pytest.fixture(autouse=True)
def _loopback(settings):
    """The tests' receiver listens on 127.0.0.1 over HTTP (allowed only in DEBUG or here)."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.fixture
def receiver():
    r = receiver_module.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def posting_x(world):
    OperatorPartnership.objects.get_or_create(operator=world.op_a, company=world.company_x)
    return JobPosting.objects.create(
        company=world.company_x,
        title="AI 서비스 개발자",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        status="open",
        region="gwangju",
    )


@pytest.fixture
def posting_y(world):
    OperatorPartnership.objects.get_or_create(operator=world.op_b, company=world.company_y)
    return JobPosting.objects.create(
        company=world.company_y,
        title="데이터 엔지니어",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        status="open",
        region="gwangju",
    )


@pytest.fixture
def make_endpoint(world, receiver):
    def _make(scope="office", *, who="office", events=None, url=None, **owner):
        endpoint, secret = services.webhook_endpoint_create(
            actor=world.actor(who),
            name=f"{scope} system",
            url=url or receiver.url,
            scope=scope,
            events=events
            or ["application.moved", "outcome.verified", "posting.closed", "plan.finished"],
            **owner,
        )
        return endpoint, secret

    return _make
