"""The result helpers every connection class has (riffq's BaseConnection and duckwire's)."""
from ._duckwire import arrow_batch as _arrow_batch


class ResultHelpers:
    def send_reader(self, reader, callback):
        """Passes a reader's Arrow C stream capsule (its __arrow_c_stream__()) to callback."""
        if not hasattr(reader, "__arrow_c_stream__"):
            raise TypeError("send_reader needs an object with __arrow_c_stream__ (an Arrow PyCapsule stream)")
        callback(reader.__arrow_c_stream__())

    def arrow_batch(self, values, names):
        """A reader of one batch made of `values` (one sequence per column) named `names`."""
        return _arrow_batch(values, names)
