#pragma once
// Concatenates two decoded arrays of the same type: how a delta DictionaryBatch extends a dictionary.

#include "encode/arrow_ipc_model.hpp"

namespace duckwire::encode::ipc {

// `field` describes the values of both arrays (its own dictionary encoding, if any, is ignored).
// Throws IpcReadError when the result would exceed the limits or its offsets would overflow.
ArrayPtr concatenate(const Field& field, const Array& first, const Array& second, const ReadLimits& limits,
                     ByteBudget& budget);

}  // namespace duckwire::encode::ipc
