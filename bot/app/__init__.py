"""The process: settings, the one composition root that builds every client, the web server, the runner and the CLI."""
