"""The bundled demo home description."""
