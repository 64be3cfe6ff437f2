"""The machine a run is on: CPU features and threads, and the native-library probe."""
