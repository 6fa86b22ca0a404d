# Persona fixtures shared by every app's tests.
pytest_plugins = ["tests.personas"]
