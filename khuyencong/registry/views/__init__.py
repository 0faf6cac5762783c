"""Pages of the registry, one module per subject. Thin: parse, call a selector or a service,
render."""
