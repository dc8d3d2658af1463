"""Pure-Python twins of the compiled models: readable, slow, and the oracle the compiled ones are tested against."""
