from jobdocs.cli import main

main()
