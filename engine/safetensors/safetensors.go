package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/bedside-health/bedside/engine/jsonval"
)

// MaxHeaderSize caps the JSON header, like the reference implementation
// (100 MB there; ours is smaller because Bedside's headers are a few KB and
// the cap is what stops a hostile length from allocating gigabytes).
const MaxHeaderSize = 16 << 20

// DType names an element type as the safetensors header spells it.
type DType string

// The element types this package understands. F32, F64 and I32 have typed
// accessors; the others can be carried through Decode and Encode as bytes.
const (
	F64  DType = "F64"
	F32  DType = "F32"
	F16  DType = "F16"
	BF16 DType = "BF16"
	I64  DType = "I64"
	I32  DType = "I32"
	I16  DType = "I16"
	I8   DType = "I8"
	U8   DType = "U8"
	BOOL DType = "BOOL"
)

// Size is the element size in bytes, or 0 for an unknown dtype.
func (d DType) Size() int {
	switch d {
	case F64, I64:
		return 8
	case F32, I32:
		return 4
	case F16, BF16, I16:
		return 2
	case I8, U8, BOOL:
		return 1
	}
	return 0
}

// Tensor is one named array. Data holds its raw little-endian bytes; for a
// decoded file it aliases the input.
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
}

// File is a decoded weights file.
type File struct {
	Metadata map[string]string
	// Tensors in the order of their data offsets.
	Tensors []Tensor
}

// Tensor returns the tensor with the given name.
func (f *File) Tensor(name string) (*Tensor, bool) {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i], true
		}
	}
	return nil, false
}

// Len is the number of elements: the product of the shape (1 for a scalar).
func (t *Tensor) Len() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Float32 decodes an F32 tensor into a new slice.
func (t *Tensor) Float32() ([]float32, error) {
	if t.DType != F32 {
		return nil, &Error{Kind: KindDType, Tensor: t.Name, Msg: fmt.Sprintf("is %s, want F32", t.DType)}
	}
	out := make([]float32, len(t.Data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return out, nil
}

// Float64 decodes an F64 or F32 tensor into a new float64 slice; F32 values
// widen exactly.
func (t *Tensor) Float64() ([]float64, error) {
	switch t.DType {
	case F64:
		out := make([]float64, len(t.Data)/8)
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(t.Data[8*i:]))
		}
		return out, nil
	case F32:
		f, _ := t.Float32()
		out := make([]float64, len(f))
		for i, v := range f {
			out[i] = float64(v)
		}
		return out, nil
	}
	return nil, &Error{Kind: KindDType, Tensor: t.Name, Msg: fmt.Sprintf("is %s, want F32 or F64", t.DType)}
}

// Int32 decodes an I32 tensor into a new slice.
func (t *Tensor) Int32() ([]int32, error) {
	if t.DType != I32 {
		return nil, &Error{Kind: KindDType, Tensor: t.Name, Msg: fmt.Sprintf("is %s, want I32", t.DType)}
	}
	out := make([]int32, len(t.Data)/4)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return out, nil
}

// NewF32 makes an F32 tensor. It panics if shape and data disagree, which
// is a programming error.
func NewF32(name string, shape []int, data []float32) Tensor {
	t := Tensor{Name: name, DType: F32, Shape: slices.Clone(shape), Data: make([]byte, 4*len(data))}
	mustLen(&t, len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(t.Data[4*i:], math.Float32bits(v))
	}
	return t
}

// NewF64 makes an F64 tensor. It panics if shape and data disagree.
func NewF64(name string, shape []int, data []float64) Tensor {
	t := Tensor{Name: name, DType: F64, Shape: slices.Clone(shape), Data: make([]byte, 8*len(data))}
	mustLen(&t, len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(t.Data[8*i:], math.Float64bits(v))
	}
	return t
}

// NewI32 makes an I32 tensor. It panics if shape and data disagree.
func NewI32(name string, shape []int, data []int32) Tensor {
	t := Tensor{Name: name, DType: I32, Shape: slices.Clone(shape), Data: make([]byte, 4*len(data))}
	mustLen(&t, len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(t.Data[4*i:], uint32(v))
	}
	return t
}

