"""Files that appear whole or not at all."""

import contextlib
import os
import shutil
import tempfile

# The name every temporary file of `atomic_path` starts with.
TEMPORARY_PREFIX = ".tmp-"


def fsync_file(path):
    """Flushes a written file's bytes to the disk, so a rename that
    follows never exposes a file the disk does not hold whole."""
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path beside `path`; renames it over `path` on
    success and removes it on failure.

    A reader never sees a half-written file, and a process killed while
    writing leaves the previous file intact (the rename is atomic on POSIX
    and Windows file systems). Parent folders are created.

    Args:
        path: The destination. The temporary file keeps its extension
            (all of it: `.weights.h5`), so writers that pick a format from
            it (`.keras`, `.png`) work.

    Examples:

    ```python
    from keras_gan_kit.utils import atomic_path

    with atomic_path("notes.txt") as temporary:
        with open(temporary, "w") as f:
            f.write("complete")
    print(open("notes.txt").read())
    # complete
    ```
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    # The whole suffix, so ".weights.h5" survives for Keras's writers.
    name = os.path.basename(path).lstrip(".")
    suffix = name[name.index(".") :] if "." in name else ".tmp"
    handle, temporary = tempfile.mkstemp(
        dir=directory, prefix=TEMPORARY_PREFIX, suffix=suffix
    )
    os.close(handle)
    # mkstemp makes the file private (0600); give it the permissions any
    # new file gets, as if written in place.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        yield temporary
        fsync_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def remove_partial_writes(folder):
    """Deletes what interrupted atomic writes left under `folder` (its
    sub-folders included): the temporary files of `atomic_path` and the
    temporary folders of `callbacks.AtomicBackupAndRestore`, all named
    `.tmp-*`.

    Only call it while no other process writes there (hold a
    `FolderLock`): a running writer's temporary file looks the same.

    Args:
        folder: The folder to clean.

    Returns:
        The paths removed, sorted.

    Examples:

    ```python
    import os
    from keras_gan_kit.utils import remove_partial_writes

    os.makedirs("run", exist_ok=True)
    open("run/.tmp-abc123.keras", "w").close()
    print([os.path.basename(p) for p in remove_partial_writes("run")])
    # ['.tmp-abc123.keras']
    ```
    """
    removed = []
    for directory, folders, names in os.walk(os.fspath(folder)):
        for name in list(folders):
            if name.startswith(TEMPORARY_PREFIX):
                path = os.path.join(directory, name)
                shutil.rmtree(path, ignore_errors=True)
                folders.remove(name)
                removed.append(path)
        for name in names:
            if name.startswith(TEMPORARY_PREFIX):
                path = os.path.join(directory, name)
                try:
                    os.remove(path)
                except FileNotFoundError:
                    continue
                removed.append(path)
    return sorted(removed)
