"""The one base of every refusal a service raises: its message is shown to the user as is (Indonesian)."""


class DomainError(Exception):
    """A refused action; views turn it into a message, never into a 500."""
