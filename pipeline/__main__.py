from pipeline.cli import main

# Guarded: worker processes started with "spawn" (Windows, macOS) import this module again.
if __name__ == "__main__":
    raise SystemExit(main())
