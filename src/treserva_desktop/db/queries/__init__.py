"""Read side: functions returning domain.views objects. Sensitive reads are audited."""
