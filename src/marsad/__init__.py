"""marsad (مرصد): Arabic conflict reports → structured, geolocated, source-attributed events."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__
