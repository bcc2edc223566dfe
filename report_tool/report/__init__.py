"""Reports: generate, the renderer-neutral sections, and the renderers (Word, Excel, PDF)."""
