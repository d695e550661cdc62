"""econwatch: a district government's platform to know and steer its economy."""

__version__ = "0.1.0"
