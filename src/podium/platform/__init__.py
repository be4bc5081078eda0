"""Cross-cutting Django parts every context uses: access control, audit, API base, htmx, time zones."""
