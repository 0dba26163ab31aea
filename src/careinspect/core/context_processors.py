from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    """The service name shown in the GOV.UK header of every page."""
    return {"service_name": "careinspect"}
