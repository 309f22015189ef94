"""Developer tools that generate project files."""
