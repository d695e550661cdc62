"""Alerts (预警): rules as versioned data, alerts with a lifecycle, evaluation."""
