"""Runs the Ralph LRS (PyPI ralph-malph) with its file-system backend for the xAPI end-to-end test.

    python tests/tools/ralph-lrs.py HOST PORT DATA_DIR

This is Ralph's own FastAPI app (`ralph.api:app`) served by uvicorn in this process, configured
through Ralph's environment variables, with two differences from `ralph runserver`, which is
meant for development:

- no uvicorn reloader (runserver watches the current folder and restarts on any file change);
- Ralph 5.1.0's file-system LRS backend writes with its default operation "create", which
  refuses every write after the first once its statements file exists. Statements are sent one
  at a time, so the backend is set to "append", which the backend itself supports.

- Ralph 5.1.0's API turns the `activity` and `verb` query parameters into IRI models, which its
  file-system backend compares with plain strings, so those filters never match anything. They
  are handed to the backend as the strings they are (the database backends build their queries
  from the values and are not affected).

Credentials come from RALPH_AUTH_FILE (written by `ralph auth`), as with runserver.
"""

import os
import sys


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: ralph-lrs.py HOST PORT DATA_DIR")
    host, port, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(data, exist_ok=True)
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND

    query_statements = FSLRSBackend.query_statements

    def query_with_plain_iris(self, params, target=None):
        for field in ("activity", "verb"):
            value = getattr(params, field, None)
            if value is not None and hasattr(value, "root"):
                setattr(params, field, str(value.root))
        return query_statements(self, params, target)

    FSLRSBackend.query_statements = query_with_plain_iris
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()
