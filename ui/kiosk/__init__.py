"""The self-service kiosk: visitors check themselves in or sign up, privately."""
