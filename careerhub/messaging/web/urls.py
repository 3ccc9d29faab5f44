from django.urls import path

from careerhub.messaging.web import preference_views, views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:message_id>/", views.message_detail, name="detail"),
    path("<int:message_id>/retry/", views.message_retry, name="retry"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("settings/", preference_views.settings_page, name="settings"),
    path("stop/<str:code>/", preference_views.stop, name="stop"),  # public: the opt-out link
]
