"""The one exception every action raises when its rules refuse a change."""


class Refused(Exception):
    """An action refused to change the record; `message` says why, in words for the person who asked.

    Nothing was written: actions check their rules before they change anything, inside one
    transaction. Views show the message; commands print it and exit with an error.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message
