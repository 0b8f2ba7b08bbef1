"""outside_folder(): tests of files kept outside the repository run only when the files are given."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import outside_folder

VAR = "CALFKIT_TEST_OUTSIDE"


def test_the_variable_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, str(tmp_path))
    assert outside_folder(VAR, default=tmp_path / "elsewhere") == tmp_path


def test_unset_uses_an_existing_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VAR, raising=False)
    assert outside_folder(VAR, default=tmp_path) == tmp_path


@pytest.mark.parametrize("ci", ["true", ""])
def test_fresh_clone_skips_even_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.delenv(VAR, raising=False)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match=f"{VAR} is not set.*set {VAR} to their folder"):
        outside_folder(VAR, default=tmp_path / "no-such-folder")


def test_empty_variable_turns_the_tests_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "")
    with pytest.raises(pytest.skip.Exception, match="set empty"):
        outside_folder(VAR, default=tmp_path)


def test_a_mistyped_folder_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, str(tmp_path / "typo"))
    with pytest.raises(pytest.fail.Exception, match=f"{VAR}=.*typo.* is not a folder"):
        outside_folder(VAR)
