"""The content stages: discover files, parse them, build the catalog."""
