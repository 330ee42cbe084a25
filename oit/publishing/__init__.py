"""Sending a built site to its host and freezing what was submitted."""
