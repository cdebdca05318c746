"""Action handlers, one module per area: ask (dialog) -> run (service) -> done."""
