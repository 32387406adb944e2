"""
The composition root: the CLI, the runner, the web server, the wiring that builds every client
from Settings, and the parts assembled with the collaborators each one uses.
"""
