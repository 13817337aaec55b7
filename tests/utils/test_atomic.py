import os
import stat

import pytest

from keras_gan_kit.utils import atomic_path


def test_temporary_keeps_the_whole_suffix_and_result_is_not_private(
    tmp_path,
):
    target = tmp_path / "sub" / "model.weights.h5"
    with atomic_path(target) as temporary:
        assert temporary.endswith(".weights.h5")
        with open(temporary, "w") as file:
            file.write("ok")
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    assert mode == 0o666 & ~umask
    assert target.read_text() == "ok"


def test_a_failure_leaves_no_file_and_the_old_one_intact(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            with open(temporary, "w") as file:
                file.write("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["notes.txt"]
