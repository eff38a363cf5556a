"""Opening a project for editing first copies it to .backups beside it;
only the newest three copies are kept."""

from annotator.store import Project
from annotator.ui.app import open_window


def test_each_session_makes_a_backup_and_three_are_kept(qtbot, docs_project):
    path = docs_project.path
    docs_project.close()
    for _ in range(5):
        window = open_window(str(path), "amira", doc_id="tricky")
        qtbot.addWidget(window)
        assert window.backup_job.wait(60) is not None, window.backup_job.error  # made in the background
        window.close()
        window.project.close()

    backups = sorted((path.parent / ".backups").iterdir())
    assert len(backups) == 3
    with Project.open(backups[-1], readonly=True) as copy:
        assert copy.document_ids() == ["tricky", "seed"]
