"""Sign-in: accounts, sessions and API tokens (``service``), and the principal each gives."""
