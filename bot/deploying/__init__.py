"""Deploys from CI: webhook routes, deploy runs, approvals, outside deploys and `history`."""
