from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class CoreConfig(AppConfig):
    name = "careinspect.core"
    label = "core"
    verbose_name = "careinspect core"

    def ready(self) -> None:
        # A bad policy setting stops every command at once, naming the variable, rather than failing later.
        from django.conf import settings

        from careinspect.core.regime import current_policy
        from careinspect.rules.errors import RuleViolation

        try:
            current_policy()
        except RuleViolation as exc:
            field = (exc.field or "").split(".")[0]
            variable = getattr(settings, "CAREINSPECT_POLICY_ENV", {}).get(field, field)
            raise ImproperlyConfigured(f"{variable}: {exc.message}") from None
