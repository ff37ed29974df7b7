from tests.hubs import hub, hub_home

__all__ = ["hub", "hub_home"]
