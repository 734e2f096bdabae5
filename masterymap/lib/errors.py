class ActionError(Exception):
    """A domain rule said no. The message is written for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
