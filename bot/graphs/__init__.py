"""
Graphs from Prometheus (PROMETHEUS_URL): the HTTP API client and the PNG charts the bot uploads.

matplotlib is imported only when a chart is drawn, so a bot that never draws one
never loads it (idle RSS of `klepaas serve` stays small).
"""
