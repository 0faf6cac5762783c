"""Establishments, craft villages, artisans and extension collaborators."""
