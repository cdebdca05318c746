"""Right-hand panes shown for the node selected in the tree."""
