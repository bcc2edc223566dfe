"""The package editor behind the annotated copy: a workbook's parts copied byte for byte, the few
that annotation needs edited."""
