from django.urls import path

from . import views

urlpatterns = [
    path("", views.certificate_lookup, name="learning_certificate_lookup"),
    path("<str:code>/", views.certificate_verify, name="learning_certificate_verify"),
    path("<str:code>/pdf/", views.certificate_pdf, name="learning_certificate_pdf"),
]
