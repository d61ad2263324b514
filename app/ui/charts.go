package ui

import (
	"math"
	"sort"
	"strconv"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp/record"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The charts are plain functions of their data: no state, so they render the
// same on the server, in the browser and in tests. Each carries a text
// alternative: the numbers are in visible text or an aria-label, and the SVG
// itself is decorative to screen readers.

const svgNS = "http://www.w3.org/2000/svg"

func svgEl(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// Bar is one row of ProbBars.
type Bar struct {
	Label string
	Desc  string
	Prob  float64
}

// ProbBars shows class probabilities as labelled horizontal bars.
func ProbBars(bars []Bar) app.UI {
	return el("ol").Class("bars").Body(
		app.Range(bars).Slice(func(i int) app.UI {
			b := bars[i]
			p := clamp01(b.Prob)
			return el("li").Class("bar").Body(
				app.Div().Class("bar-head").Body(
					el("span").Class("bar-label").Text(b.Label),
					el("span").Class("bar-value").Text(formatPercent(p)),
				),
				svgEl("svg").Class("bar-svg").Attr("viewBox", "0 0 100 6").
					Attr("preserveAspectRatio", "none").Aria("hidden", "true").Attr("focusable", "false").Body(
					svgEl("rect").Class("bar-track").Attr("x", "0").Attr("y", "0").Attr("width", "100").Attr("height", "6").Attr("rx", "3"),
					svgEl("rect").Class("bar-fill").Attr("x", "0").Attr("y", "0").Attr("width", f2(math.Max(p*100, 0.5))).Attr("height", "6").Attr("rx", "3"),
				),
				app.If(b.Desc != "", func() app.UI { return app.P().Class("bar-desc").Text(b.Desc) }),
			)
		}),
	)
}

// Gauge shows one probability as a half-dial, with the figure in the middle.
func Gauge(prob float64, caption string) app.UI {
	p := clamp01(prob)
	theta := math.Pi * (1 - p)
	x, y := 60+50*math.Cos(theta), 60-50*math.Sin(theta)
	alt := trf("chart.gauge.alt", caption, formatPercent(p))
	return el("figure").Class("gauge").Body(
		svgEl("svg").Attr("viewBox", "0 0 120 70").Attr("role", "img").Aria("label", alt).Body(
			svgEl("path").Class("gauge-track").Attr("d", "M10,60 A50,50 0 0 1 110,60"),
			app.If(p > 0.001, func() app.UI {
				return svgEl("path").Class("gauge-fill").Attr("d", "M10,60 A50,50 0 0 1 "+f2(x)+","+f2(y))
			}),
			svgEl("circle").Class("gauge-dot").Attr("cx", f2(x)).Attr("cy", f2(y)).Attr("r", "4"),
			svgEl("text").Class("gauge-value").Attr("x", "60").Attr("y", "56").Attr("text-anchor", "middle").Text(formatPercent(p)),
		),
		el("figcaption").Text(caption),
	)
}

// Contributions shows which inputs pushed a prediction up or down, largest
// first, as bars either side of a centre line. value says how to show each
// input's value (the model sees codes where the user chose a label).
func Contributions(cs []clinical.Contribution, name func(string) string, value func(clinical.Contribution) string, limit int) app.UI {
	rows := append([]clinical.Contribution(nil), cs...)
	sort.SliceStable(rows, func(i, j int) bool { return math.Abs(rows[i].Contribution) > math.Abs(rows[j].Contribution) })
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	maxC := 0.0
	for _, c := range rows {
		if a := math.Abs(c.Contribution); a > maxC && !math.IsInf(a, 0) {
			maxC = a
		}
	}
	return el("ul").Class("contribs").Body(
		app.Range(rows).Slice(func(i int) app.UI {
			c := rows[i]
			w := 0.0
			if maxC > 0 && !math.IsNaN(c.Contribution) {
				w = math.Min(math.Abs(c.Contribution)/maxC, 1) * 48
			}
			dir, cls, x := "contrib.up", "up", 50.0
			if c.Contribution < 0 {
				dir, cls, x = "contrib.down", "down", 50-w
			}
			val := value(c)
			return el("li").Class("contrib", cls).Body(
				app.Div().Class("contrib-head").Body(
					el("span").Class("contrib-label").Text(name(c.Feature)),
					el("span").Class("contrib-value").Text(" = "+val),
					el("span").Class("contrib-dir").Text(tr(dir)),
				),
				svgEl("svg").Class("contrib-svg").Attr("viewBox", "0 0 100 6").
					Attr("preserveAspectRatio", "none").Aria("hidden", "true").Attr("focusable", "false").Body(
					svgEl("line").Class("contrib-axis").Attr("x1", "50").Attr("x2", "50").Attr("y1", "0").Attr("y2", "6"),
					svgEl("rect").Class("contrib-fill").Attr("x", f2(x)).Attr("y", "1").Attr("width", f2(math.Max(w, 0.4))).Attr("height", "4"),
				),
			)
		}),
	)
}

// SurvivalCurve draws S(t) from 0 to 10 years with marks at 1, 5 and 10
// years.
func SurvivalCurve(points []clinical.SurvivalPoint, marks map[int]float64) app.UI {
	const (
		left, top, w, h = 36.0, 8.0, 250.0, 140.0
		years           = 10.0
	)
	px := func(days float64) float64 { return left + w*math.Min(math.Max(days/daysPerYear/years, 0), 1) }
	py := func(s float64) float64 { return top + h*(1-clamp01(s)) }
	d := ""
	// The band: along the upper bound, back along the lower one.
	band, back := "", ""
	for i, p := range points {
		if math.IsNaN(p.Days) || math.IsNaN(p.Survival) {
			continue
		}
		cmd := "L"
		if i == 0 || d == "" {
			cmd = "M"
		}
		d += cmd + f2(px(p.Days)) + "," + f2(py(p.Survival)) + " "
		if !math.IsNaN(p.Low) && !math.IsNaN(p.High) && p.High > p.Low {
			band += map[bool]string{true: "M", false: "L"}[band == ""] + f2(px(p.Days)) + "," + f2(py(p.High)) + " "
			back = "L" + f2(px(p.Days)) + "," + f2(py(p.Low)) + " " + back
		}
	}
	grid := []app.UI{}
	if band != "" {
		grid = append(grid, svgEl("path").Class("curve-band").Attr("d", band+back+"Z"))
	}
	for _, s := range []float64{0, 0.25, 0.5, 0.75, 1} {
		grid = append(grid,
			svgEl("line").Class("grid").Attr("x1", f2(left)).Attr("x2", f2(left+w)).Attr("y1", f2(py(s))).Attr("y2", f2(py(s))),
			svgEl("text").Class("tick").Attr("x", f2(left-4)).Attr("y", f2(py(s)+3)).Attr("text-anchor", "end").Text(strconv.Itoa(int(s*100))+"%"),
		)
	}
	for yr := 0; yr <= 10; yr += 2 {
		x := px(float64(yr) * daysPerYear)
		grid = append(grid, svgEl("text").Class("tick").Attr("x", f2(x)).Attr("y", f2(top+h+12)).Attr("text-anchor", "middle").Text(strconv.Itoa(yr)))
	}
	keys := []int{1, 5, 10}
	alt := tr("chart.curve.alt")
	if band != "" {
		alt += " " + tr("chart.curve.band")
	}
	for _, k := range keys {
		if s, ok := marks[k]; ok {
			alt += " " + trf("chart.curve.point", k, formatPercent(s))
			grid = append(grid, svgEl("circle").Class("mark").Attr("cx", f2(px(float64(k)*daysPerYear))).Attr("cy", f2(py(s))).Attr("r", "3.5"))
		}
	}
	return el("figure").Class("curve").Body(
		svgEl("svg").Attr("viewBox", "0 0 300 172").Attr("role", "img").Aria("label", alt).Body(
			append(grid,
				svgEl("path").Class("curve-line").Attr("d", d),
				svgEl("text").Class("axis-label").Attr("x", f2(left+w/2)).Attr("y", "171").Attr("text-anchor", "middle").Text(tr("chart.curve.x")),
			)...,
		),
		el("figcaption").Text(alt),
	)
}

// Highlight shows the user's text with the words that drove the prediction
// marked by weight and recognised findings marked by context; negated
// findings are struck through.
func Highlight(text string, tokens []clinical.TokenWeight, findings []record.Finding) app.UI {
	return highlightSegments(segments(text, tokens, findings))
}

// highlightSegments draws segments already cut, so a long note can be
// drawn a page at a time.
func highlightSegments(segs []Segment) app.UI {
	return app.P().Class("highlight").Body(
		app.Range(segs).Slice(func(i int) app.UI {
			s := segs[i]
			var title string
			if s.Context != "" {
				title = s.Concept + " · " + tr("ctx."+s.Context)
			}
			if s.Level > 0 {
				if title != "" {
					title += " · "
				}
				title += trf("highlight.weight", formatPercent(s.Weight))
			}
			switch {
			case s.Trigger:
				return el("mark").Class("trigger").Title(tr("notes.trigger")).Text(s.Text)
			case s.Context == ctxNegated:
				return el("s").Class("finding", "ctx-negated", "w"+strconv.Itoa(s.Level)).Title(title).Text(s.Text)
			case s.Context != "":
				return el("mark").Class("finding", "ctx-"+s.Context, "w"+strconv.Itoa(s.Level)).Title(title).Text(s.Text)
			case s.Level > 0:
				return el("mark").Class("w" + strconv.Itoa(s.Level)).Title(title).Text(s.Text)
			}
			return el("span").Text(s.Text)
		}),
	)
}

// el makes an element by tag name. go-app's typed constructors each pull a
// large generated type into the wasm; the generic element does the same job
// for tags used in a few places and keeps the app within its size budget.
func el(tag string) app.HTMLElem { return app.Elem(tag) }

// option is one <option>; "selected" is set only when true because a
// pre-rendered selected="false" would still select it.
func option(value string, selected bool, label string) app.HTMLElem {
	o := el("option").Attr("value", value)
	if selected {
		o = o.Attr("selected", true)
	}
	return o.Text(label)
}
