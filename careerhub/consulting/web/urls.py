from django.urls import path

from careerhub.consulting.web import views

app_name = "consulting"

urlpatterns = [
    path("", views.home, name="home"),
    path("slots/publish/", views.slot_publish, name="slot_publish"),
    path("slots/<int:slot_id>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
    path("slots/<int:slot_id>/book/", views.slot_book, name="slot_book"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path(
        "bookings/<int:booking_id>/attendance/",
        views.booking_attendance,
        name="booking_attendance",
    ),
    path("bookings/<int:booking_id>/notes/", views.note_add, name="note_add"),
    path("bookings/<int:booking_id>/actions/", views.action_add, name="action_add"),
    path("actions/<int:item_id>/", views.action_update, name="action_update"),
    path("trainees/<int:trainee_id>/", views.trainee_history, name="trainee_history"),
]
