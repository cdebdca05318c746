"""Documents: pure functions from a read model (domain.views) to PDF bytes, made with reportlab."""
