"""How audio reaches a call: WebRTC (browsers) and a loopback without a network (benchmark and tests)."""
