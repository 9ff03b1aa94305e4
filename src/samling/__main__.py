from samling.cli import main

main()
