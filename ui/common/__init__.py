"""Qt infrastructure shared by the desk and the kiosk windows."""
