"""The `slate` command line: thin subcommands over the core."""
