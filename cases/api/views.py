from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from accounts.models import User
from audit.models import AccessAction
from audit.services import log_request_read
from cases import permissions
from cases.models import ProcessStep
from cases.models.process import OPEN_STATUSES

from .serializers import DeadlineOutputSerializer

if TYPE_CHECKING:
    from django.db.models import QuerySet


@extend_schema(summary="A jobseeker's pending deadlines, each explaining its rule")
class JobseekerDeadlinesApi(ListAPIView[ProcessStep]):
    serializer_class = DeadlineOutputSerializer
    pagination_class = None  # a case has a handful of pending deadlines

    queryset = ProcessStep.objects.none()  # for the schema generator

    def get_queryset(self) -> QuerySet[ProcessStep]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        # Scoped like the browser: outside the user's organisations it is 404.
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - IsAuthenticated ran first
        jobseeker = permissions.get_jobseeker_for_user(user, self.kwargs["pk"])
        log_request_read(self.request, AccessAction.API, [jobseeker])
        return ProcessStep.objects.filter(
            jobseeker=jobseeker, status__in=OPEN_STATUSES
        ).order_by("due_on", "id")
