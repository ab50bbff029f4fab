"""Pipeline stages: the engine processor (the only one that knows the engine), the phone line, turn end."""
