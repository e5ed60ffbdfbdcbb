"""One function per command; each gives back a CommandResult for the command line to print."""
