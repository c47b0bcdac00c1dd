"""`accord serve`: Accord as a local web application (the optional `web` extra).

Sits above analysis, report and curate, and below the CLI, which only starts it.
"""
