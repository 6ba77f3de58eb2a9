"""The home page's "new notifications" panel."""

from .models import Notification

PANEL_SIZE = 5


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    unread = list(Notification.objects.for_user(user).unread()[: PANEL_SIZE + 1])
    if not unread:
        return []
    more = len(unread) > PANEL_SIZE
    unread_count = Notification.objects.for_user(user).unread().count() if more else len(unread)
    return [
        {
            "template": "notifications/_home_panel.html",
            "notifications": unread[:PANEL_SIZE],
            "unread_count": unread_count,
        }
    ]
