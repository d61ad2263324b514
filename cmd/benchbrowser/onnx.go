package main

// A minimal ONNX writer: just enough of onnx.proto (ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto) encoded by hand in
// protobuf wire format, so the benchmark can hand ONNX Runtime Web the
// same architecture with Bedside's own weights without a protobuf
// dependency. Field numbers are those of onnx/onnx.proto (IR version 8).

import (
	"encoding/binary"
	"math"
)

type pb []byte

func (b *pb) tag(field, wire int) { *b = binary.AppendUvarint(*b, uint64(field<<3|wire)) }
func (b *pb) varint(field int, v uint64) {
	b.tag(field, 0)
	*b = binary.AppendUvarint(*b, v)
}
func (b *pb) bytes(field int, v []byte) {
	b.tag(field, 2)
	*b = binary.AppendUvarint(*b, uint64(len(v)))
	*b = append(*b, v...)
}
func (b *pb) str(field int, s string) { b.bytes(field, []byte(s)) }
func (b *pb) float(field int, f float32) {
	b.tag(field, 5)
	*b = binary.LittleEndian.AppendUint32(*b, math.Float32bits(f))
}

// ONNX TensorProto.DataType values.
const (
	onnxFloat = 1
	onnxInt32 = 6
	onnxInt64 = 7
)

// attr is one node attribute: exactly one of the value fields is used.
type attr struct {
	name string
	i    *int64
	f    *float32
	s    string
	ints []int64
}

func iattr(name string, v int64) attr       { return attr{name: name, i: &v} }
func sattr(name, v string) attr             { return attr{name: name, s: v} }
func intsattr(name string, v ...int64) attr { return attr{name: name, ints: v} }

func (a attr) encode() []byte {
	var b pb
	b.str(1, a.name)
	switch {
	case a.i != nil:
		b.varint(3, uint64(*a.i))
		b.varint(20, 2) // INT
	case a.f != nil:
		b.float(2, *a.f)
		b.varint(20, 1) // FLOAT
	case a.ints != nil:
		for _, v := range a.ints {
			b.varint(8, uint64(v))
		}
		b.varint(20, 7) // INTS
	default:
		b.str(4, a.s)
		b.varint(20, 3) // STRING
	}
	return b
}

type node struct {
	op      string
	inputs  []string
	outputs []string
	attrs   []attr
}

func (n node) encode(name string) []byte {
	var b pb
	for _, s := range n.inputs {
		b.str(1, s)
	}
	for _, s := range n.outputs {
		b.str(2, s)
	}
	b.str(3, name)
	b.str(4, n.op)
	for _, a := range n.attrs {
		b.bytes(5, a.encode())
	}
	return b
}

type initializer struct {
	name  string
	dtype int
	dims  []int64
	raw   []byte // little-endian
}

func floatInit(name string, v []float32, dims ...int64) initializer {
	raw := make([]byte, 0, 4*len(v))
	for _, x := range v {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(x))
	}
	return initializer{name: name, dtype: onnxFloat, dims: dims, raw: raw}
}

func int64Init(name string, v ...int64) initializer {
	raw := make([]byte, 0, 8*len(v))
	for _, x := range v {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(x))
	}
	return initializer{name: name, dtype: onnxInt64, dims: []int64{int64(len(v))}, raw: raw}
}

func (t initializer) encode() []byte {
	var b pb
	for _, d := range t.dims {
		b.varint(1, uint64(d))
	}
	b.varint(2, uint64(t.dtype))
	b.str(8, t.name)
	b.bytes(9, t.raw)
	return b
}

// valueInfo declares a graph input or output; a negative dim is symbolic
// (named by dimParam).
type valueInfo struct {
	name  string
	dtype int
	dims  []int64
	syms  []string // dim_param for dims < 0
}

func (v valueInfo) encode() []byte {
	var shape pb
	for i, d := range v.dims {
		var dim pb
		if d < 0 {
			dim.str(2, v.syms[i])
		} else {
			dim.varint(1, uint64(d))
		}
		shape.bytes(1, dim)
	}
	var tensor pb
	tensor.varint(1, uint64(v.dtype))
	tensor.bytes(2, shape)
	var typ pb
	typ.bytes(1, tensor)
	var b pb
	b.str(1, v.name)
	b.bytes(2, typ)
	return b
}

type graph struct {
	name    string
	nodes   []node
	inits   []initializer
	inputs  []valueInfo
	outputs []valueInfo
}

// model encodes a ModelProto at IR version 8 and default-domain opset 17.
func (g *graph) model() []byte {
	var gb pb
	for i, n := range g.nodes {
		gb.bytes(1, n.encode(n.op+"_"+itoa(i)))
	}
	gb.str(2, g.name)
	for _, t := range g.inits {
		gb.bytes(5, t.encode())
	}
	for _, v := range g.inputs {
		gb.bytes(11, v.encode())
	}
	for _, v := range g.outputs {
		gb.bytes(12, v.encode())
	}
	var opset pb
	opset.str(1, "")
	opset.varint(2, 17)
	var b pb
	b.varint(1, 8) // ir_version
	b.str(2, "bedside-benchbrowser")
	b.bytes(7, gb)
	b.bytes(8, opset)
	return b
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}
