# The home page keeps its historical name, core:home (LOGIN_REDIRECT_URL,
# templates and links use it); the page itself reads cases, so it lives here.
from django.urls import path

from .views import home

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
]
