"""The one exception a use case raises when it may not happen now."""


class TransitionRefused(Exception):
    """A transition or action that may not happen now, with the reasons in the person's words."""

    def __init__(self, reasons, *, missing=()):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        # What still has to be filled in, by name, when incompleteness is the reason.
        self.missing = list(missing)
        super().__init__(" ".join(self.reasons))

    @property
    def message(self) -> str:
        return " ".join(self.reasons)
