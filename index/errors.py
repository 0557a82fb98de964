"""The project's small exception tree. Messages are written for people: the CLIs print them as-is."""


class IvigError(Exception):
    """Base of every error this project raises on purpose."""


class CorpusError(IvigError):
    """The corpus folder is missing, unreadable or holds no usable document."""


class IndexMissingError(IvigError):
    """No built index at the given location."""


class IndexMismatchError(IvigError):
    """The index was built with another model, dimension or format version."""


class IndexCorruptError(IvigError):
    """The index folder is incomplete or its files disagree with the manifest."""


class StoreUriError(IvigError):
    """The --store / IVIG_STORE value names no store this code knows."""


class StoreUnavailableError(IvigError):
    """The store could not be reached or refused an operation (a Milvus server down, a bad token)."""


class IndexFolderError(IvigError):
    """The index folder cannot be made or written (a file in its place, a read-only disk)."""


class BuildLockedError(IvigError):
    """Another build holds the index lock."""


class BuildUsageError(IvigError):
    """A build asked for what cannot work (chunks longer than the model reads, an index folder inside
    the corpus); a usage error."""


class DocumentError(IvigError):
    """One file or record could not be read as a document; the build skips it with this reason."""


class ModelLoadError(IvigError):
    """The configured embedding model could not be loaded."""


class InvalidQuestion(IvigError):
    """A question or its history is not usable text: empty, too long, the wrong type."""
