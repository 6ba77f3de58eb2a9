"""The accounts demo: the sample file noivu.backan imports (three officers of phường Sông Cầu)."""

from .demo_people import write_sample


def load(stdout=None):
    path = write_sample()
    if stdout is not None:
        stdout.write(f"Sample people import for noivu.backan: {path}")
