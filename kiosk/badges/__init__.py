"""Badges: layouts as data files, and a fast ReportLab renderer with vector QR codes.

model.py (what a badge shows), layouts.py (TOML layouts), render.py (the PDF), with fonts.py
(glyph coverage), fit.py (text that never overflows) and qr.py (the QR symbol) behind it.
"""
