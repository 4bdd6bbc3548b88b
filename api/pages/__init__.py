"""The web pages: server-rendered GOV.UK Design System pages for each role's day's work.

One router module per journey (``signin``, ``keywork``, ``team``, ``data``, ``other``), one
Jinja environment (``render``). Pages call the same services as the API, with the same
principal and the same need-to-know policy.
"""
