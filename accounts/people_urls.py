from django.urls import path

from . import people_views as views

urlpatterns = [
    path("people/", views.people_list, name="people-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person-reactivate"),
    path("people/<int:pk>/send-link/", views.person_send_link, name="person-send-link"),
    path("people/<int:pk>/to-directory/", views.person_to_directory, name="person-to-directory"),
    path("people/<int:pk>/end-sessions/", views.person_end_sessions, name="person-end-sessions"),
    path(
        "people/<int:pk>/reset-two-factor/",
        views.person_reset_two_factor,
        name="person-reset-two-factor",
    ),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
    path("set-password/done/", views.SetPasswordDoneView.as_view(), name="set-password-done"),
]
