from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What agencies tell the regulator through the portal: notifications, NMS 25 reports, manager absence,
    questionnaires (NOT-1..NOT-4, SCH-5, SCH-10).
    """

    name = "careinspect.notifications"

    def ready(self) -> None:
        from careinspect.core import deadlines as core_deadlines
        from careinspect.inspections.signals import information_due, management_facts_wanted
        from careinspect.notifications import deadlines, receivers
        from careinspect.registry.signals import brought_forward_wanted

        brought_forward_wanted.connect(
            receivers.brought_forward, dispatch_uid="notifications.brought_forward"
        )
        information_due.connect(receivers.information_due, dispatch_uid="notifications.take_up_enquiries")
        management_facts_wanted.connect(
            receivers.management_facts, dispatch_uid="notifications.manager_facts"
        )
        core_deadlines.register("notifications.review", deadlines.reviews_due)
        core_deadlines.register("notifications.nms25", deadlines.nms25_due, agency_owned=True)
