"""The retention log (read-only: it is the record of what was disposed of) and legal holds, which a
manager places and lifts here (EVD-4: nothing of an inspection goes while a hold is open)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from careinspect.core.admin_base import ReadOnlyAdmin
from careinspect.core.models import Disposal, RetentionHold

admin.site.register(Disposal, ReadOnlyAdmin)
admin.site.register(RetentionHold, SimpleHistoryAdmin)
