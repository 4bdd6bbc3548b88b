"""Finding a household and its open episode, the dates a change may be dated, and what a
manager or keyworker reads about it (``show``, ``listing``)."""
