from skema_lsp.storage import private_name


def test_private_name_is_random_and_drops_the_persons_file_name():
    first = private_name("evidence/7", "KTP Siti Rahmawati.JPG")
    second = private_name("evidence/7", "KTP Siti Rahmawati.JPG")
    assert first.startswith("private/evidence/7/") and first.endswith(".jpg")
    assert "Siti" not in first and first != second
    assert private_name("x", "tanpa-ekstensi").endswith(".bin")
