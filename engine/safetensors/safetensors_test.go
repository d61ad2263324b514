package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.safetensors")

func goldenFile() *File {
	return &File{
		Metadata: map[string]string{"format": "pt", "model": "golden"},
		Tensors: []Tensor{
			NewF32("dense.weight", []int{2, 3}, []float32{1, -2, 0.5, float32(math.Pi), -0, 1e-30}),
			NewF64("dense.bias", []int{2}, []float64{0.1, -1e300}),
			NewI32("vocab.ids", []int{3}, []int32{0, -7, math.MaxInt32}),
			NewF32("scalar", []int{}, []float32{42}),
		},
	}
}

func encode(t *testing.T, f *File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	got := encode(t, goldenFile())
	if *update {
		if err := os.WriteFile("testdata/golden.safetensors", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/golden.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the encoder reproduces the golden file byte for byte", func(t *testing.T) {
		if !bytes.Equal(got, want) {
			t.Fatalf("encoded %d bytes differ from the %d golden bytes (run with -update after checking why)", len(got), len(want))
		}
	})
	t.Run("the data buffer starts 8-byte aligned", func(t *testing.T) {
		if n := binary.LittleEndian.Uint64(want); (8+n)%8 != 0 {
			t.Fatalf("header length %d leaves data unaligned", n)
		}
	})
	t.Run("the golden file decodes to the values written", func(t *testing.T) {
		f, err := Decode(want)
		if err != nil {
			t.Fatal(err)
		}
		if f.Metadata["model"] != "golden" || f.Metadata["format"] != "pt" {
			t.Errorf("metadata = %v", f.Metadata)
		}
		w, _ := f.Tensor("dense.weight")
		ws, err := w.Float32()
		if err != nil || !slices.Equal(w.Shape, []int{2, 3}) || ws[3] != float32(math.Pi) || ws[5] != 1e-30 {
			t.Errorf("dense.weight = %v %v %v", w.Shape, ws, err)
		}
		b, _ := f.Tensor("dense.bias")
		bs, err := b.Float64()
		if err != nil || bs[0] != 0.1 || bs[1] != -1e300 {
			t.Errorf("dense.bias = %v %v", bs, err)
		}
		v, _ := f.Tensor("vocab.ids")
		vs, err := v.Int32()
		if err != nil || !slices.Equal(vs, []int32{0, -7, math.MaxInt32}) {
			t.Errorf("vocab.ids = %v %v", vs, err)
		}
		s, _ := f.Tensor("scalar")
		if ss, err := s.Float32(); err != nil || len(s.Shape) != 0 || ss[0] != 42 {
			t.Errorf("scalar = %v %v %v", s.Shape, ss, err)
		}
		if _, err := b.Float32(); !errors.Is(err, &Error{Kind: KindDType}) {
			t.Errorf("reading F64 as F32: err = %v, want a dtype error", err)
		}
	})
}

func TestRoundTripIsBitForBit(t *testing.T) {
	// NaN payloads and negative zero must survive: weights are compared by bits.
	vals := []float32{float32(math.NaN()), math.Float32frombits(0x7fc00001), float32(math.Copysign(0, -1)), float32(math.Inf(-1)), math.SmallestNonzeroFloat32}
	f := &File{Tensors: []Tensor{NewF32("x", []int{5}, vals)}}
	first := encode(t, f)
	g, err := Decode(first)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := g.Tensors[0].Float32()
	for i := range vals {
		if math.Float32bits(got[i]) != math.Float32bits(vals[i]) {
			t.Errorf("value %d: bits %08x, want %08x", i, math.Float32bits(got[i]), math.Float32bits(vals[i]))
		}
	}
	if second := encode(t, g); !bytes.Equal(first, second) {
		t.Error("decode then encode changed the bytes")
	}
}

// file builds a raw file from a header string and a data buffer.
func file(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(b, header...), data...)
}

