// Package safetensors reads and writes weights files in the safetensors
// layout, so that files written by Bedside's engine can be read by Python's
// safetensors library (and, for the dtypes listed below, the other way round).
//
// # Format
//
// A file is three parts, with no padding between them:
//
//	8 bytes   N, the header length, unsigned little-endian 64-bit
//	N bytes   the header: a UTF-8 JSON object (may end in spaces)
//	rest      the data buffer: every tensor's raw little-endian bytes
//
// Each header key except "__metadata__" names a tensor:
//
//	"dense0.weight": {"dtype": "F32", "shape": [64, 30], "data_offsets": [0, 7680]}
//
// data_offsets are [begin, end) byte offsets into the data buffer (not into
// the file). Tensors are row-major (C order). The optional "__metadata__"
// entry is a JSON object of string to string, used by the engine to record
// architecture and training provenance.
//
// # Validation
//
// Decode never panics and never trusts the file: the header must fit under
// MaxHeaderSize and inside the file; it must be a JSON object whose entries
// have exactly the fields above; every dtype must be known; every dimension
// non-negative; every tensor's byte length must equal the product of its
// shape times the dtype's size; and the tensors' byte ranges must be in
// range, must not overlap, and together must cover the data buffer exactly
// (no hidden bytes). Failures are returned as *Error with a Kind, naming the
// tensor where there is one.
//
// Encode writes tensors sorted by name, contiguously, with the header padded
// with spaces to a multiple of 8 bytes so that the data buffer is aligned,
// as the reference implementation does. Encoding the same File twice gives
// the same bytes.
package safetensors
