#pragma once
// Included by the front door's files that define coroutines: GCC 12 reports Asio's coroutine frame
// allocation (aligned_alloc, freed by the matching aligned delete) as mismatched once it inlines a
// large frame's ramp into its caller, a false positive. The warning stays on
// everywhere else.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