func TestDecodeRejects(t *testing.T) {
	eight := make([]byte, 8)
	tests := []struct {
		name string
		in   []byte
		kind ErrorKind
	}{
		{"an empty file is truncated", nil, KindTruncated},
		{"a file shorter than its header length is truncated", file(`{}`, nil)[:9], KindTruncated},
		{"a huge header length is refused before allocating", binary.LittleEndian.AppendUint64(nil, 1<<62), KindTooLarge},
		{"a header that is not JSON is rejected", file(`hello`, nil), KindHeader},
		{"a header that is a JSON array is rejected", file(`[1,2]`, nil), KindHeader},
		{"metadata that is not strings is rejected", file(`{"__metadata__":{"a":1}}`, nil), KindHeader},
		{"an entry without data_offsets is rejected", file(`{"x":{"dtype":"F32","shape":[2]}}`, eight), KindHeader},
		{"an entry with an unknown field is rejected", file(`{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}`, eight), KindHeader},
		{"an unknown dtype is rejected", file(`{"x":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}`, eight), KindDType},
		{"a negative dimension is rejected", file(`{"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, eight), KindShape},
		{"a shape that disagrees with the byte count is rejected", file(`{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, eight), KindShape},
		{"a shape whose product overflows is rejected", file(`{"x":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, eight), KindShape},
		{"offsets past the data buffer are rejected", file(`{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, eight), KindOffsets},
		{"reversed offsets are rejected", file(`{"x":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, eight), KindOffsets},
		{"overlapping tensors are rejected", file(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), KindOffsets},
		{"bytes not covered by any tensor are rejected", file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, eight), KindOffsets},
		{"a gap between tensors is rejected", file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), KindOffsets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Decode(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode = %v, %v; want an *Error", f, err)
			}
			if e.Kind != tt.kind {
				t.Fatalf("kind = %v (%v), want %v", e.Kind, err, tt.kind)
			}
		})
	}
}

func TestEncodeRejects(t *testing.T) {
	bad := []struct {
		name string
		f    *File
	}{
		{"duplicate names", &File{Tensors: []Tensor{NewF32("a", []int{1}, []float32{1}), NewF32("a", []int{1}, []float32{2})}}},
		{"the reserved metadata name", &File{Tensors: []Tensor{NewF32("__metadata__", []int{1}, []float32{1})}}},
		{"data shorter than the shape", &File{Tensors: []Tensor{{Name: "a", DType: F32, Shape: []int{2}, Data: make([]byte, 4)}}}},
	}
	for _, tt := range bad {
		t.Run("a file with "+tt.name+" is not written", func(t *testing.T) {
			if err := Encode(&bytes.Buffer{}, tt.f); err == nil {
				t.Fatal("Encode succeeded")
			}
		})
	}
}

func TestReadLimit(t *testing.T) {
	b := encode(t, goldenFile())
	if _, err := Read(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Fatalf("a file at the limit: %v", err)
	}
	if _, err := Read(bytes.NewReader(b), int64(len(b)-1)); !errors.Is(err, &Error{Kind: KindTooLarge}) {
		t.Fatalf("a file over the limit: err = %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	Encode(&buf, goldenFile())
	f.Add(buf.Bytes())
	f.Add(file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)))
	f.Add(file(`{"__metadata__":{"k":"v"}}`, nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Decode(b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		// Whatever decodes must re-encode and decode to the same tensors.
		var out bytes.Buffer
		if err := Encode(&out, g); err != nil {
			t.Fatalf("a decoded file does not re-encode: %v", err)
		}
		h, err := Decode(out.Bytes())
		if err != nil {
			t.Fatalf("a re-encoded file does not decode: %v", err)
		}
		if len(h.Tensors) != len(g.Tensors) {
			t.Fatalf("%d tensors became %d", len(g.Tensors), len(h.Tensors))
		}
		for i := range g.Tensors {
			a, ok := h.Tensor(g.Tensors[i].Name)
			if !ok || !bytes.Equal(a.Data, g.Tensors[i].Data) || a.DType != g.Tensors[i].DType || !slices.Equal(a.Shape, g.Tensors[i].Shape) {
				t.Fatalf("tensor %q changed", g.Tensors[i].Name)
			}
		}
	})
}

func ExampleDecode() {
	var buf bytes.Buffer
	err := Encode(&buf, &File{
		Metadata: map[string]string{"arch": "demo"},
		Tensors:  []Tensor{NewF32("w", []int{2, 2}, []float32{1, 2, 3, 4})},
	})
	if err != nil {
		panic(err)
	}
	f, err := Decode(buf.Bytes())
	if err != nil {
		panic(err)
	}
	w, _ := f.Tensor("w")
	vals, _ := w.Float32()
	fmt.Println(f.Metadata["arch"], w.DType, w.Shape, vals)
	// Output: demo F32 [2 2] [1 2 3 4]
}