func mustLen(t *Tensor, n int) {
	if t.Len() != n {
		panic(fmt.Sprintf("safetensors: tensor %q has shape %v but %d values", t.Name, t.Shape, n))
	}
}

type entry struct {
	DType       DType    `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// Encode writes f. Tensor names must be unique and not "__metadata__"; each
// tensor's data length must match its dtype and shape.
func Encode(w io.Writer, f *File) error {
	ts := make([]*Tensor, len(f.Tensors))
	for i := range f.Tensors {
		ts[i] = &f.Tensors[i]
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
	var off int64
	entries := make([]entry, len(ts))
	for i, t := range ts {
		if t.Name == "__metadata__" || t.Name == "" {
			return &Error{Kind: KindHeader, Tensor: t.Name, Msg: "reserved or empty tensor name"}
		}
		if i > 0 && ts[i-1].Name == t.Name {
			return &Error{Kind: KindHeader, Tensor: t.Name, Msg: "duplicate tensor name"}
		}
		if err := checkSize(t.Name, t.DType, t.Shape, int64(len(t.Data))); err != nil {
			return err
		}
		entries[i] = entry{DType: t.DType, Shape: nonNil(t.Shape), DataOffsets: [2]int64{off, off + int64(len(t.Data))}}
		off += int64(len(t.Data))
	}
	hb := appendHeader(nil, ts, entries, f.Metadata)
	if pad := (8 - len(hb)%8) % 8; pad > 0 {
		hb = append(hb, bytes.Repeat([]byte{' '}, pad)...)
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(hb)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(hb); err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := w.Write(t.Data); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// Read reads a whole file from r and decodes it, refusing files larger than
// limit bytes (limit <= 0 means no limit beyond memory).
func Read(r io.Reader, limit int64) (*File, error) {
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(b)) > limit {
		return nil, &Error{Kind: KindTooLarge, Msg: fmt.Sprintf("file is larger than %d bytes", limit)}
	}
	return Decode(b)
}

// Decode parses and validates a whole file held in b. The returned tensors'
// Data slices alias b. It never panics.
func Decode(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, &Error{Kind: KindTruncated, Msg: fmt.Sprintf("file is %d bytes, shorter than the 8-byte header length", len(b))}
	}
	n := binary.LittleEndian.Uint64(b)
	if n > MaxHeaderSize {
		return nil, &Error{Kind: KindTooLarge, Msg: fmt.Sprintf("header length %d exceeds the %d-byte cap", n, MaxHeaderSize)}
	}
	if n > uint64(len(b)-8) {
		return nil, &Error{Kind: KindTruncated, Msg: fmt.Sprintf("header length %d runs past the end of a %d-byte file", n, len(b))}
	}
	hb := b[8 : 8+n]
	data := b[8+n:]
	if len(hb) == 0 || hb[0] != '{' {
		return nil, &Error{Kind: KindHeader, Msg: "header is not a JSON object"}
	}
	raw, err := jsonval.Parse(hb)
	if err != nil {
		return nil, &Error{Kind: KindHeader, Msg: "header is not valid JSON: " + err.Error()}
	}
	// The header was a map: of members with the same key the last counts.
	last := make(map[string]int, len(raw.Members))
	for i, m := range raw.Members {
		last[m.Key] = i
	}
	f := &File{}
	if i, ok := last["__metadata__"]; ok {
		if f.Metadata, err = metadata(raw.Members[i].Value); err != nil {
			return nil, &Error{Kind: KindHeader, Tensor: "__metadata__", Msg: "must be an object of strings"}
		}
		delete(last, "__metadata__")
	}
	type span struct {
		begin, end int64
		name       string
	}
	spans := make([]span, 0, len(last))
	offsets := make(map[string]int64, len(last))
	f.Tensors = make([]Tensor, 0, len(last))
	for i, m := range raw.Members {
		if j, ok := last[m.Key]; !ok || j != i {
			continue
		}
		name := m.Key
		re, err := decodeEntry(m.Value)
		if err != nil {
			return nil, &Error{Kind: KindHeader, Tensor: name, Msg: "bad entry: " + err.Error()}
		}
		if re.DType == nil || re.Shape == nil || re.DataOffsets == nil {
			return nil, &Error{Kind: KindHeader, Tensor: name, Msg: "entry needs dtype, shape and data_offsets"}
		}
		e := entry{DType: *re.DType, Shape: *re.Shape, DataOffsets: *re.DataOffsets}
		begin, end := e.DataOffsets[0], e.DataOffsets[1]
		if begin < 0 || end < begin || end > int64(len(data)) {
			return nil, &Error{Kind: KindOffsets, Tensor: name, Msg: fmt.Sprintf("data_offsets [%d, %d] outside the %d-byte data buffer", begin, end, len(data))}
		}
		if err := checkSize(name, e.DType, e.Shape, end-begin); err != nil {
			return nil, err
		}
		spans = append(spans, span{begin, end, name})
		offsets[name] = begin
		f.Tensors = append(f.Tensors, Tensor{Name: name, DType: e.DType, Shape: nonNil(e.Shape), Data: data[begin:end:end]})
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].begin != spans[j].begin {
			return spans[i].begin < spans[j].begin
		}
		return spans[i].end < spans[j].end
	})
	var at int64
	for _, s := range spans {
		if s.begin < at {
			return nil, &Error{Kind: KindOffsets, Tensor: s.name, Msg: "overlaps another tensor"}
		}
		if s.begin > at {
			return nil, &Error{Kind: KindOffsets, Tensor: s.name, Msg: fmt.Sprintf("leaves a gap of %d bytes before it", s.begin-at)}
		}
		at = s.end
	}
	if at != int64(len(data)) {
		return nil, &Error{Kind: KindOffsets, Msg: fmt.Sprintf("tensors cover %d of %d data bytes", at, len(data))}
	}
	// Report tensors in file order; empty tensors share offsets, so ties
	// are broken by name to keep the order deterministic.
	sort.SliceStable(f.Tensors, func(i, j int) bool { return f.Tensors[i].Name < f.Tensors[j].Name })
	sort.SliceStable(f.Tensors, func(i, j int) bool { return offsets[f.Tensors[i].Name] < offsets[f.Tensors[j].Name] })
	return f, nil
}

// checkSize validates dtype and shape against a byte length without overflow.
func checkSize(name string, d DType, shape []int, nbytes int64) error {
	size := d.Size()
	if size == 0 {
		return &Error{Kind: KindDType, Tensor: name, Msg: fmt.Sprintf("unknown dtype %q", d)}
	}
	elems := int64(1)
	for _, dim := range shape {
		if dim < 0 {
			return &Error{Kind: KindShape, Tensor: name, Msg: fmt.Sprintf("negative dimension in shape %v", shape)}
		}
		if dim != 0 && elems > (math.MaxInt64/int64(size))/int64(dim) {
			return &Error{Kind: KindShape, Tensor: name, Msg: fmt.Sprintf("shape %v is too large", shape)}
		}
		elems *= int64(dim)
	}
	if elems*int64(size) != nbytes {
		return &Error{Kind: KindShape, Tensor: name, Msg: fmt.Sprintf("shape %v of %s needs %d bytes, data_offsets give %d", shape, d, elems*int64(size), nbytes)}
	}
	return nil
}

// appendHeader writes the header json.Marshal wrote for the map of tensor
// entries (ts sorted by name) and "__metadata__": keys in byte order.
func appendHeader(b []byte, ts []*Tensor, entries []entry, meta map[string]string) []byte {
	b = append(b, '{')
	metaDone := len(meta) == 0
	first := true
	comma := func() {
		if !first {
			b = append(b, ',')
		}
		first = false
	}
	writeMeta := func() {
		comma()
		b = jsonval.AppendString(b, "__metadata__")
		b = append(b, ':', '{')
		keys := make([]string, 0, len(meta))
		for k := range meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonval.AppendString(b, k)
			b = append(b, ':')
			b = jsonval.AppendString(b, meta[k])
		}
		b = append(b, '}')
		metaDone = true
	}
	for i, t := range ts {
		if !metaDone && "__metadata__" < t.Name {
			writeMeta()
		}
		comma()
		b = jsonval.AppendString(b, t.Name)
		b = append(b, `:{"dtype":`...)
		b = jsonval.AppendString(b, string(entries[i].DType))
		b = append(b, `,"shape":[`...)
		for j, d := range entries[i].Shape {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(d), 10)
		}
		b = append(b, `],"data_offsets":[`...)
		b = strconv.AppendInt(b, entries[i].DataOffsets[0], 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, entries[i].DataOffsets[1], 10)
		b = append(b, ']', '}')
	}
	if !metaDone {
		writeMeta()
	}
	return append(b, '}')
}

// metadata decodes "__metadata__" as json.Unmarshal into a
// map[string]string did: null is no map, values must be strings (null
// ones are "").
func metadata(v jsonval.Value) (map[string]string, error) {
	if v.Kind == jsonval.Null {
		return nil, nil
	}
	if v.Kind != jsonval.Object {
		return nil, errNotStrings
	}
	m := make(map[string]string, len(v.Members))
	for _, e := range v.Members {
		var s string
		if err := e.Value.DecodeString(&s); err != nil {
			return nil, err
		}
		m[e.Key] = s
	}
	return m, nil
}

var errNotStrings = errors.New("not an object of strings")

// rawEntry is a tensor entry as read, nil where the header gives no value
// (or null).
type rawEntry struct {
	DType       *DType
	Shape       *[]int
	DataOffsets *[2]int64
}

// decodeEntry decodes a tensor entry as a json.Decoder with
// DisallowUnknownFields did into pointer fields: keys match in any case,
// the last of a repeated key counts, null clears, other keys are errors.
func decodeEntry(v jsonval.Value) (rawEntry, error) {
	var re rawEntry
	switch v.Kind {
	case jsonval.Null:
		return re, nil
	case jsonval.Object:
	default:
		return re, fmt.Errorf("json: cannot unmarshal %s into Go value of type struct", v.Kind)
	}
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	for _, m := range v.Members {
		f := m.Value
		switch {
		case jsonval.SameKey(m.Key, "dtype"):
			if f.Kind == jsonval.Null {
				re.DType = nil
				continue
			}
			var s string
			if re.DType != nil {
				s = string(*re.DType)
			}
			keep(f.DecodeString(&s))
			d := DType(s)
			re.DType = &d
		case jsonval.SameKey(m.Key, "shape"):
			if f.Kind == jsonval.Null {
				re.Shape = nil
				continue
			}
			if f.Kind != jsonval.Array {
				keep(fmt.Errorf("json: cannot unmarshal %s into Go struct field .shape of type []int", f.Kind))
				continue
			}
			// json.Unmarshal decodes into the slice a repeated key left,
			// and null leaves an element as it was: keep both.
			var shape []int
			if re.Shape != nil {
				shape = *re.Shape
			}
			if len(f.Elems) == 0 {
				shape = []int{}
			}
			for i, e := range f.Elems {
				if i >= cap(shape) {
					shape = append(shape[:i], 0)
				} else {
					shape = shape[:i+1]
				}
				keep(e.DecodeInt(&shape[i]))
			}
			re.Shape = &shape
		case jsonval.SameKey(m.Key, "data_offsets"):
			if f.Kind == jsonval.Null {
				re.DataOffsets = nil
				continue
			}
			if f.Kind != jsonval.Array {
				keep(fmt.Errorf("json: cannot unmarshal %s into Go struct field .data_offsets of type [2]int64", f.Kind))
				continue
			}
			var offs [2]int64
			if re.DataOffsets != nil {
				offs = *re.DataOffsets
			}
			for i := range offs {
				if i < len(f.Elems) {
					keep(f.Elems[i].DecodeInt64(&offs[i]))
				} else {
					offs[i] = 0
				}
			}
			re.DataOffsets = &offs
		default:
			keep(fmt.Errorf("json: unknown field %q", m.Key))
		}
	}
	return re, first
}
