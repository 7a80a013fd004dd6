"""Rendering stages: a role to HTML once, then that HTML to PDF and to DOCX."""
