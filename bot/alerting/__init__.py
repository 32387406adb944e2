"""
Alertmanager alerts as living Slack threads: the webhook route, the thread store, the
delivery outbox and the alert buttons. alerts/ decides; this package does the I/O.
"""

from bot.alerting.feature import Alerting, start_alerting

__all__ = ["Alerting", "start_alerting"]
