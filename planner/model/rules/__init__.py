"""One module per family of hard rules; each adds its constraints to a built model."""
