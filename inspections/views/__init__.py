"""Pages of the inspections app, one module per part of the work."""
