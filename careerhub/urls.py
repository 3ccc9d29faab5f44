from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from careerhub.core import health

urlpatterns = [
    # For load balancers: no login, no personal data, HTTP allowed (careerhub.core.health).
    re_path(r"^healthz/?$", health.healthz, name="healthz"),
    re_path(r"^readyz/?$", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("careerhub.api.urls")),  # REST API: keys or session (careerhub.api)
    path("api-keys/", include("careerhub.api.web.urls")),  # staff manage their API keys
    path("", include("careerhub.home.web.urls")),
    path("", include("careerhub.accounts.web.urls")),
    path("academy/", include("careerhub.academy.web.urls")),
    path("apply/", include("careerhub.intake.web.public_urls")),  # public: no login
    path("intake/", include("careerhub.intake.web.urls")),
    path("companies/", include("careerhub.companies.web.urls")),
    path("committees/", include("careerhub.committees.web.urls")),
    path("hiring/", include("careerhub.hiring.web.urls")),
    path("outcomes/", include("careerhub.outcomes.web.urls")),
    path("consulting/", include("careerhub.consulting.web.urls")),
    path("applications/", include("careerhub.applications.web.urls")),
    path("followup/", include("careerhub.followup.web.urls")),
    path("checkin/", include("careerhub.followup.web.public_urls")),  # public: signed links
    path("hire-feedback/", include("careerhub.employer_feedback.web.urls")),
    path("messages/", include("careerhub.messaging.web.urls")),
    path("matching/", include("careerhub.matching.web.urls")),
    path("reports/", include("careerhub.reports.web.urls")),
    path("audit/", include("careerhub.audit.web.urls")),
    path("privacy/", include("careerhub.privacy.web.urls")),  # public: no login
    path("webhooks/", include("careerhub.webhooks.web.urls")),
]

admin.site.site_header = "careerhub"
admin.site.site_title = "careerhub"

# No URL serves uploaded files, not even with DEBUG on: they are private and reached only
# through views that check the object's policy and record the access (careerhub.core.files).
