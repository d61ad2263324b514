package safetensors

// ErrorKind classifies what is wrong with a file, so callers can tell a
// truncated download from a corrupt or hostile file.
type ErrorKind int

const (
	// KindTruncated: the file ends before its header or data does.
	KindTruncated ErrorKind = iota + 1
	// KindTooLarge: the header or file exceeds its size cap.
	KindTooLarge
	// KindHeader: the header is not the JSON object the format requires.
	KindHeader
	// KindDType: an unknown dtype, or not the dtype the caller asked for.
	KindDType
	// KindShape: a shape that is negative, overflows, or disagrees with the
	// tensor's byte length.
	KindShape
	// KindOffsets: data_offsets out of range, overlapping, or leaving bytes
	// of the data buffer uncovered.
	KindOffsets
)

func (k ErrorKind) String() string {
	switch k {
	case KindTruncated:
		return "truncated"
	case KindTooLarge:
		return "too large"
	case KindHeader:
		return "bad header"
	case KindDType:
		return "bad dtype"
	case KindShape:
		return "bad shape"
	case KindOffsets:
		return "bad offsets"
	}
	return "unknown"
}

// Error is the error type of every validation failure in this package.
type Error struct {
	Kind   ErrorKind
	Tensor string // the tensor concerned, if any
	Msg    string
}

func (e *Error) Error() string {
	if e.Tensor != "" {
		return "safetensors: " + e.Kind.String() + ": tensor " + quote(e.Tensor) + ": " + e.Msg
	}
	return "safetensors: " + e.Kind.String() + ": " + e.Msg
}

// Is lets errors.Is match on kind: errors.Is(err, &Error{Kind: KindShape}).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return "\"" + s + "\""
}
