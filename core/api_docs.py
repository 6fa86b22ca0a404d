"""The API's documentation page, rendered on the server from the OpenAPI
schema: readable without JavaScript and with nothing fetched from a CDN
(the Swagger and Redoc pages load their scripts from the network)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return f"{name}[]" if schema.get("type") == "array" and name else name


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            operations.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": p.get("schema", {}).get("type", ""),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": _ref_name(body) if body else "",
                    "responses": [
                        (
                            code,
                            _ref_name(
                                response.get("content", {})
                                .get("application/json", {})
                                .get("schema", {})
                            ),
                            response.get("description", ""),
                        )
                        for code, response in op.get("responses", {}).items()
                    ],
                }
            )
    return sorted(operations, key=lambda o: (o["tag"], o["path"], o["method"]))


def _components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for name, component in sorted(
        schema.get("components", {}).get("schemas", {}).items()
    ):
        required = set(component.get("required", []))
        result.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": spec.get("type") or _ref_name(spec) or "",
                        "format": spec.get("format", ""),
                        "required": field in required,
                        "read_only": spec.get("readOnly", False),
                        "nullable": spec.get("nullable", False),
                        "enum": spec.get("enum", []),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return result


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "core/api_docs.html",
        {
            "info": schema.get("info", {}),
            "operations": _operations(schema),
            "components": _components(schema),
        },
    )
