"""The main tree: plain nodes, the lazy loader, the item model and the view."""
