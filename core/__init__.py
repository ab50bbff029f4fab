"""The shared core: languages, acts and their lexicons, the call record, errors, YAML loading, model interfaces.

It imports nothing else of the project; every other package may import it.
"""
