"""The database column of the locked protocol: JSON in the table, a checked
``LockedProtocol`` on the model. Parsing happens here, where the protocol is read
from the database, so no caller ever sees the raw dictionary."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KeyTransform

from skingarden.programmes.protocol import LockedProtocol, ProtocolError

if TYPE_CHECKING:
    # Typed for readers of Programme.protocol; Django's field is not generic at
    # run time.
    _JSONField = models.JSONField[LockedProtocol, LockedProtocol]
else:
    _JSONField = models.JSONField


class ProtocolField(_JSONField):
    description = "A locked protocol (JSON), read as a LockedProtocol"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        value = super().from_db_value(value, expression, connection)
        if value is None or isinstance(expression, KeyTransform):
            return value
        return LockedProtocol.from_json(value)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, LockedProtocol):
            return value
        try:
            return LockedProtocol.from_json(value)
        except ProtocolError as error:
            raise ValidationError(
                [f"{path} {message}" for path, message in error.problems.items()]
            ) from None

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, LockedProtocol):
            value = value.to_json()
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        if isinstance(value, LockedProtocol):
            value = value.to_json()
        super().validate(value, model_instance)

    def value_to_string(self, obj: Any) -> Any:
        value = self.value_from_object(obj)
        return value.to_json() if isinstance(value, LockedProtocol) else value
