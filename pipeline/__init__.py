"""leaflet: a multilingual content pipeline for patient health leaflets."""

__version__ = "0.1.0"
