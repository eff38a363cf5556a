"""Link a claim to the entity who made it: click the claim, press R, click
the entity. The SOURCE relation is stored and listed in the side panel."""

from tests.conftest import TRICKY
from tests.gui.conftest import click_cp, drag_select, press


def test_pick_claim_press_r_click_entity_stores_a_source_relation(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    minister = TRICKY.index("وزيرُ")
    drag_select(qtbot, window, minister, minister + len("وزيرُ الخارجيّةِ"))
    press(qtbot, window, "1")  # PERSON
    said = TRICKY.index("إنَّ")
    claim_end = TRICKY.index("2016") + 4
    drag_select(qtbot, window, said, claim_end)
    press(qtbot, window, "7")  # CLAIM
    spans = {s.label: s for s in docs_project.spans("tricky")}
    assert TRICKY[spans["CLAIM"].start : spans["CLAIM"].end].startswith("إنَّ")

    click_cp(qtbot, window, said + 1)  # the claim
    assert window.view.selected_id == spans["CLAIM"].id
    press(qtbot, window, "r")
    click_cp(qtbot, window, minister + 2)  # the person

    [rel] = docs_project.relations("tricky")
    assert (rel.head, rel.tail, rel.label, rel.annotator) == (spans["CLAIM"].id, spans["PERSON"].id, "SOURCE", "amira")
    window.select_span(spans["CLAIM"].id)
    assert [window.side.relation_list.item(i).text() for i in range(window.side.relation_list.count())] == [
        "SOURCE → \u2068«وزيرُ الخارجيّةِ»\u2069 (PERSON)"
    ]
