"""`annotator train` and `annotator suggest` from the command line."""

from tests.conftest import DATA

CORPUS = DATA / "suggest_corpus.jsonl"


def test_train_then_suggest(tmp_path, cli, seed_text):
    db = tmp_path / "p.db"
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    assert cli("init", db).code == 0
    assert cli("import", db, CORPUS, seed).code == 0

    r = cli("suggest", db, "--source", "model")
    assert r.code == 2 and "no trained entity model" in r.err and "annotator train" in r.err

    r = cli("train", db)
    assert r.code == 0, r.err
    assert "held-out F1" in r.out and "majority baseline F1" in r.out
    print(r.out)
    assert (tmp_path / "p.db.models" / "entity.crfsuite").exists()

    r = cli("suggest", db, "--doc", "seed")
    assert r.code == 0, r.err
    assert "from cue" in r.out and "from gazetteer" in r.out and "from model" in r.out

    from annotator.store import Project

    with Project.open(db) as project:
        spans = project.spans("seed", statuses=("suggested",))
        assert {s.source for s in spans} == {"cue", "gazetteer", "model"}
        claim = next(
            s for s in spans if s.layer == "claim" and seed_text[s.start : s.end].startswith("القوات الأمريكية")
        )
        assert claim.attrs == {"certainty": "reported", "claimant": "مسؤول عسكري أمريكي"}
        (rel,) = [r for r in project.relations("seed") if r.head == claim.id]
        official = project.get_span("seed", rel.tail)
        assert (rel.label, seed_text[official.start : official.end]) == ("SOURCE", "مسؤول عسكري أمريكي")


def test_bad_input_exits_2_and_changes_nothing(tmp_path, cli):
    db = tmp_path / "p.db"
    cli("init", db)
    r = cli("train", db)
    assert r.code == 2 and r.err.startswith("error: ") and "no document has accepted entity spans" in r.err
    r = cli("suggest", db, "--doc", "nope")
    assert r.code == 2 and "nope" in r.err
    r = cli("suggest", db, "--source", "oracle")
    assert r.code == 2
    assert not (tmp_path / "p.db.models").exists()
