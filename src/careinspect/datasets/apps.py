from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "careinspect.datasets"
    label = "datasets"
    verbose_name = "careinspect datasets"

    def ready(self) -> None:
        # The row limits (INF-1..3) are policy the environment may override; the datasets package does not
        # import Django, so it is handed the function that reads the policy in force.
        from careinspect.core.regime import current_policy
        from careinspect.datasets.policy import use_policy

        use_policy(current_policy)
