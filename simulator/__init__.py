"""Role-play engine: personas with hidden state, directed and free replies, model backends."""
