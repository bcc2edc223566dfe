"""Reading the workbook and typing its cells: calamine and openpyxl, OLE sniffing, sheet extents,
the sheet declarations, and init's blank workbook."""
