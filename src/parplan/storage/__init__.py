"""Files on disk: reading input, the file lock, atomic replacement, output files (``files``) and
which plan or form files a command works on (``discover``)."""
