"""Exceptions shared by the domain apps that the pages and the API turn into answers."""


class TooManyAttempts(Exception):
    """An attempt limit is reached (guessing a code, for instance): pages show the message, the API
    answers 429. ``str(exc)`` is the translated message for the user."""
