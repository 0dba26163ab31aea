from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "careinspect.registry"
    label = "registry"
    verbose_name = "Registry of agencies"

    def ready(self) -> None:
        from careinspect.registry import receivers

        receivers.connect()
