"""How generated texts are written: frames and their picks, registers, typos, frame splits."""
