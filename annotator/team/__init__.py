"""Team work: handing documents out in work packs (:mod:`.assign`),
bringing them back (:mod:`.collect`), guidelines (:mod:`.guidelines`) and
per-annotator progress and time (:mod:`.progress`)."""
