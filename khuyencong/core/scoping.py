"""How a model tells `restrict` where its province, commune and establishment are.

Every domain model declares `scope_paths`. Reference data that every signed-in user may read
(and only administrators change) declares `ScopePaths.global_data()`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopePaths:
    province: str | None = None
    commune: str | None = None
    establishment: str | None = None
    is_global: bool = False

    @classmethod
    def global_data(cls) -> ScopePaths:
        return cls(is_global=True)
