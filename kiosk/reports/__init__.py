"""The organiser's figures on paper: the end-of-day report and the paper fallback list (PDF,
ReportLab with the badges' font), from plain data the services gather (kiosk.reports.model)."""
