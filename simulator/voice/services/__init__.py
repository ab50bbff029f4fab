"""Speech services, one module per provider: faster-whisper, an OpenAI-compatible STT, edge-tts, piper and espeak-ng."""
