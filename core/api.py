"""What every Polku API view shares: the error shape and service errors."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.relations import PrimaryKeyRelatedField
from rest_framework.views import exception_handler as drf_exception_handler

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.core.exceptions import ValidationError
    from django.db.models import Manager, QuerySet
    from django.http import HttpRequest
    from rest_framework.request import Request
    from rest_framework.response import Response


class Conflict(exceptions.APIException):
    """Someone else changed the object since the client read it."""

    status_code = 409
    default_code = "conflict"


def bad_request(error: ValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as a 400 with field errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _codes(exc: Exception) -> str:
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return "invalid"
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    return "error"


def _flat(errors: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """Field errors as one level, `{"field": ["message"]}`: an error inside a
    list of objects is named by its path (`tasks.0.description`)."""
    flat: dict[str, list[str]] = {}
    for name, value in errors.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{key}."))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                if item:
                    flat.update(_flat(item, f"{key}.{index}."))
        else:
            flat[key] = (
                [str(v) for v in value] if isinstance(value, list) else [str(value)]
            )
    return flat


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error in one shape, in the language the client asked for
    (Accept-Language, through LocaleMiddleware):

        {"status": 400, "code": "invalid", "detail": "...",
         "fields": {"field": ["message", ...], "non_field_errors": [...]}}

    `fields` is empty except for validation errors.
    """
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _flat(data if isinstance(data, dict) else {"non_field_errors": data})
        detail = _("Some of the data is not valid; see the fields.")
    elif isinstance(data, dict) and "detail" in data:
        detail = str(data["detail"])
    else:
        detail = str(data)
    response.data = {
        "status": response.status_code,
        "code": _codes(exc),
        "detail": detail,
        "fields": fields,
    }
    return response


class CursorPage(CursorPagination):
    """Keyset paging for anything that can grow large: the cursor carries
    the last row's position, so page 10,000 costs what page 1 costs."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"

    def get_page_size(self, request: Request) -> int:
        # DRF falls back to the default on a mistyped or out-of-range size;
        # a client that asked for 1000 rows and got 50 would not know.
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        field = forms.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return int(field.clean(value))
        except forms.ValidationError as error:
            raise exceptions.ValidationError(
                {self.page_size_query_param: error.messages}
            ) from error

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        return super().paginate_queryset(keys_first(queryset), request, view)


class _KeysFirst:
    """A page read in two steps: the page's keys, then its rows by key.

    `WHERE organisation_id = x ORDER BY id DESC LIMIT 51` lets PostgreSQL
    choose between walking the primary key backwards, filtering on the
    organisation, and the (organisation, id) index. For an organisation with
    most of the rows it estimates the first as cheaper (the heap is in id
    order), and after another organisation's bulk import of 300,000 people
    that walk skipped all of them: 28-41 ms for the largest municipality's
    first page at 1,000,000 jobseekers (benchmarks.run api). Asking for the
    keys alone makes the (organisation, id) index answer without the heap
    (an index-only scan, 0.3 ms), and the rows follow by primary key: one
    statement still, 0.7 ms."""

    def __getitem__(self, k: Any) -> Any:
        page = super().__getitem__(k)  # type: ignore[misc]
        if not isinstance(k, slice) or k.stop is None or isinstance(page, list):
            return page  # one row, an open slice, or rows already read
        rows = self._chain()  # type: ignore[attr-defined]
        rows.query.clear_limits()
        return rows.filter(pk__in=page.values("pk"))


_KEYS_FIRST_CLASSES: dict[type, type] = {}


def keys_first(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """`queryset`, whose slices are read keys first (_KeysFirst)."""
    cls = type(queryset)
    if cls not in _KEYS_FIRST_CLASSES:
        _KEYS_FIRST_CLASSES[cls] = type(
            f"KeysFirst{cls.__name__}", (_KeysFirst, cls), {}
        )
    clone = queryset._chain()  # type: ignore[attr-defined]
    clone.__class__ = _KEYS_FIRST_CLASSES[cls]
    return clone  # type: ignore[no-any-return]


# The JSON types each kind of field takes. DRF converts ("5" for 5, 0 for
# false, 5 for "5"), so a request the schema calls invalid would be taken as
# something its sender may not have meant.
_JSON_TYPES: tuple[
    tuple[type[serializers.Field[Any, Any, Any, Any]], tuple[type, ...]], ...
] = (
    (serializers.BooleanField, (bool,)),
    (serializers.IntegerField, (int,)),
    (serializers.FloatField, (int, float)),
    (serializers.DecimalField, (int, float, str)),
    (serializers.ListField, (list,)),
    (serializers.ListSerializer, (list,)),
    (serializers.DictField, (dict,)),
    (serializers.Serializer, (dict,)),
    (serializers.FileField, (object,)),
    (serializers.CharField, (str,)),
    (serializers.ChoiceField, (str,)),
    (serializers.DateField, (str,)),
    (serializers.DateTimeField, (str,)),
)


def _json_type_problem(
    field: serializers.Field[Any, Any, Any, Any], value: Any
) -> bool:
    if value is None:
        return False  # allow_null decides
    for kind, types in _JSON_TYPES:
        if isinstance(field, kind):
            wrong = not isinstance(value, types)
            # bool is an int in Python, never in JSON.
            return wrong or (isinstance(value, bool) and bool not in types)
    return False


class FormBooleanField(serializers.BooleanField):
    """A yes/no in a query or a multipart form: `true` or `false`, as the
    schema's boolean is written there (DRF would also take 0, on, yes...)."""

    TRUE_VALUES = {"true", True}
    FALSE_VALUES = {"false", False}


