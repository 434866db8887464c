"""Modal and help windows: settings, remix, welcome, rule help."""
