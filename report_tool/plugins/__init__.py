"""Plugins: the hook specifications, the registry built once at the entry point, and loading."""
