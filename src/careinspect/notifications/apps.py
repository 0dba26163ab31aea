from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What agencies tell the regulator through the portal: notifications, NMS 25 reports, manager absence,
    questionnaires (NOT-1..NOT-4, SCH-5, SCH-10).
    """

    name = "careinspect.notifications"
