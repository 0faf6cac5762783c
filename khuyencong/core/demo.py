"""The demo data set: each module contributes through its own services, in dependency order."""

from __future__ import annotations

from django.utils import translation


def load_demo() -> list:
    """Create the demo data into an empty database; return (user, password) pairs."""
    from khuyencong.accounts.demo import load_demo_accounts
    from khuyencong.contests.demo import load_demo_contests
    from khuyencong.monitoring.demo import load_demo_monitoring
    from khuyencong.plans.demo import load_demo_plans
    from khuyencong.projects.demo import load_demo_projects
    from khuyencong.registry.demo import load_demo_registry

    with translation.override("vi"):
        created = load_demo_accounts()
        load_demo_registry()
        load_demo_projects()
        load_demo_plans()
        load_demo_monitoring()
        load_demo_contests()
        return created
