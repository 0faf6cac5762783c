"""Every write to the registry: establishments (with merging), craft villages, artisans and
extension collaborators. Split by subject; import from here."""

from khuyencong.registry.services.collaborators import (
    COLLABORATOR_FIELDS,
    collaborator_create,
    collaborator_update,
)
from khuyencong.registry.services.common import (
    may_change,
    may_write_at,
    may_write_model,
)
from khuyencong.registry.services.establishments import (
    ESTABLISHMENT_FIELDS,
    ProbableDuplicateError,
    establishment_create,
    establishment_update,
    probable_duplicates,
)
from khuyencong.registry.services.merge import (
    MergePlan,
    establishment_merge,
    may_merge,
    merge_plan,
)
from khuyencong.registry.services.places import (
    ARTISAN_FIELDS,
    CRAFT_VILLAGE_FIELDS,
    artisan_create,
    artisan_update,
    craft_village_create,
    craft_village_update,
)

__all__ = [
    "ARTISAN_FIELDS",
    "COLLABORATOR_FIELDS",
    "CRAFT_VILLAGE_FIELDS",
    "ESTABLISHMENT_FIELDS",
    "MergePlan",
    "ProbableDuplicateError",
    "artisan_create",
    "artisan_update",
    "collaborator_create",
    "collaborator_update",
    "craft_village_create",
    "craft_village_update",
    "establishment_create",
    "establishment_merge",
    "establishment_update",
    "may_change",
    "may_merge",
    "may_write_at",
    "may_write_model",
    "merge_plan",
    "probable_duplicates",
]
