"""The training loop and what it runs on: losses, checkpoints, logs, MFU and optional speed-ups."""
