"""The decisions and commitments register: records extracted at ingest, linked and queried."""

from assistant.register.extract import extract_records
from assistant.register.query import (
    FIELDS,
    csv_row,
    full_text,
    query_register,
    record_is_open,
    to_json,
)

__all__ = [
    "FIELDS",
    "csv_row",
    "extract_records",
    "full_text",
    "query_register",
    "record_is_open",
    "to_json",
]
