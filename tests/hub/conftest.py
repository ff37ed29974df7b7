from tests.hubs import hub, hub_home, shared_hub

__all__ = ["hub", "hub_home", "shared_hub"]
