from pipeline.cli import console

# Guarded: worker processes started with "spawn" (Windows, macOS) import this module again.
if __name__ == "__main__":
    console("python -m pipeline")
