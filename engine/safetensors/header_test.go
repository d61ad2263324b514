package safetensors

// The header codec was encoding/json's until issue 15 took reflection out
// of the worker. The old Decode and Encode are kept here verbatim as the
// reference the hand-written header codec must equal.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func decodeWithEncodingJSON(b []byte) (*File, error) {
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
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(hb, &raw); err != nil {
		return nil, &Error{Kind: KindHeader, Msg: "header is not valid JSON: " + err.Error()}
	}
	f := &File{}
	if m, ok := raw["__metadata__"]; ok {
		if err := json.Unmarshal(m, &f.Metadata); err != nil {
			return nil, &Error{Kind: KindHeader, Tensor: "__metadata__", Msg: "must be an object of strings"}
		}
		delete(raw, "__metadata__")
	}
	type span struct {
		begin, end int64
		name       string
	}
	spans := make([]span, 0, len(raw))
	offsets := make(map[string]int64, len(raw))
	f.Tensors = make([]Tensor, 0, len(raw))
	for name, msg := range raw {
		var re struct {
			DType       *DType    `json:"dtype"`
			Shape       *[]int    `json:"shape"`
			DataOffsets *[2]int64 `json:"data_offsets"`
		}
		dec := json.NewDecoder(bytes.NewReader(msg))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&re); err != nil {
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

func encodeWithEncodingJSON(w io.Writer, f *File) error {
	ts := make([]*Tensor, len(f.Tensors))
	for i := range f.Tensors {
		ts[i] = &f.Tensors[i]
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
	header := make(map[string]any, len(ts)+1)
	if len(f.Metadata) > 0 {
		header["__metadata__"] = f.Metadata
	}
	var off int64
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
		header[t.Name] = entry{DType: t.DType, Shape: nonNil(t.Shape), DataOffsets: [2]int64{off, off + int64(len(t.Data))}}
		off += int64(len(t.Data))
	}
	// encoding/json sorts map keys, so the header bytes are deterministic.
	hb, err := json.Marshal(header)
	if err != nil {
		return err
	}
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

// checkDecodeAsBefore fails when Decode and the encoding/json Decode
// disagree on b: one refuses what the other takes, or they read different
// metadata or tensors.
func checkDecodeAsBefore(t *testing.T, b []byte) {
	t.Helper()
	got, err := Decode(b)
	want, wantErr := decodeWithEncodingJSON(b)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("Decode(%q): error %v, with encoding/json: %v", b, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("Decode(%q) = %+v, with encoding/json: %+v", b, got, want)
	}
}

var headers = []string{
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`,
	`{"a":{"DTYPE":"F32","Shape":[1],"data_OFFSETS":[0,4]}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,9]}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4]}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"dtype":null}}`,
	`{"a":{"dtype":"F32","shape":[1,1],"shape":[null],"data_offsets":[0,4]}}`,
	`{"a":{"dtype":"F32","shape":[1,2,3],"shape":[1],"shape":[null,null],"data_offsets":[0,4]}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"data_offsets":[null,null]}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}`,
	`{"a":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}`,
	`{"a":null}`, `{"a":[]}`, `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}`,
	`{"__metadata__":{"k":"v","n":null}}`, `{"__metadata__":null}`, `{"__metadata__":{"k":1}}`, `{"__metadata__":[]}`,
	`{"__metadata__":{"k":"v"},"__metadata__":{"j":"w"}}`, `{"__METADATA__":{"k":"v"}}`,
	`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    `, `{"a":{}} x`, `{"\u00e9\ud800":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}`,
}

func TestDecodeReadsHeadersAsEncodingJSONDid(t *testing.T) {
	for _, h := range headers {
		t.Run(h, func(t *testing.T) { checkDecodeAsBefore(t, file(h, make([]byte, 4))) })
	}
	var buf bytes.Buffer
	if err := encodeWithEncodingJSON(&buf, goldenFile()); err != nil {
		t.Fatal(err)
	}
	t.Run("the golden file", func(t *testing.T) { checkDecodeAsBefore(t, buf.Bytes()) })
}

func FuzzDecodeAsEncodingJSON(f *testing.F) {
	for _, h := range headers {
		f.Add(file(h, make([]byte, 4)))
	}
	f.Fuzz(checkDecodeAsBefore)
}

func TestEncodeWritesWhatEncodingJSONWrote(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	names := []string{"w", "__metadata_", "__metadata__x", "_", "A", "b<&>", "\u2028", "é", "emb.weight", "\xff"}
	for n := range 300 {
		f := &File{Metadata: map[string]string{}}
		for range rng.IntN(4) {
			f.Metadata[names[rng.IntN(len(names))]] = names[rng.IntN(len(names))]
		}
		seen := map[string]bool{}
		for range rng.IntN(5) {
			name := names[rng.IntN(len(names))] + fmt.Sprint(rng.IntN(3))
			if seen[name] {
				continue
			}
			seen[name] = true
			shape := make([]int, rng.IntN(3))
			size := 1
			for i := range shape {
				shape[i] = rng.IntN(3)
				size *= shape[i]
			}
			f.Tensors = append(f.Tensors, Tensor{Name: name, DType: U8, Shape: shape, Data: make([]byte, size)})
		}
		var got, want bytes.Buffer
		err, wantErr := Encode(&got, f), encodeWithEncodingJSON(&want, f)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("file %d: Encode wrote %q (%v), encoding/json %q (%v)", n, got.Bytes(), err, want.Bytes(), wantErr)
		}
	}
}
