from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    """The fieldwork of a thematic inspection under the 5 themes: case sample, timetable, keep-in-touch log,
    evidence with consent, feedback, the verbal summary (CAS-2, THM-5, THM-6, VEW-1); the programme report
    (THM-7, DPR-2) and its deadlines.
    """

    name = "careinspect.fieldwork"

    def ready(self) -> None:
        from careinspect.core import deadlines
        from careinspect.fieldwork import deadlines as sources

        deadlines.register("fieldwork.sample_confirmation", sources.sample_confirmation)
        deadlines.register("fieldwork.keep_in_touch", sources.keep_in_touch)
        deadlines.register("fieldwork.qa_meetings", sources.qa_meetings)
        deadlines.register("fieldwork.publication", sources.publication)
        deadlines.register("fieldwork.disposal", sources.disposal)
