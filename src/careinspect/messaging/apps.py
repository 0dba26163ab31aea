from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Everything the regulator sends: Django's email framework, each message kept with its inspection (issue
    12).
    """

    name = "careinspect.messaging"
