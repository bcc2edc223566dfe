from report_tool.cli import main

main()
