"""An operating-system lock that keeps one process at a time in a folder."""

import contextlib
import os

LOCK_FILE = ".lock"

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(file):
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(file):
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(file):
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(file):
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _same_file(file, path):
    try:
        return os.path.samestat(os.fstat(file.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


class FolderLock:
    """Holds an exclusive lock on `folder/.lock` while a run writes there.

    The lock belongs to the open file, so the operating system releases it
    when the process ends, however it ends: a lock file left by a killed
    process never blocks the next one. A second process (or a second lock
    in this one) is refused at once with a `ValueError` naming the holder.

    Args:
        folder: The folder to lock; created if missing.
        purpose: What the folder holds, for the message. Defaults to
            `"run folder"`.

    Examples:

    ```python
    from keras_gan_kit.utils import FolderLock

    with FolderLock("runs/demo"):
        try:
            FolderLock("runs/demo").acquire()
        except ValueError as error:
            print("is in use" in str(error))
    # True
    ```
    """

    def __init__(self, folder, purpose="run folder"):
        self.folder = os.fspath(folder)
        self.purpose = purpose
        self.path = os.path.join(self.folder, LOCK_FILE)
        self._file = None

    @property
    def locked(self):
        """Whether this object holds the lock."""
        return self._file is not None

    def acquire(self):
        """Takes the lock; raises `ValueError` when another holder has it."""
        if self._file is not None:
            return self
        os.makedirs(self.folder, exist_ok=True)
        while True:
            file = open(self.path, "a+")  # noqa: SIM115 - held until release
            try:
                _try_lock(file)
            except OSError:
                file.seek(0)
                holder = file.read().strip() or "unknown"
                file.close()
                raise ValueError(
                    f"{self.folder!r} is in use by another process (pid "
                    f"{holder}); one process at a time writes a "
                    f"{self.purpose}. Wait for it to finish or stop it, or "
                    "pass --out with another folder."
                ) from None
            # A holder may have removed the file between our open and our
            # lock: then the lock is on a file nobody else will see.
            if _same_file(file, self.path):
                break
            file.close()
        file.seek(0)
        file.truncate()
        file.write(f"{os.getpid()}\n")
        file.flush()
        self._file = file
        return self

    def release(self, remove=False):
        """Lets the lock go.

        Args:
            remove: Also delete the lock file (safe: it is removed while
                still locked, and `acquire` retries on a removed file).
                Defaults to `False`.
        """
        if self._file is None:
            return
        try:
            if remove and os.name != "nt":
                os.remove(self.path)
            _unlock(self._file)
        finally:
            self._file.close()
            self._file = None
        if remove and os.name == "nt":  # pragma: no cover
            # Windows removes no open file: remove it after, if still free.
            with contextlib.suppress(OSError):
                os.remove(self.path)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
