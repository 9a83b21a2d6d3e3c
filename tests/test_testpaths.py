"""`make test` runs pytest's testpaths: an app whose tests are not listed there is never tested."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_with_tests_is_in_testpaths():
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    listed = set(config["pytest"]["testpaths"].split())
    apps = {path.parent.name for path in ROOT.glob("*/tests") if (path.parent / "apps.py").exists()}
    assert apps - listed == set()
