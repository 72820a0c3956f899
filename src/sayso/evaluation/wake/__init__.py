"""Wake-word evaluation: false accepts per hour on non-wake audio, recall on rendered phrases."""
