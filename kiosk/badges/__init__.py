"""Badges: layouts as data files, and a fast ReportLab renderer with vector QR codes."""
