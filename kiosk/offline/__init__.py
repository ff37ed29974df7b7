"""Working without the hub: the desk's replica of the event (issue 14)."""
