"""The fixed choices of an application and a cycle's questions (not workflow states)."""

from django.db import models


class Purpose(models.TextChoices):
    PROFESSIONAL_DEVELOPMENT = "professional_development", "Professional development"
    COMMUNITY_SERVICE = "community_service", "Community service"
    OTHER = "other", "Other"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes or no"
    CHOICE = "choice", "Single choice"
