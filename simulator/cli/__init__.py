"""Command line: ``python -m simulator {list,validate,chat,play,selfplay,calibrate,bench,models}``."""
