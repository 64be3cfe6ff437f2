"""What a model is fed: SFT examples from tasks, task mixing, pretraining token files, a trained BPE."""
