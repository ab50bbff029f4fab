"""Voice calls: the pipecat pipeline around the engine (speech in, the persona's voice out)."""
