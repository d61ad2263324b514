package clinical

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// fill sets every field reachable from v, through pointers, slices, maps
// and embedded structs, to a random value; empty values come up too, so
// omitempty is exercised both ways.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	strs := []string{"", "fever", "<b>&\"q\"\\", "胸痛，发烧", "line\nbreak\ttab\r\b\f\x01", "bad \xff utf8", "sep\u2028\u2029", "é"}
	floats := []float64{0, math.Copysign(0, -1), 0.1, -2.5, 1e-7, 1.2345678e-9, 1e21, 123456789, 0.30000000000000004, 1.0 / 3, 5e-324, math.MaxFloat64}
	switch v.Kind() {
	case reflect.String:
		v.SetString(strs[r.IntN(len(strs))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(r.IntN(2000) - 100))
	case reflect.Float64:
		v.SetFloat(floats[r.IntN(len(floats))])
	case reflect.Pointer:
		if depth > 4 || r.IntN(4) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		switch r.IntN(4) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + r.IntN(3)
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fill(r, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		switch r.IntN(3) {
		case 0:
			v.SetZero()
		default:
			m := reflect.MakeMap(v.Type())
			for range r.IntN(4) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(r, k, depth+1)
				fill(r, e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	}
}

// TestMarshalPrediction holds the hand-written encoder to encoding/json on
// predictions with every field set, emptied or left nil in turn, strings
// that need escaping and floats at the edges of json's formats. The
// shipped models' real outputs are checked in engine/clinical/models.
func TestMarshalPrediction(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range []reflect.Type{reflect.TypeFor[TextPrediction](), reflect.TypeFor[RiskPrediction](), reflect.TypeFor[SurvivalPrediction]()} {
		t.Run("every field of "+typ.Name()+" is written as encoding/json writes it", func(t *testing.T) {
			for range 2000 {
				p := reflect.New(typ)
				fill(r, p.Elem(), 0)
				pred := p.Interface().(Prediction)
				want, werr := json.Marshal(pred)
				got, gerr := MarshalPrediction(pred)
				if werr != nil || gerr != nil {
					t.Fatalf("errors: json %v, MarshalPrediction %v", werr, gerr)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("MarshalPrediction\n%s\nencoding/json\n%s", got, want)
				}
			}
		})
	}
	t.Run("a nil prediction is null", func(t *testing.T) {
		for _, p := range []Prediction{nil, (*TextPrediction)(nil), (*RiskPrediction)(nil), (*SurvivalPrediction)(nil)} {
			want, _ := json.Marshal(p)
			if got, err := MarshalPrediction(p); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%T: %s %v, want %s", p, got, err, want)
			}
		}
	})
	t.Run("NaN and infinities fail with encoding/json's message", func(t *testing.T) {
		for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			p := &RiskPrediction{Probability: f}
			_, werr := json.Marshal(p)
			_, gerr := MarshalPrediction(p)
			if werr == nil || gerr == nil || werr.Error() != gerr.Error() {
				t.Errorf("%v: json %v, MarshalPrediction %v", f, werr, gerr)
			}
		}
	})
}
