"""Error types raised by :mod:`emergence_utils`."""

from __future__ import annotations


class EmergenceError(Exception):
    """Base class of every error this package raises on purpose."""


class EmergenceInputError(EmergenceError, ValueError):
    """A function was called with a parameter it cannot use (the message names the parameter)."""


class EmergenceDataError(EmergenceError, ValueError):
    """A data file is missing or malformed.

    The message names the dataset and, where they apply, the file, the row (1-based data row,
    header excluded) and the column.
    """

    def __init__(
        self,
        message: str,
        *,
        dataset: str | None = None,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.dataset, self.file, self.row, self.column = dataset, file, row, column
        where = []
        if dataset is not None:
            where.append(f"dataset {dataset!r}")
        if file is not None:
            where.append(f"file {file}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)
