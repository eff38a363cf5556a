"""Arabic text tools, pure Python, all on code-point offsets into the text
exactly as imported: ``offsets`` (code points <-> UTF-16/Qt view),
``tokens`` (tokens and sentences), ``clitics`` (proclitic segmentation),
``snap`` (selection boundaries), ``search`` (diacritic-insensitive find),
``numbers`` (numbers with values), ``charsets`` (the shared character
classes)."""
