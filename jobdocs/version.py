"""The version alone, so that the CLI and the manifest can name it without importing anything else."""
__version__ = "0.1.0"
