"""The persona engine: one call, the hidden state, the planner, the words (directed or free) and the guard."""
