"""REST API of programmes and annual plans. Reads go through the selectors (the caller's scope:
another province's plan is a 404), writes through the services: create, update naming the
`version` it was based on (409 when someone saved since), the life-cycle actions
(`POST …/{id}/transition/`), proposing a project (`POST …/{id}/items/`) and allocating a tranche
(`POST …/{id}/allocations/`). A service's refusal is a 400 with its messages, a right the caller
lacks a 403.

One job per module; import from here:

- `common`: refusals as API errors, the documented error responses, the national / local field;
- `programmes`: the programmes and their targets;
- `serializers`: what the plan endpoints return (a plan, its projects, versions, progress…);
- `inputs`: what the plan endpoints accept;
- `plans`: the plans' endpoints.
"""

from khuyencong.plans.api.plans import PlanViewSet
from khuyencong.plans.api.programmes import ProgrammeViewSet

__all__ = ["PlanViewSet", "ProgrammeViewSet"]
