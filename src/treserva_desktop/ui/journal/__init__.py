"""The journal windows: Documenta, the journal window with its notes, the note window and the
local drafts that keep what is being typed safe."""
