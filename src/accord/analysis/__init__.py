"""Decision analysis over many assessments: batch runs, robustness to unknowns.

Sits above report and curate (it may render and score) and below the web app and the CLI.
"""