def _too_long(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str:
    """The field's own message when a string is longer than its maxLength.

    DRF trims blanks before it counts, so 201 characters ending in a space
    would pass a limit of 200 that the schema applies to the string as sent.
    """
    limit = getattr(field, "max_length", None)
    if not isinstance(field, serializers.CharField) or limit is None:
        return ""
    if not isinstance(value, str) or len(value) <= limit:
        return ""
    return str(field.error_messages["max_length"].format(max_length=limit))


class InputSerializer(serializers.Serializer[Any]):
    """A JSON request body: every value must have its field's JSON type and
    length as the schema states them (a 400 with field errors otherwise),
    and nothing DRF would convert."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            errors: dict[str, list[str]] = {}
            for name, field in self.fields.items():
                if field.read_only or name not in data:
                    continue
                if _json_type_problem(field, data[name]):
                    errors[name] = [_("Not a valid value of this type.")]
                elif message := _too_long(field, data[name]):
                    errors[name] = [message]
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class FormSerializer(serializers.Serializer[Any]):
    """Query parameters or a multipart form: a value that is sent must not
    be blank. DRF reads `?file_format=` as absent and uses the default,
    which would answer a question the client did not ask."""

    def to_internal_value(self, data: Any) -> Any:
        errors = {
            str(name): [_("This field cannot be blank.")]
            for name in self.fields
            if hasattr(data, "get") and data.get(name) == ""
        }
        if errors:
            raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class ErrorOutputSerializer(serializers.Serializer[Any]):
    """The shape of every error response (exception_handler)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()


# "fields" is also the name of Serializer's own property, so it cannot be
# declared as a class attribute; the schema generator reads _declared_fields.
ErrorOutputSerializer._declared_fields["fields"] = serializers.DictField(
    child=serializers.ListField(child=serializers.CharField())
)


# Exempt: the CSRF check would answer a POST to a wrong address with its
# HTML 403 page; this view changes nothing.
@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/v1/ that names no operation, for any method:
    404 in the error shape and the reader's language."""
    return JsonResponse(
        {
            "status": 404,
            "code": "not_found",
            "detail": str(exceptions.NotFound.default_detail),
            "fields": {},
        },
        status=404,
    )


# A field of a flat row: its name, how its value is read from the instance,
# and how the field writes a value that is not None.
_FlatField = tuple[str, "Callable[[Any], Any]", "Callable[[Any], Any]"]


def _same(value: Any) -> Any:
    return value


class FlatListSerializer(serializers.ListSerializer[Any]):
    """The rows of a list page as DRF writes them, without DRF's per-field
    machinery.

    For a model serializer whose fields are all plain (model fields and
    foreign keys written as their primary keys), each value is read with
    `attrgetter` and written by the field's own `to_representation`, so the
    JSON is the same (`core/tests/test_api.py` compares them); DRF's
    `Serializer.to_representation` asks every field of every row for its
    source path, callability and skip rules, which was a fifth of an API
    list page's CPU (50 jobseekers, 22 fields: docs/performance.md). A
    serializer with any other kind of field (nested, method, dotted
    source) is written by DRF as before. The reading plan is kept per
    serializer class: the fields it takes are configured by the class alone.
    """

    _plans: ClassVar[dict[type[Any], list[_FlatField] | None]] = {}

    def to_representation(self, data: Manager[Any] | Iterable[Any]) -> list[Any]:
        plan = self._plan()
        if plan is None:
            return super().to_representation(data)
        rows = data.all() if hasattr(data, "all") else data
        return [
            {
                name: None if (value := read(row)) is None else write(value)
                for name, read, write in plan
            }
            for row in rows
        ]

    def _plan(self) -> list[_FlatField] | None:
        key = type(self.child)
        if key not in FlatListSerializer._plans:
            FlatListSerializer._plans[key] = _flat_plan(self.child)
        return FlatListSerializer._plans[key]


def _flat_plan(child: Any) -> list[_FlatField] | None:
    """How to write each readable field of `child`, or None if one is not plain."""
    model = getattr(getattr(child, "Meta", None), "model", None)
    if model is None:
        return None
    concrete = {f.name: f for f in model._meta.concrete_fields}
    plan: list[_FlatField] = []
    for name, field in child.fields.items():
        if field.write_only:
            continue
        source = field.source
        model_field = concrete.get(source)
        if model_field is None or "." in source:
            return None
        if isinstance(field, PrimaryKeyRelatedField):
            if field.pk_field is not None or not model_field.is_relation:
                return None
            # DRF writes the key it reads from the row (PKOnlyObject).
            plan.append((name, attrgetter(model_field.attname), _same))
        elif model_field.is_relation or isinstance(
            field, serializers.Serializer | serializers.ListSerializer
        ):
            return None
        else:
            plan.append((name, attrgetter(source), field.to_representation))
    return plan
