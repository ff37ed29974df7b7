"""The staff desk window: its controller, widgets and dialogs."""
