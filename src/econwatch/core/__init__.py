"""Framework-free domain core: code lists, rules, statistics. Never imports Django."""
