"""Accord's version, the one place it is written: pyproject.toml reads it when the package is
built, and everything else imports it from here (no metadata lookup at run time)."""

__version__ = "0.1.0"
