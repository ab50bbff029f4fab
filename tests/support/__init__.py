"""Helpers the tests share (no tests here): a fake OpenAI-compatible server, call builders."""
